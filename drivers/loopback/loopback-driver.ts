// LoopbackDriver: a ChannelDriver made of software cable pairs.
//
// What it does: every call uses one pair of LoopbackChannels wired back to
// back. One end belongs to the engine, the other to a "far side":
//   - `call(info)` (a test or demo phone dials in): the phone end dials, the
//     engine end is emitted as `incoming` and offered with the phone's ANI/DNIS;
//   - `originate(request)` (the engine dials out): the engine gets the dialling
//     end; the far end goes to `onFarCall` (a test that plays the called
//     party), or, without one, loops back into the engine as `incoming` (two
//     spans cabled back to back).
// Each engine-side end occupies a circuit (span, channel) so the engine's
// hunting works on loopback as on E1.
//
// How: per media tick, `mediaIn` copies each engine end's inbox into its
// attached rx frame; `mediaOut` moves each engine end's tx frame into its
// peer's inbox, and each phone's next queued frame into its peer's inbox.
// One bulk copy per channel; no per-sample work.
//
// Limits: no line faults or alarms unless a test sets them (`setAlarm`).

import {
  Cause,
  InvalidStateError,
  TypedEmitter,
  type CallInfo,
  type Channel,
  type ChannelDriver,
  type Circuit,
  type DriverCapabilities,
  type DriverContext,
  type DriverEvents,
  type MediaCodec,
  type OriginateRequest,
  type OriginateResult,
  type SpanAlarm,
  type SpanStatus,
} from '../../engine/core/contracts/index.ts';
import { LoopbackChannel, lineFrameBytes } from './loopback-channel.ts';
import { LoopbackPhone } from './loopback-phone.ts';

/** Options of a LoopbackDriver. */
export interface LoopbackDriverOptions {
  /** Driver name (trunk groups refer to it); default "loopback". */
  name?: string;
  /** Line codec of every pair; default A-law. */
  codec?: MediaCodec;
  /** Ask the engine to cancel echo on engine-side ends (as on TDM); default false. */
  echoCancel?: boolean;
  /** Digits travel as signalling, not in-band audio; default false (in-band DTMF). */
  outOfBandDigits?: boolean;
  /** Spans and channels per span of circuits; default 1 span of 30. */
  spans?: number;
  channelsPerSpan?: number;
  /** Delay of every signal across the cable, engine ms; default 0 (next clock turn). */
  signallingDelayMs?: number;
  /** Plays the called party of engine-originated calls; absent: loop back into the engine. */
  onFarCall?: (phone: LoopbackPhone) => void;
}

interface CircuitSlot {
  span: number;
  channel: number;
  busy: boolean;
}

/** A ChannelDriver of software pairs. */
export class LoopbackDriver implements ChannelDriver {
  readonly name: string;
  readonly technology = 'loopback' as const;
  readonly capabilities: DriverCapabilities;
  readonly events = new TypedEmitter<DriverEvents>();
  private readonly codec: MediaCodec;
  private readonly echoCancel: boolean;
  private readonly outOfBand: boolean;
  private readonly delayMs: number;
  private readonly onFarCall: ((phone: LoopbackPhone) => void) | undefined;
  private readonly slots: CircuitSlot[] = [];
  private readonly alarms: SpanAlarm[] = [];
  private readonly engineEnds = new Set<LoopbackChannel>();
  private readonly phones = new Set<LoopbackPhone>();
  private ctx: DriverContext | undefined;
  private pairs = 0;

  constructor(options: LoopbackDriverOptions = {}) {
    this.name = options.name ?? 'loopback';
    this.codec = options.codec ?? 'alaw';
    this.echoCancel = options.echoCancel ?? false;
    this.outOfBand = options.outOfBandDigits ?? false;
    this.delayMs = options.signallingDelayMs ?? 0;
    this.onFarCall = options.onFarCall;
    this.capabilities = { originate: true, earlyMedia: true, flash: true, codecs: [this.codec] };
    const spans = options.spans ?? 1;
    const perSpan = options.channelsPerSpan ?? 30;
    for (let s = 0; s < spans; s++) {
      this.alarms.push('none');
      for (let c = 1; c <= perSpan; c++) this.slots.push({ span: s, channel: c, busy: false });
    }
  }

  start(ctx: DriverContext): void {
    this.ctx = ctx;
    this.events.setLog(ctx.log.child({ mod: 'loopback' }));
  }

  stop(): void {
    for (const ch of [...this.engineEnds]) ch.hangup(Cause.normalUnspecified, 'driver stopped');
    for (const p of [...this.phones]) p.channel.hangup(Cause.normalUnspecified, 'driver stopped');
  }

  spans(): readonly SpanStatus[] {
    return this.alarms.map((alarm, span) => {
      const mine = this.slots.filter((s) => s.span === span);
      return {
        driver: this.name,
        span,
        name: `${this.name}/${span}`,
        alarm,
        channels: mine.length,
        busy: mine.filter((s) => s.busy).length,
      };
    });
  }

  circuits(): readonly Circuit[] {
    return this.slots.map((s) => ({ span: s.span, channel: s.channel, available: !s.busy && this.alarms[s.span] === 'none' }));
  }

  /** Puts a span in (or out of) alarm: its circuits become unavailable for hunting. */
  setAlarm(span: number, alarm: SpanAlarm): void {
    if (this.alarms[span] === undefined) return;
    this.alarms[span] = alarm;
    const status = this.spans()[span];
    if (status) this.events.safeEmit('span', status);
  }

