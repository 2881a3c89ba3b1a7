// Engine: the telephony core as one object the process (and the API) drives.
//
// What it does: owns the drivers, the router, call control, the media tick
// and the event bus of one engine. `start()` starts every driver and the
// 20 ms media tick on the engine clock; `stop()` releases every call and
// stops. Calls come from drivers (`incoming`) or from `originate`. The API
// reads `calls()`, `spans()`, `metrics()` and listens with `on(event, fn)`.
// `drain()` refuses new calls while existing ones finish; `reload(routing)`
// validates a routing section first and swaps it only if it is valid (calls
// in progress keep their route).
//
// How: every dependency comes in the options object (clock, log, dsp, CDR
// sink, recording and prompt factories, drivers); nothing is module state.
// The tick's own cost is measured on a monotonic wall-time source even under
// a driven clock, so /metrics shows real cost in tests too.
//
// Limits: one Dsp per engine. Routing config comes validated (RoutingConfig)
// validated (`validateRouting`); `reload` takes the raw section and validates it.

import { performance } from 'node:perf_hooks';
import {
  Cause,
  InvalidStateError,
  TypedEmitter,
  isCauseValue,
  type CdrSink,
  type ChannelDriver,
  type Clock,
  type EngineEvents,
  type Listener,
  type Log,
  type MediaTap,
  type PromptFactory,
  type RecordingFactory,
  type SpanStatus,
} from './contracts/index.ts';
import type { Dsp } from '../../dsp/index.ts';
import { Ticker, type TickStats } from './clock/index.ts';
import { bindMediaDsp, DEFAULT_PROGRESS_TONES, MediaTick, TICK_MS, type MediaCounters, type ProgressTones } from './media/index.ts';
import { Router, validateRouting, type RoutingConfig, type RoutingValidation } from './routing/index.ts';
import { CallControl, type Application, type Call, type CallControlApi, type CallSnapshot, type ControlResult } from './calls/index.ts';

/** Everything an Engine needs. */
export interface EngineOptions {
  clock: Clock;
  log: Log;
  dsp: Dsp;
  cdrSink: CdrSink;
  recordingFactory?: RecordingFactory;
  promptFactory?: PromptFactory;
  drivers: ChannelDriver[];
  /** Initial routing, validated (validateRouting); default: nothing routable. */
  routing?: RoutingConfig;
  /** Unique across engines (ids of calls and channels start with it); default "hl". */
  engineId?: string;
  /** Tones the engine plays (default China 450 Hz plan and a generated MoH). */
  tones?: ProgressTones;
  /** Outgoing legs not answered within this time are released with Q.850 19; default 60 s. */
  ringTimeoutMs?: number;
  /** Whether a connected call is recorded (the ops layer's rules); default never. */
  shouldRecord?: (call: Call) => boolean;
  /** Wall time in ms since the epoch, for CDRs (default: the process's monotonic-anchored time). */
  wallNow?: () => number;
  /** Applications by name (ivr, queue, voicemail, ...); more with registerApplication. */
  applications?: Record<string, Application>;
}

/** Figures for /metrics. */
export interface EngineMetrics {
  activeCalls: number;
  activeLegs: number;
  callsTotal: number;
  callsFailed: number;
  rejectedDraining: number;
  tick: Readonly<TickStats>;
  media: Readonly<MediaCounters>;
  draining: boolean;
}

/** One telephony engine. */
export class Engine implements CallControlApi {
  readonly engineId: string;
  private readonly clock: Clock;
  private readonly log: Log;
  /** The log the engine was given: components take their child loggers from it, so `mod` is bound once. */
  private readonly baseLog: Log;
  private readonly bus: TypedEmitter<EngineEvents>;
  private readonly drivers = new Map<string, ChannelDriver>();
  private readonly router: Router;
  private readonly media: MediaTick;
  private readonly control: CallControl;
  private readonly ticker: Ticker;
  private readonly applications = new Map<string, Application>();
  private readonly promptFactory: PromptFactory | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private state: 'created' | 'running' | 'stopped' = 'created';
  private isDraining = false;

