// The running Hotline process: assembles config, store, recordings,
// webhooks, boards, drivers, the Engine and the HTTP API, and takes them
// down in order.
//
// Start order: data folder; store (migrations), then crash recovery (calls
// left open become `crashed`, truncated recordings are repaired and linked
// to their call); webhooks; recording and prompt factories; boards (a board
// that cannot open is logged and left out: the engine still runs); drivers;
// the Engine; the API last, so nothing answers requests before it can serve
// them.
//
// Stop order (SIGINT/SIGTERM): drain (no new calls) until the calls end or
// engine.drainTimeoutMs passes, then stop the engine (remaining calls are
// released, their CDRs written and recordings closed), the API, webhooks
// (a short grace period for deliveries in flight), boards, the store, the
// clock.
//
// Reload: re-read the file, validate it whole, then apply the hot parts
// (reload.ts in config); a file that does not validate changes nothing.

import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine, WallClock, type ChannelDriver, type Log } from '../core/index.ts';
import { ConfigError } from '../core/contracts/index.ts';
import { DEMO_CONFIG_NAME, loadConfigSource, mergeReload, planReload, type ConfigEnv, type HotlineConfig, type LogLevel } from '../core/config/index.ts';
import { WavPromptFactory, WavRecordingFactory, recordingModeFor, repairRecordings } from '../core/recording/index.ts';
import { openSqliteStore, type Store } from '../store/index.ts';
import { ApiServer, WebhookDispatcher, coreApiEngine, type ReloadOutcome, type SpanView } from '../api/index.ts';
import { Dsp } from '../../dsp/index.ts';
import { LoopbackDriver } from '../../drivers/loopback/index.ts';
import { openBoard, type Board } from '../../drivers/board/index.ts';
import { buildAnalog } from '../../drivers/analog/index.ts';
import { simulatedPhones } from './sim-phones.ts';

/** Options of startRuntime. */
export interface RuntimeOptions {
  config: HotlineConfig;
  /** The file the config came from (reload re-reads it); undefined for the built-in demo. */
  configPath: string | undefined;
  env: ConfigEnv;
  log: Log;
  /** Changes the process log level (reload). */
  setLogLevel: (level: LogLevel) => void;
  version: string;
}

/** A running engine. */
export interface Runtime {
  readonly port: number;
  readonly url: string;
  readonly dataDir: string;
  /** Calls closed as crashed at start. */
  readonly recovered: string[];
  /** Drains, then stops everything; idempotent. `immediate` skips the drain wait. */
  stop(immediate?: boolean): Promise<void>;
}

const WEBHOOK_GRACE_MS = 2000;
const DRAIN_POLL_MS = 100;

