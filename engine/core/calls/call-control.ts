// CallControl: how calls are set up, connected, changed and released.
//
// What it does: turns an offered channel (or an originate) into a Call,
// routes it (routing/), seizes the outgoing leg (an extension's device, or a
// trunk circuit found by hunting), plays ringback while the far end alerts,
// carries early media, connects on answer (a direct two-party bridge),
// releases the other party with the cause of the first release, applies the
// ring timeout on the engine clock, and finishes the call with its CDR. It
// also implements hold (music on hold to the held party), blind and attended
// transfer, conferences and applications.
//
// How: one listener set per leg on its Channel's events; a peer map for
// two-party calls; every externally triggered handler runs inside a try
// boundary per call (`guard`): an exception releases that call with Q.850 41
// (temporary failure) and a logged reason, never the engine.
//
// Limits: ring timeout is one value per engine (ringTimeoutMs); busy and
// congestion are signalled by release causes (the caller's exchange plays
// its own tones), not by in-band tones.

import { Cause, causeName, circuitOf, InvalidStateError, type CallerCategory, type Channel, type Clock, type DialOptions, type HangupInfo, type Log, type CdrSink, type PromptFactory, type RecordingFactory, type TypedEmitter, type EngineEvents, type ChannelDriver } from '../contracts/index.ts';
import type { Extension, RouteDecision, Router, TrunkGroup } from '../routing/index.ts';
import type { MediaTick, ProgressTones } from '../media/index.ts';
import { bridgeDirect, bridgeOneWay, type Conference } from '../bridges/index.ts';
import { buildCdr } from '../cdr/index.ts';
import { Call } from './call.ts';
import { Leg } from './leg.ts';
import type { Application, ApplicationContext } from './application.ts';
import { CallFeatures } from './call-features.ts';

/** What call control needs from the engine. */
export interface CallControlDeps {
  readonly engineId: string;
  readonly clock: Clock;
  readonly wallNow: () => number;
  readonly log: Log;
  readonly media: MediaTick;
  readonly router: Router;
  readonly drivers: ReadonlyMap<string, ChannelDriver>;
  readonly cdrSink: CdrSink;
  readonly bus: TypedEmitter<EngineEvents>;
  readonly tones: ProgressTones;
  readonly ringTimeoutMs: number;
  readonly promptFactory: PromptFactory | undefined;
  readonly recordingFactory: RecordingFactory | undefined;
  readonly shouldRecord: (call: Call) => boolean;
  readonly applications: ReadonlyMap<string, Application>;
  readonly control: ApplicationContext['control'];
}

/** Result of an API request. */
export type ControlResult = { readonly ok: true; readonly callId: string } | { readonly ok: false; readonly cause: number; readonly reason: string };

/** Call setup, connection and release for one engine. */
export class CallControl {
  readonly calls = new Map<string, Call>();
  readonly legs = new Map<string, Leg>();
  readonly conferences = new Map<string, Conference>();
  readonly counters = { callsTotal: 0, callsFailed: 0, rejectedDraining: 0 };
  readonly d: CallControlDeps;
  private readonly peers = new Map<Leg, Leg>();
  private seq = 0;
  private readonly idBase: string;

  constructor(deps: CallControlDeps) {
    this.d = deps;
    this.idBase = `${deps.engineId}-${Math.floor(deps.wallNow()).toString(36)}`;
  }

  // ---- entry points --------------------------------------------------------

  /** A driver offered a call. */
  incoming(channel: Channel, accepting: boolean): void {
    if (!accepting) {
      this.counters.rejectedDraining++;
      this.d.log.info({ ch: channel.id }, 'call refused while draining');
      channel.hangup(Cause.switchingEquipmentCongestion, 'engine draining');
      return;
    }
    const info = channel.call;
    const call = this.newCall(info?.ani, info?.dnis ?? '', info?.category);
    this.guard(call, 'incoming', () => {
      const a = this.newLeg(call, channel);
      const addr = circuitOf(channel.address);
      const caller = this.d.router.extensionOfDevice(channel.driver, addr?.span, addr?.channel);
      const decision = this.d.router.decide({ ani: info?.ani, dnis: info?.dnis ?? '', ...(caller ? { caller } : {}) });
      call.route = decision.route;
      this.emitOffered(call, a);
      this.apply(call, a, decision, caller);
    });
  }