  constructor(options: EngineOptions) {
    this.engineId = options.engineId ?? 'hl';
    this.clock = options.clock;
    this.baseLog = options.log;
    this.log = options.log.child({ mod: 'engine' });
    this.bus = new TypedEmitter<EngineEvents>(this.log);
    this.promptFactory = options.promptFactory;
    for (const d of options.drivers) {
      if (this.drivers.has(d.name)) throw new InvalidStateError(`engine: two drivers named ${d.name}`);
      this.drivers.set(d.name, d);
    }
    this.router = new Router(options.routing);
    for (const [k, app] of Object.entries(options.applications ?? {})) this.applications.set(k, app);
    const mediaDsp = bindMediaDsp(options.dsp);
    if (mediaDsp.missing.length > 0) this.log.warn({ missing: mediaDsp.missing }, 'dsp stages not available in this build');
    const driverList = [...this.drivers.values()];
    this.media = new MediaTick({ dsp: mediaDsp, drivers: () => driverList, log: options.log.child({ mod: 'media' }) });
    const wallOrigin = performance.timeOrigin;
    const wallNow = options.wallNow ?? (() => wallOrigin + performance.now());
    this.control = new CallControl({
      engineId: this.engineId,
      clock: this.clock,
      wallNow,
      log: options.log.child({ mod: 'calls' }),
      media: this.media,
      router: this.router,
      drivers: this.drivers,
      cdrSink: options.cdrSink,
      bus: this.bus,
      tones: options.tones ?? DEFAULT_PROGRESS_TONES,
      ringTimeoutMs: options.ringTimeoutMs ?? 60_000,
      promptFactory: options.promptFactory,
      recordingFactory: options.recordingFactory,
      shouldRecord: options.shouldRecord ?? (() => false),
      applications: this.applications,
      control: this,
    });
    this.ticker = new Ticker({
      clock: this.clock,
      periodMs: TICK_MS,
      fn: () => this.media.tick(this.clock.now()),
      log: this.log,
      cost: () => performance.now(),
    });
  }

  /** Starts drivers and the media tick. */
  start(): void {
    if (this.state !== 'created') throw new InvalidStateError(`engine: start() in state ${this.state}`);
    this.state = 'running';
    for (const d of this.drivers.values()) {
      d.start({ clock: this.clock, log: this.baseLog.child({ driver: d.name }), engineId: this.engineId });
      this.unsubscribe.push(d.events.on('incoming', (ch) => this.control.incoming(ch, !this.isDraining && this.state === 'running')));
      this.unsubscribe.push(d.events.on('span', (status) => this.bus.safeEmit('span', { at: this.clock.now(), status })));
    }
    this.ticker.start();
    this.log.info({ drivers: [...this.drivers.keys()] }, 'engine started');
  }

  /** Releases every call, stops drivers and the tick. Idempotent. */
  stop(): void {
    if (this.state === 'stopped') return;
    const wasRunning = this.state === 'running';
    this.state = 'stopped';
    for (const c of [...this.control.calls.values()]) this.control.hangup(c.id, Cause.normalUnspecified);
    this.ticker.stop();
    for (const off of this.unsubscribe.splice(0)) off();
    if (wasRunning) for (const d of this.drivers.values()) d.stop();
    this.log.info({}, 'engine stopped');
  }

  /** No new calls (refused with Q.850 42); calls in progress finish. */
  drain(): void {
    this.isDraining = true;
    this.log.info({ activeCalls: this.control.calls.size }, 'engine draining');
  }

  get draining(): boolean {
    return this.isDraining;
  }

  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<K extends keyof EngineEvents>(event: K, fn: Listener<EngineEvents, K>): () => void {
    return this.bus.on(event, fn);
  }

  /** Snapshots of the calls in progress. */
  calls(): CallSnapshot[] {
    return [...this.control.calls.values()].map((c) => c.snapshot());
  }

  /** A call in progress (for applications and tests). */
  call(callId: string): Call | undefined {
    return this.control.calls.get(callId);
  }

  /** Every span of every driver. */
  spans(): SpanStatus[] {
    return [...this.drivers.values()].flatMap((d) => [...d.spans()]);
  }