  /** Engine-side channels with a call in progress (for subclasses and tests). */
  engineChannels(): readonly LoopbackChannel[] {
    return [...this.engineEnds];
  }

  /** Marks a circuit busy or free (as if another system used it), for hunting tests. */
  setBusy(span: number, channel: number, busy: boolean): void {
    const slot = this.slotOf(span, channel);
    if (slot) slot.busy = busy;
  }

  /**
   * A far-side phone dials into the engine on `circuit` (default: the first
   * free one); returns the phone (its channel is dialling).
   */
  call(info: CallInfo, circuit?: { span: number; channel: number }): LoopbackPhone {
    const slot = circuit ? this.slotOf(circuit.span, circuit.channel) : this.freeSlot();
    if (!slot || slot.busy) throw new InvalidStateError(`loopback ${this.name}: no free circuit for a test call`);
    const { engineEnd, farEnd } = this.makePair('incoming', slot);
    const phone = this.addPhone(farEnd);
    engineEnd.events.once('state', () => this.events.safeEmit('incoming', engineEnd));
    const { dnis, ...rest } = info;
    farEnd.dial(dnis, rest);
    return phone;
  }

  originate(request: OriginateRequest): OriginateResult {
    const slot = request.circuit ? this.slotOf(request.circuit.span, request.circuit.channel) : this.freeSlot();
    if (!slot) return { ok: false, cause: Cause.noCircuitAvailable, reason: 'no free loopback circuit' };
    if (slot.busy) return { ok: false, cause: Cause.requestedCircuitNotAvailable, reason: `circuit ${slot.span}/${slot.channel} busy` };
    if (this.alarms[slot.span] !== 'none') return { ok: false, cause: Cause.networkOutOfOrder, reason: `span ${slot.span} in alarm` };
    const { engineEnd, farEnd } = this.makePair('outgoing', slot);
    if (this.onFarCall) {
      const phone = this.addPhone(farEnd);
      const handler = this.onFarCall;
      farEnd.events.once('state', () => handler(phone));
    } else {
      this.engineEnds.add(farEnd);
      farEnd.events.once('state', () => this.events.safeEmit('incoming', farEnd));
    }
    return { ok: true, channel: engineEnd };
  }

  mediaIn(): void {
    for (const ch of this.engineEnds) {
      const b = ch.mediaBinding;
      if (!b) continue;
      const dst = this.codec === 'l16' ? new Uint8Array(b.rx.pcm.buffer, b.rx.pcm.byteOffset, 320) : b.rx.octets;
      dst.set(ch.inbox);
      ch.inboxFull = false;
    }
  }

  mediaOut(): void {
    for (const ch of this.engineEnds) {
      const b = ch.mediaBinding;
      if (!b) continue;
      const src = this.codec === 'l16' ? new Uint8Array(b.tx.pcm.buffer, b.tx.pcm.byteOffset, 320) : b.tx.octets;
      const peer = ch.peer;
      peer.inbox.set(src);
      peer.inboxFull = true;
    }
    for (const p of this.phones) p.tick();
  }

  private makePair(engineDirection: 'incoming' | 'outgoing', slot: CircuitSlot): { engineEnd: LoopbackChannel; farEnd: LoopbackChannel } {
    const ctx = this.context();
    const pair = this.pairs++;
    slot.busy = true;
    const common = {
      driver: this.name,
      pair,
      span: slot.span,
      channel: slot.channel,
      codec: this.codec,
      outOfBandDigits: this.outOfBand,
      clock: ctx.clock,
      signallingDelayMs: this.delayMs,
      log: ctx.log,
    };
    const base = `${ctx.engineId}/loopback/${this.name}/${pair}`;
    const engineEnd = new LoopbackChannel({
      ...common,
      id: `${base}/a`,
      end: 'a',
      direction: engineDirection,
      echoCancel: this.echoCancel,
      onReleased: (ch) => {
        slot.busy = false;
        this.engineEnds.delete(ch);
      },
    });
    const farEnd = new LoopbackChannel({
      ...common,
      id: `${base}/b`,
      end: 'b',
      direction: engineDirection === 'incoming' ? 'outgoing' : 'incoming',
      echoCancel: this.echoCancel,
      onReleased: (ch) => {
        this.engineEnds.delete(ch);
      },
    });
    LoopbackChannel.wire(engineEnd, farEnd);
    this.engineEnds.add(engineEnd);
    return { engineEnd, farEnd };
  }

  private addPhone(end: LoopbackChannel): LoopbackPhone {
    const phone = new LoopbackPhone(end, lineFrameBytes(this.codec), this.codec);
    this.phones.add(phone);
    end.events.on('hangup', () => this.phones.delete(phone));
    return phone;
  }

  private freeSlot(): CircuitSlot | undefined {
    return this.slots.find((s) => !s.busy && this.alarms[s.span] === 'none');
  }

  private slotOf(span: number, channel: number): CircuitSlot | undefined {
    return this.slots.find((s) => s.span === span && s.channel === channel);
  }

  private context(): DriverContext {
    if (!this.ctx) throw new InvalidStateError(`loopback ${this.name}: not started`);
    return this.ctx;
  }
}

/** Type guard for tests holding a Channel from this driver. */
export function isLoopbackChannel(ch: Channel): ch is LoopbackChannel {
  return ch instanceof LoopbackChannel;
}