  /** Click-to-call: ring extension `from`; when it answers, route `to` as dialled by it. */
  originate(from: string, to: string): ControlResult {
    const ext = this.d.router.extension(from);
    if (!ext) return { ok: false, cause: Cause.unallocatedNumber, reason: `extension ${from} does not exist` };
    const call = this.newCall(from, to, undefined);
    let result: ControlResult = { ok: true, callId: call.id };
    this.guard(call, 'originate', () => {
      const a = this.seize(call, ext.device.driver, deviceCircuit(ext), ext.number, { ani: to });
      if (!a.ok) {
        result = { ok: false, cause: a.cause, reason: a.reason };
        this.failSetup(call, undefined, a.cause, a.reason);
        return;
      }
      const leg = a.leg;
      this.emitOffered(call, leg);
      leg.channel.events.once('answer', () =>
        this.guard(call, 'originate answer', () => {
          this.markAnswered(call, leg);
          const decision = this.d.router.decide({ ani: from, dnis: to, caller: ext });
          call.route = decision.route;
          this.apply(call, leg, decision, ext);
        }),
      );
    });
    return result;
  }

  /** Releases every live leg of a call. */
  hangup(callId: string, cause: number): boolean {
    const call = this.calls.get(callId);
    if (!call) return false;
    for (const l of call.liveLegs()) l.hangup(cause);
    return true;
  }

  // ---- routing decisions ---------------------------------------------------

  /** Carries out a route decision for the party `a`; returns the new leg if one was seized. */
  apply(call: Call, a: Leg, decision: RouteDecision, caller: Extension | undefined): Leg | undefined {
    if (!decision.ok) {
      this.d.log.warn({ call: call.id, route: decision.route, cause: decision.cause, reason: decision.reason }, 'call not routed');
      this.failSetup(call, a, decision.cause, decision.reason);
      return undefined;
    }
    const opts: DialOptions = { ...(call.ani !== undefined ? { ani: call.ani } : {}), ...(call.category ? { category: call.category } : {}) };
    switch (decision.kind) {
      case 'extension': {
        const r = this.seize(call, decision.extension.device.driver, deviceCircuit(decision.extension), decision.extension.number, opts);
        return this.connectAttempt(call, a, r);
      }
      case 'trunk':
        return this.connectAttempt(call, a, this.huntAndSeize(call, decision.group, decision.dest, caller ? { ...opts, ani: caller.number } : opts));
      case 'conference':
        a.answer();
        this.markAnswered(call, a);
        if (!this.features.joinConference(a, decision.room)) this.failSetup(call, a, Cause.serviceNotAvailable, 'conference needs the mixer kernel');
        return undefined;
      case 'application': {
        const app = this.d.applications.get(decision.app);
        if (!app) {
          this.failSetup(call, a, Cause.serviceNotAvailable, `no application ${decision.app} registered`);
          return undefined;
        }
        app.handle({ call, leg: a, name: decision.name, route: decision.route, control: this.d.control });
        return undefined;
      }
    }
  }

  private connectAttempt(call: Call, a: Leg, r: SeizeResult): Leg | undefined {
    if (!r.ok) {
      this.failSetup(call, a, r.cause, r.reason);
      return undefined;
    }
    this.wireOutgoing(call, a, r.leg);
    return r.leg;
  }

  private huntAndSeize(call: Call, group: TrunkGroup, dest: string, opts: DialOptions): SeizeResult {
    const drivers = this.d.drivers;
    const order = this.d.router.hunt(group, (name) => drivers.get(name)?.circuits());
    for (const c of order) {
      const r = this.seize(call, c.driver, { span: c.span, channel: c.channel }, dest, opts);
      if (r.ok) {
        this.d.router.used(group, c);
        return r;
      }
    }
    for (const m of group.members) {
      const drv = drivers.get(m.driver);
      if (drv && drv.circuits().length === 0) {
        const r = this.seize(call, m.driver, undefined, dest, opts);
        if (r.ok) return r;
      }
    }
    return { ok: false, cause: Cause.noCircuitAvailable, reason: `trunk group ${group.name}: no circuit available` };
  }

  /** Gets an outgoing channel from a driver and dials it. */
  private seize(call: Call, driverName: string, circuit: { span: number; channel: number } | undefined, dest: string, opts: DialOptions): SeizeResult {
    const drv = this.d.drivers.get(driverName);
    if (!drv) return { ok: false, cause: Cause.noRouteToDestination, reason: `driver ${driverName} does not exist` };
    const res = drv.originate({ dest, options: opts, ...(circuit ? { circuit } : {}) });
    if (!res.ok) return { ok: false, cause: res.cause, reason: `${driverName}: ${res.reason}` };
    const leg = this.newLeg(call, res.channel);
    res.channel.dial(dest, opts);
    return { ok: true, leg };
  }