/** Starts Hotline; rejects when the store cannot open or the port cannot be bound. */
export async function startRuntime(o: RuntimeOptions): Promise<Runtime> {
  let config = o.config;
  const log = o.log;
  const dataDir = resolve(config.engine.dataDir);
  const recordingsDir = join(dataDir, 'recordings');
  mkdirSync(recordingsDir, { recursive: true });
  const wallOrigin = performance.timeOrigin;
  const nowWall = (): number => wallOrigin + performance.now();
  const clock = new WallClock({ log });
  const closers: (() => void)[] = [() => clock.stop()];
  const fail = (err: unknown): never => {
    for (const c of closers.reverse()) c();
    throw err;
  };

  let store: Store;
  try {
    store = openSqliteStore({ path: join(dataDir, 'hotline.sqlite'), log, nowWall });
  } catch (err) {
    return fail(err);
  }
  closers.push(() => store.close());
  const recovered = recover(store, recordingsDir, log, nowWall());

  const webhooks = new WebhookDispatcher({ hooks: config.webhooks, clock, log, nowWall });
  const recordings = new WavRecordingFactory({
    dir: recordingsDir,
    layout: config.recording.layout,
    log,
    onSaved: (saved) => webhooks.enqueue('recording.saved', saved),
  });
  const prompts = new WavPromptFactory({ dir: join(dataDir, 'prompts'), log });

  const boards = openBoards(config, log);
  closers.push(() => boards.forEach((b) => b.close()));
  const drivers: ChannelDriver[] = [];
  try {
    const analog = buildAnalog(config.analog, { boards, clock, log, file: o.configPath ?? DEMO_CONFIG_NAME });
    closers.push(() => analog.close());
    drivers.push(...analog.drivers);
  } catch (err) {
    return fail(err);
  }
  if (config.loopback) {
    const lb = config.loopback;
    drivers.push(new LoopbackDriver({ spans: lb.spans, channelsPerSpan: lb.channelsPerSpan, onFarCall: simulatedPhones(lb, clock, log.child({ mod: 'sim-phones' })) }));
  }

  let engine: Engine;
  try {
    engine = new Engine({
      clock,
      log,
      dsp: Dsp.load(),
      cdrSink: store.cdrs,
      recordingFactory: recordings,
      promptFactory: prompts,
      drivers,
      routing: config.routing,
      wallNow: nowWall,
      shouldRecord: (call) => recordingModeFor({ route: call.route ?? undefined, extension: extensionOf(config, call.ani, call.dnis) }, config.recording) === 'always',
    });
    engine.start();
  } catch (err) {
    return fail(err);
  }
  closers.push(() => engine.stop());
  engine.on('offered', (e) => webhooks.enqueue('call.started', e));
  engine.on('answered', (e) => webhooks.enqueue('call.answered', e));
  engine.on('ended', (e) => webhooks.enqueue('call.ended', { cdr: e.cdr }));
  const startedAt = clock.now();

  const reload = (): ReloadOutcome => {
    if (!o.configPath) return { ok: false, code: 'ERR_UNSUPPORTED', message: 'running the built-in demo config: start with --config FILE to reload' };
    try {
      const next = loadConfigSource(o.configPath, { env: o.env });
      const plan = planReload(config, next.config);
      const routingRaw = (next.data as Record<string, unknown>)['routing'] ?? {};
      const routed = engine.reload(routingRaw, basename(o.configPath));
      if (!routed.ok) return { ok: false, code: 'ERR_CONFIG_INVALID', message: routed.errors[0]?.message ?? 'routing refused' };
      config = mergeReload(config, next.config);
      webhooks.setHooks(config.webhooks);
      o.setLogLevel(config.engine.logLevel);
      log.info({ applied: plan.applied, needsRestart: plan.needsRestart }, 'config reloaded');
      return { ok: true, ...plan };
    } catch (err) {
      if (err instanceof ConfigError) {
        log.warn({ reason: err.message }, 'config reload refused');
        return { ok: false, code: err.code, message: err.message };
      }
      throw err;
    }
  };

  const api = new ApiServer({
    engine: coreApiEngine({ engine, startedAt, now: () => clock.now(), boardSpans: () => boardSpans(boards), reload, recordings: recordings.stats }),
    cdrs: store.cdrs,
    clock,
    log,
    version: o.version,
    host: config.engine.httpHost,
    port: config.engine.httpPort,
    webhookStats: webhooks.stats,
    storeStats: store.cdrs.stats,
  });
  let port: number;
  try {
    port = await api.listen();
  } catch (err) {
    return fail(err);
  }

  let stopping: Promise<void> | undefined;
  let hurry = false;
  const stop = (immediate = false): Promise<void> => {
    // A second request with immediate set cuts a drain already in progress short.
    hurry ||= immediate;
    stopping ??= (async () => {
      engine.drain();
      const deadline = clock.now() + config.engine.drainTimeoutMs;
      while (!hurry && engine.metrics().activeCalls > 0 && clock.now() < deadline) await sleep(clock, DRAIN_POLL_MS);
      engine.stop();
      api.close();
      await Promise.race([webhooks.idle(), sleep(clock, WEBHOOK_GRACE_MS)]);
      webhooks.close();
      for (const b of boards) b.close();
      store.close();
      clock.stop();
      log.info({}, 'hotline stopped');
    })();
    return stopping;
  };
  const url = `http://${config.engine.httpHost}:${port}`;
  return { port, url, dataDir, recovered, stop };
}

/** The extension a call involves, for recording rules: the calling one if it is an extension, else the called one. */
function extensionOf(config: HotlineConfig, ani: string | undefined, dnis: string): string | undefined {
  const numbers = new Set(config.routing.extensions.map((e) => e.number));
  if (ani !== undefined && numbers.has(ani)) return ani;
  return numbers.has(dnis) ? dnis : undefined;
}

function sleep(clock: WallClock, ms: number): Promise<void> {
  return new Promise((r) => clock.setTimer(ms, r));
}

/** Crash recovery: open calls -> crashed; truncated recordings repaired and linked to their call. */
function recover(store: Store, recordingsDir: string, log: Log, nowWall: number): string[] {
  const { closed } = store.cdrs.recoverCrashed(nowWall);
  const repaired = repairRecordings(recordingsDir, log);
  for (const callId of closed) {
    const safeId = callId.replace(/[^A-Za-z0-9_.-]/g, '_');
    const file = repaired.find((r) => r.outcome !== 'skipped' && basename(r.path).startsWith(`${safeId}-`));
    if (file) store.cdrs.setRecordingPath(callId, file.path);
  }
  if (closed.length > 0 || repaired.some((r) => r.outcome === 'repaired')) {
    log.warn({ crashedCalls: closed.length, repairedRecordings: repaired.filter((r) => r.outcome === 'repaired').length }, 'recovered from an unclean stop');
  }
  return closed;
}

function openBoards(config: HotlineConfig, log: Log): Board[] {
  const boards: Board[] = [];
  for (const b of config.boards) {
    try {
      const board = openBoard(b, { log });
      board.start();
      boards.push(board);
    } catch (err) {
      log.error({ board: b.id, reason: (err as Error).message }, 'board not opened; running without it');
    }
  }
  return boards;
}

function boardSpans(boards: readonly Board[]): SpanView[] {
  return boards.flatMap((b) =>
    b.spans.map((s) => ({ name: `${b.id}/${s.index + 1}`, kind: s.kind, alarms: [...s.alarms], channels: s.kind.startsWith('e1') ? 30 : 1, busy: 0 })),
  );
}
