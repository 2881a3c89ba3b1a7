// Engine test harness: a DrivenClock, the real DSP module, loopback drivers,
// an in-memory CDR sink and an Engine, with helpers to run engine time and
// to make line audio.

import { Dsp } from '../../../../dsp/index.ts';
import { Engine, DrivenClock, validateRouting, silentLog, type CdrOpen, type CdrRecord, type CdrSink, type EngineOptions } from '../../../../engine/core/index.ts';
import { LoopbackDriver, type LoopbackPhone, type LoopbackDriverOptions } from '../../../../drivers/loopback/index.ts';

/** Records what the engine hands the store. */
export class MemoryCdrSink implements CdrSink {
  readonly open = new Map<string, CdrOpen>();
  readonly records: CdrRecord[] = [];
  callStarted(open: CdrOpen): void {
    this.open.set(open.callId, open);
  }
  write(record: CdrRecord): void {
    this.open.delete(record.callId);
    this.records.push(record);
  }
}

/** A running engine on driven time. */
export interface Harness {
  clock: DrivenClock;
  dsp: Dsp;
  engine: Engine;
  cdrs: MemoryCdrSink;
  /** The phones loopback driver (extensions' devices). */
  phones: LoopbackDriver;
  /** Called parties reached on `phones` (in arrival order). */
  farPhones: LoopbackPhone[];
  /** Runs ms of engine time. */
  run(ms: number): void;
}

/** Routing used by most engine tests: extensions 2001-2008 on `phones`. */
export const TEST_ROUTING = {
  extensions: Array.from({ length: 8 }, (_, i) => ({ number: String(2001 + i), class: 'local', device: { driver: 'phones', channel: i + 1 } })),
  trunkGroups: [{ name: 'pstn', hunt: 'lowest', members: [{ driver: 'trunk' }] }],
  inbound: [
    { name: 'conf', dnis: '8000', target: { conference: 'room1' } },
    { name: 'ivr', dnis: '8100', target: { ivr: 'main' } },
    { name: 'did', dnis: '_8888200X', target: { extension: '2001' } },
  ],
  outbound: [{ name: 'local', match: '_[3-8]XXXXXXX', class: 'local', trunkGroup: 'pstn' }],
};

/** Builds and starts an engine with `phones` (and optional extra) loopback drivers. */
export function harness(
  options: {
    routing?: unknown;
    phones?: LoopbackDriverOptions;
    extraDrivers?: LoopbackDriver[];
    engine?: Partial<EngineOptions>;
  } = {},
): Harness {
  const clock = new DrivenClock();
  const dsp = Dsp.load();
  const cdrs = new MemoryCdrSink();
  const farPhones: LoopbackPhone[] = [];
  const phones = new LoopbackDriver({ name: 'phones', channelsPerSpan: 8, onFarCall: (p) => farPhones.push(p), ...options.phones });
  const v = validateRouting(options.routing ?? TEST_ROUTING, 'test.yaml');
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('\n'));
  let wall = 1_700_000_000_000;
  const engine = new Engine({
    clock,
    log: silentLog,
    dsp,
    cdrSink: cdrs,
    drivers: [phones, ...(options.extraDrivers ?? [])],
    routing: v.config,
    wallNow: () => wall + clock.now(),
    ...options.engine,
  });
  engine.start();
  wall += 0;
  return { clock, dsp, engine, cdrs, phones, farPhones, run: (ms) => clock.advance(ms) };
}

/** A-law line bytes of linear float samples (through the DSP G.711 kernel). */
export function lineOf(dsp: Dsp, samples: ArrayLike<number>, law: 'alaw' | 'ulaw' = 'alaw'): Uint8Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i] ?? 0)));
  const out = new Uint8Array(pcm.length);
  dsp.g711.encode(law, pcm, out);
  return out;
}

/** Linear samples of line bytes. */
export function pcmOf(dsp: Dsp, line: Uint8Array, law: 'alaw' | 'ulaw' = 'alaw'): Int16Array {
  const out = new Int16Array(line.length);
  dsp.g711.decode(law, line, out);
  return out;
}
