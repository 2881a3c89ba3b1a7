// Test rig for the analog driver: one freewheel simulated board whose FXS
// spans (the exchange's extension ports) are cabled in-process to FXO spans
// played by simulated phones, the real Engine with the real DSP core and
// routing to the extensions, and the SQLite CDR store in memory.
//
// Time: board ticks of 10 ms (tickFrames 80); `run(ms)` steps the board one
// tick and advances the engine clock 10 ms, in turn, so line time and engine
// time move together and a minute of calls takes about a second.
//
// Not a mock: every part is the real component.

import { Dsp } from '../../../dsp/index.ts';
import { Engine, DrivenClock, validateRouting, silentLog, type EngineOptions } from '../../../engine/core/index.ts';
import { openSqliteStore, type Store } from '../../../engine/store/index.ts';
import { openBoard, validateBoards, type Board } from '../../../drivers/board/index.ts';
import { AnalogDriver, LineDsp, SimPhone, type AnalogDriverOptions } from '../../../drivers/analog/index.ts';

/** Board tick (ms) of the rig. */
export const RIG_TICK_MS = 10;

/** A running rig. */
export interface AnalogRig {
  clock: DrivenClock;
  board: Board;
  engine: Engine;
  driver: AnalogDriver;
  store: Store;
  lineDsp: LineDsp;
  /** phones[i] is on the extension `1001 + i` (FXS span i + 1). */
  phones: SimPhone[];
  run(ms: number): void;
  /** Runs until pred() holds (checked every tick) or maxMs passes; returns the ms used, or throws. */
  runUntil(pred: () => boolean, maxMs: number, what: string): number;
  close(): void;
}

let rigs = 0;

/** Builds and starts a rig with `extensions` FXS ports (1001, 1002, ...). */
export function analogRig(
  options: {
    extensions?: number;
    engine?: Partial<EngineOptions>;
    driver?: Partial<AnalogDriverOptions>;
    answerAfterRings?: number[];
    /**
     * Adds a trunk looped back into the exchange: FXS span 2n+1 (extension
     * 1003 for n = 2, its number `loopNumber`) cabled to FXO span 2n+2, both
     * run by the driver; trunk group `line` holds the FXO port, outbound
     * route `_9X.` (strip 1) uses it, and calls ringing in on it are offered
     * to `trunkDnis`.
     */
    loop?: { loopNumber: string; trunkDnis: string };
  } = {},
): AnalogRig {
  const n = options.extensions ?? 2;
  const id = `arig${++rigs}`;
  const fxs = Array.from({ length: n }, (_, i) => ({ kind: 'fxs', clock: 'master', cable: { peer: `${id}/${n + i + 1}` } }));
  const fxo = Array.from({ length: n }, (_, i) => ({ kind: 'fxo', clock: 'slave', cable: { peer: `${id}/${i + 1}` } }));
  const loopSpans = options.loop
    ? [
        { kind: 'fxs', clock: 'master', cable: { peer: `${id}/${2 * n + 2}` } },
        { kind: 'fxo', clock: 'slave', cable: { peer: `${id}/${2 * n + 1}` } },
      ]
    : [];
  const [config] = validateBoards([{ id, kind: 'sim', pace: 'freewheel', tickFrames: 80, spans: [...fxs, ...fxo, ...loopSpans] }], 'boards', { file: 'rig' });
  if (!config) throw new Error('rig: no board config');
  const board = openBoard(config, { log: silentLog });
  board.start();
  const clock = new DrivenClock();
  const lineDsp = new LineDsp();
  const numbers = Array.from({ length: n }, (_, i) => String(1001 + i));
  const driver = new AnalogDriver({
    board,
    lineDsp,
    ports: [
      ...numbers.map((number, i) => ({ span: i + 1, number })),
      ...(options.loop ? [{ span: 2 * n + 1, number: options.loop.loopNumber }, { span: 2 * n + 2, number: options.loop.trunkDnis }] : []),
    ],
    numberComplete: (d) => /^1\d{3}$/.test(d),
    ...options.driver,
  });
  const extensions = numbers.map((number, i) => ({ number, class: 'local', device: { driver: 'analog', span: i + 1, channel: 0 } }));
  const loopRouting = options.loop
    ? {
        trunkGroups: [{ name: 'line', hunt: 'lowest', members: [{ driver: 'analog', spans: [2 * n + 2] }] }],
        inbound: [{ name: 'line-in', dnis: options.loop.trunkDnis, target: { extension: options.loop.trunkDnis } }],
        outbound: [{ name: 'line-out', match: '_9X.', class: 'local', trunkGroup: 'line', strip: 1 }],
      }
    : {};
  if (options.loop) extensions.push({ number: options.loop.loopNumber, class: 'local', device: { driver: 'analog', span: 2 * n + 1, channel: 0 } });
  const routing = validateRouting({ extensions, ...loopRouting }, 'rig.yaml');
  if (!routing.ok) throw new Error(routing.errors.map((e) => e.message).join('\n'));
  const wall0 = 1_700_000_000_000;
  const store = openSqliteStore({ path: ':memory:', log: silentLog, nowWall: () => wall0 + clock.now() });
  const engine = new Engine({ clock, log: silentLog, dsp: Dsp.load(), cdrSink: store.cdrs, drivers: [driver], routing: routing.config, wallNow: () => wall0 + clock.now(), ...options.engine });
  const phones = board.spans.slice(n, 2 * n).map((span, i) => new SimPhone({ span, lineDsp, clock, answerAfterRings: options.answerAfterRings?.[i] ?? 0 }));
  const step = () => {
    board.step(1);
    clock.advance(RIG_TICK_MS);
  };
  // Let the cables align before the engine runs (analog spans show los until then).
  for (let i = 0; i < 100 && board.spans.some((s) => s.alarms.length > 0); i++) step();
  engine.start();
  return {
    clock,
    board,
    engine,
    driver,
    store,
    lineDsp,
    phones,
    run(ms) {
      for (let t = 0; t < ms; t += RIG_TICK_MS) step();
    },
    runUntil(pred, maxMs, what) {
      for (let t = 0; t <= maxMs; t += RIG_TICK_MS) {
        if (pred()) return t;
        step();
      }
      throw new Error(`rig: ${what} did not happen within ${maxMs} ms`);
    },
    close() {
      engine.stop();
      for (const p of phones) p.close();
      board.close();
      store.close();
    },
  };
}

/** Power of one frequency in a block (Goertzel), as dBm0 of the sine it would be. */
export function toneLevelDbm0(x: ArrayLike<number>, freqHz: number, from = 0, to = x.length): number {
  const w = (2 * Math.PI * freqHz) / 8000;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s = (x[i] ?? 0) + c * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const n = to - from;
  const power = s1 * s1 + s2 * s2 - c * s1 * s2;
  const amplitude = (2 * Math.sqrt(Math.max(0, power))) / n;
  return 20 * Math.log10(Math.max(amplitude, 1e-9) / 22825);
}