  /** Progress, early media, answer and timeout of outgoing leg b toward party a. */
  private wireOutgoing(call: Call, a: Leg, b: Leg): void {
    this.link(a, b);
    const ringTimer = this.d.clock.setTimer(this.d.ringTimeoutMs, () =>
      this.guard(call, 'ring timeout', () => {
        if (!b.answered && !b.ended) b.hangup(Cause.noAnswer, 'ring timeout');
      }),
    );
    call.ringTimer = ringTimer;
    b.channel.events.on('progress', (info) =>
      this.guard(call, 'progress', () => {
        if (a.ended || this.peers.get(b) !== a) return;
        const s = a.channel.state;
        if (a.channel.direction === 'incoming' && (s === 'offered' || s === 'alerting')) a.channel.progress({ ringing: info.ringing, earlyMedia: true });
        if (info.earlyMedia) {
          a.stopPlayback();
          bridgeOneWay(this.d.media, b, a);
        } else if (info.ringing && a.media?.source.kind !== 'leg') a.playTone(this.d.tones.ringback);
        this.d.bus.safeEmit('ringing', { ...this.stamp(call), leg: b.summary(), earlyMedia: info.earlyMedia });
      }),
    );
    b.channel.events.once('answer', () =>
      this.guard(call, 'answer', () => {
        ringTimer.cancel();
        if (a.ended || this.peers.get(b) !== a) return;
        this.markAnswered(call, b);
        a.stopPlayback();
        a.answer();
        this.markAnswered(call, a);
        bridgeDirect(this.d.media, a, b);
        this.d.bus.safeEmit('bridged', { ...this.stamp(call), legIds: [a.id, b.id], mode: 'direct' });
        this.startRecording(call, a);
      }),
    );
  }

  // ---- legs and release ------------------------------------------------------

  private newCall(ani: string | undefined, dnis: string, category: CallerCategory | undefined): Call {
    const id = `${this.idBase}-${(++this.seq).toString(36)}`;
    const call = new Call({ id, ani, dnis, category, startAt: this.d.clock.now(), startWall: this.d.wallNow() });
    this.calls.set(id, call);
    this.counters.callsTotal++;
    try {
      this.d.cdrSink.callStarted({ callId: id, ani: ani ?? null, dnis, route: null, startAt: call.startAt, startWall: call.startWall });
    } catch (err) {
      this.d.log.error({ call: id, err }, 'cdr store failed at call start');
    }
    return call;
  }

  private newLeg(call: Call, channel: Channel): Leg {
    const id = `${call.id}.${call.legs.length + 1}`;
    const leg = new Leg({
      id,
      callId: call.id,
      channel,
      media: this.d.media,
      log: this.d.log,
      hooks: {
        fault: (l, err, stage) => this.fail(this.calls.get(l.call), `media ${stage}: ${String(err)}`),
        now: () => this.d.clock.now(),
        wallNow: () => this.d.wallNow(),
      },
    });
    call.legs.push(leg);
    this.legs.set(id, leg);
    leg.events.on('digit', (ev) => this.d.bus.safeEmit('digit', { ...this.stamp(call), legId: leg.id, digit: ev.digit }));
    channel.events.once('hangup', (info) => {
      const c = this.calls.get(leg.call);
      if (c) this.guard(c, 'hangup', () => this.legEnded(c, leg, info));
    });
    // Last: if the DSP is full (ERR_CAPACITY) the call's guard releases this
    // leg through the hangup listener above, so nothing is left open.
    leg.media = this.d.media.open(id, channel, leg);
    return leg;
  }

  private legEnded(call: Call, leg: Leg, info: HangupInfo): void {
    leg.endAt = this.d.clock.now();
    leg.endWall = this.d.wallNow();
    if (leg.media) this.d.media.close(leg.media);
    leg.media = undefined;
    this.legs.delete(leg.id);
    call.firstRelease ??= info;
    this.d.bus.safeEmit('legEnded', { ...this.stamp(call), legId: leg.id, cause: info.cause, by: info.by });
    leg.events.safeEmit('ended', info);
    for (const conf of this.conferences.values()) {
      if (!conf.has(leg)) continue;
      conf.remove(leg);
      if (conf.size === 0) this.conferences.delete(conf.name);
    }
    const peer = this.peers.get(leg);
    this.unlink(leg);
    if (peer && !peer.ended) peer.hangup(info.cause, info.detail);
    if (call.liveLegs().length === 0) this.endCall(call);
  }

  /** Finishes a call: CDR written, `ended` emitted. */
  endCall(call: Call): void {
    if (call.state === 'ended') return;
    call.ringTimer?.cancel();
    call.state = 'ended';
    call.endAt = this.d.clock.now();
    call.endWall = this.d.wallNow();
    this.calls.delete(call.id);
    const cdr = buildCdr(call);
    if (cdr.disposition === 'failed') this.counters.callsFailed++;
    try {
      this.d.cdrSink.write(cdr);
    } catch (err) {
      this.d.log.error({ call: call.id, err }, 'cdr store failed');
    }
    this.d.log.info({ call: call.id, disposition: cdr.disposition, cause: causeName(cdr.cause) }, 'call ended');
    this.d.bus.safeEmit('ended', { ...this.stamp(call), cdr });
  }