  /** Rings extension `from`, then routes `to` as dialled by it. */
  originate(from: string, to: string): ControlResult {
    if (this.state !== 'running') return { ok: false, cause: Cause.temporaryFailure, reason: 'engine not running' };
    if (this.isDraining) return { ok: false, cause: Cause.switchingEquipmentCongestion, reason: 'engine draining' };
    return this.control.originate(from, to);
  }

  /** Releases a call (default cause 16, normal clearing). */
  hangup(callId: string, cause: number = Cause.normalClearing): boolean {
    if (!isCauseValue(cause)) {
      this.log.warn({ call: callId, cause }, 'hangup refused: not a Q.850 cause value');
      return false;
    }
    return this.control.hangup(callId, cause);
  }

  /**
   * Starts or stops recording a connected call on demand (for the
   * `onDemand` recording rule; works whatever the rule). Returns what
   * happened: `started`, `stopped`, `noCall`, `notConnected` (not answered
   * yet) or `noRecorder` (no recording factory, or the file could not open).
   */
  record(callId: string, on: boolean): 'started' | 'stopped' | 'noCall' | 'notConnected' | 'noRecorder' {
    return this.control.record(callId, on);
  }

  hold(legId: string): boolean {
    const leg = this.control.legs.get(legId);
    return leg ? this.control.features.hold(leg) : false;
  }

  unhold(legId: string): boolean {
    const leg = this.control.legs.get(legId);
    return leg ? this.control.features.unhold(leg) : false;
  }

  /** Blind transfer: `legId` stays, its peer is released, `dest` is dialled for it. */
  transferBlind(legId: string, dest: string): ControlResult {
    const leg = this.control.legs.get(legId);
    if (!leg) return { ok: false, cause: Cause.invalidCallReference, reason: `no leg ${legId}` };
    return this.control.features.transferBlind(leg, dest);
  }

  /** Attended transfer: joins legs a and b, releasing their peers (the transferor's legs). */
  transferAttended(legIdA: string, legIdB: string): ControlResult {
    const a = this.control.legs.get(legIdA);
    const b = this.control.legs.get(legIdB);
    if (!a || !b) return { ok: false, cause: Cause.invalidCallReference, reason: `no leg ${a ? legIdB : legIdA}` };
    return this.control.features.transferAttended(a, b);
  }

  /** Moves a leg into a named conference. */
  conference(legId: string, room: string): boolean {
    const leg = this.control.legs.get(legId);
    return leg ? this.control.features.joinConference(leg, room) : false;
  }

  /** Fax mode on a leg: audio untouched (no EC, no DTMF detection); `tap` receives its raw samples. */
  setFaxMode(legId: string, on: boolean, tap?: MediaTap): boolean {
    const leg = this.control.legs.get(legId);
    if (!leg?.media) return false;
    if (tap) leg.channel.media.tap = tap;
    this.media.setFaxMode(leg.media, on);
    return true;
  }

  /** Plays a named prompt (PromptFactory) to a leg. */
  playPrompt(legId: string, name: string): boolean {
    const leg = this.control.legs.get(legId);
    const src = this.promptFactory?.open(name);
    if (!leg?.media || !src) return false;
    this.media.playPrompt(leg.media, src);
    return true;
  }

  /** Registers (or replaces) an application by target key (ivr, queue, voicemail, ...). */
  registerApplication(name: string, app: Application): void {
    this.applications.set(name, app);
  }

  /** Validates a routing section and applies it only if valid. */
  reload(routing: unknown, file = 'routing'): RoutingValidation {
    const v = validateRouting(routing, file);
    if (v.ok) {
      this.router.reload(v.config);
      this.log.info({ warnings: v.warnings }, 'routing reloaded');
    } else this.log.warn({ errors: v.errors.map((e) => e.message) }, 'routing reload refused');
    return v;
  }

  /** Current routing config. */
  get routing(): RoutingConfig {
    return this.router.config;
  }

  /** Figures for /metrics. */
  metrics(): EngineMetrics {
    return {
      activeCalls: this.control.calls.size,
      activeLegs: this.media.activeLegs,
      callsTotal: this.control.counters.callsTotal,
      callsFailed: this.control.counters.callsFailed,
      rejectedDraining: this.control.counters.rejectedDraining,
      tick: this.ticker.stats,
      media: this.media.counters,
      draining: this.isDraining,
    };
  }
}