  /** Setup failed: release with the cause (and the party a, if any). */
  private failSetup(call: Call, a: Leg | undefined, cause: number, reason: string): void {
    call.firstRelease ??= { cause, by: 'local', detail: reason };
    if (a && !a.ended) a.hangup(cause, reason);
    if (call.liveLegs().length === 0) this.endCall(call);
  }

  /** Something failed inside a call: release all of it with 41 and the reason; others are untouched. */
  fail(call: Call | undefined, reason: string): void {
    if (!call || call.state === 'ended') return;
    if (call.failure === undefined) {
      call.failure = reason;
      this.d.log.error({ call: call.id, reason }, 'call failed, releasing');
    }
    call.firstRelease ??= { cause: Cause.temporaryFailure, by: 'local', detail: reason };
    for (const l of call.liveLegs()) {
      try {
        l.hangup(Cause.temporaryFailure, reason);
      } catch (err) {
        this.d.log.error({ call: call.id, leg: l.id, err }, 'release failed');
      }
    }
    if (call.liveLegs().length === 0) this.endCall(call);
  }

  /** The try boundary of one call. */
  guard(call: Call, what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.fail(call, `${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  markAnswered(call: Call, leg: Leg): void {
    if (leg.answerAt === null) {
      leg.answerAt = this.d.clock.now();
      leg.answerWall = this.d.wallNow();
      this.d.bus.safeEmit('answered', { ...this.stamp(call), leg: leg.summary() });
    }
    if (call.answerAt === null) {
      call.answerAt = this.d.clock.now();
      call.answerWall = this.d.wallNow();
      call.state = 'connected';
    }
  }

  private startRecording(call: Call, leg: Leg, onDemand = false): boolean {
    const f = this.d.recordingFactory;
    if (!f || !leg.media || (!onDemand && !this.d.shouldRecord(call))) return false;
    try {
      const sink = f.open({ callId: call.id, legId: leg.id, at: this.d.clock.now(), wallAt: this.d.wallNow() });
      this.d.media.setRecording(leg.media, sink);
      call.recordingPath = sink.path;
      return true;
    } catch (err) {
      this.d.log.warn({ call: call.id, err }, 'recording could not start');
      return false;
    }
  }

  /**
   * On-demand recording: starts (on) or stops (off) the recording of a
   * connected call on its first live leg, the one an automatic recording
   * uses. Starting twice keeps the running file; the CDR keeps the path of
   * the last file started.
   */
  record(callId: string, on: boolean): 'started' | 'stopped' | 'noCall' | 'notConnected' | 'noRecorder' {
    const call = this.calls.get(callId);
    if (!call) return 'noCall';
    const leg = call.liveLegs()[0];
    if (call.answerAt === null || !leg?.media) return 'notConnected';
    if (!on) {
      this.d.media.setRecording(leg.media, undefined);
      return 'stopped';
    }
    if (leg.media.recording) return 'started';
    return this.startRecording(call, leg, true) ? 'started' : 'noRecorder';
  }

  // ---- peers, hold, transfer, conference ----------------------------------------

  /** Hold, transfer and conference operations over this call control. */
  readonly features: CallFeatures = new CallFeatures(this);

  /** The other party of a two-party leg. */
  peerOf(leg: Leg): Leg | undefined {
    return this.peers.get(leg);
  }

  link(a: Leg, b: Leg): void {
    this.unlink(a);
    this.unlink(b);
    this.peers.set(a, b);
    this.peers.set(b, a);
  }

  unlink(leg: Leg): void {
    const p = this.peers.get(leg);
    this.peers.delete(leg);
    if (p && this.peers.get(p) === leg) this.peers.delete(p);
  }

  /** The call a leg belongs to now. */
  callOf(leg: Leg): Call {
    const c = this.calls.get(leg.call);
    if (!c) throw new InvalidStateError(`leg ${leg.id}: call ${leg.call} is gone`);
    return c;
  }

  private emitOffered(call: Call, leg: Leg): void {
    this.d.bus.safeEmit('offered', { ...this.stamp(call), leg: leg.summary(), ani: call.ani, dnis: call.dnis, category: call.category, route: call.route ?? undefined });
  }

  /** Id and times every bus event carries. */
  stamp(call: Call): { callId: string; at: number; wallAt: number } {
    return { callId: call.id, at: this.d.clock.now(), wallAt: this.d.wallNow() };
  }
}

type SeizeResult = { ok: true; leg: Leg } | { ok: false; cause: number; reason: string };

function deviceCircuit(ext: Extension): { span: number; channel: number } | undefined {
  const { span, channel } = ext.device;
  return channel !== undefined ? { span: span ?? 0, channel } : undefined;
}
