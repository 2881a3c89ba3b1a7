// SimPhone: a simulated analog telephone on the station side of a line.
//
// What it does: plugged by a cable into an FXS port (it drives an `fxo`
// span of a simulated board, cabled to the exchange's `fxs` span), it goes
// off and on hook, flashes, dials by DTMF (the DSP DTMF generator, through
// the line DSP) or by pulses (60 ms breaks, 40 ms makes, 10 pps), counts
// ring bursts and can answer by itself after N of them, hears its line
// (keeps the linear audio while listening, and finds DTMF digits in it) and
// sends a tone of its choice (a stand-in for a voice).
//
// How: the phone ticks on its span's `audio` event (one 20 ms rx block
// complete): it gives the block to its line DSP port, runs the line DSP for
// itself, and queues one tx block (DTMF, its tone, or silence). Hook
// changes are the offhook line bit; pulse and flash breaks are timed on the
// engine clock (the board applies a line state at its next tick, so tick
// sizes of 10 ms or less keep the 60/40 ms pulse shape).
//
// Spec: shared/specs/sim-line.md "Analog frame content" (offhook bit, flash
// 100-600 ms, pulse 60 ms breaks at 10 pps).
// Limits: no caller ID decoding; pulse dialling of '*', '#' and A-D is not
// possible (refused); audio heard is kept in memory only while listening.

import { TypedEmitter, type Clock, type DigitEvent, type Log, silentLog } from '../../engine/core/contracts/index.ts';
import { LINE_BITS, type AnalogChange, type Span } from '../board/index.ts';
import type { DtmfSendOptions, ToneDef } from '../../dsp/index.ts';
import type { LineDsp, LinePort } from './line-dsp.ts';

/** Pulse dialling timing (10 pps, 60/40 break/make ratio). */
export const PULSE_BREAK_MS = 60;
export const PULSE_MAKE_MS = 40;
/** Pause between pulse-dialled digits. */
export const PULSE_INTERDIGIT_MS = 700;

/** Events of a simulated phone. */
export interface SimPhoneEvents {
  ringOn: [];
  ringOff: [];
  /** A DTMF digit found in what the phone heard. */
  digit: [digit: string];
  batteryOff: [];
  batteryOn: [];
}

/** Options of a SimPhone. */
export interface SimPhoneOptions {
  /** The station-side span (kind fxo) cabled to the exchange's FXS port. */
  span: Span;
  lineDsp: LineDsp;
  clock: Clock;
  log?: Log;
  /** Go off hook by itself at the start of this ring burst; 0 (default): only when told. */
  answerAfterRings?: number;
  /** After answering by itself, hang up after this much talk; 0 (default): stay. */
  talkMs?: number;
  /** Hang up when the exchange drops battery (open-loop disconnect) while off hook, as answering machines do; default false. */
  hangUpOnDisconnect?: boolean;
}

/** A simulated phone. */
export class SimPhone {
  readonly span: Span;
  readonly events: TypedEmitter<SimPhoneEvents>;
  /** Ring bursts since the last answer or hang-up. */
  rings = 0;
  /** Line time (ms) of every ring burst start and end. */
  readonly ringLog: { on: number; off?: number }[] = [];
  /** DTMF digits heard, in order. */
  readonly heardDigits: DigitEvent[] = [];
  private readonly clock: Clock;
  private readonly line: LinePort;
  private readonly lineDsp: LineDsp;
  private readonly log: Log;
  private readonly answerAfter: number;
  private readonly talkMs: number;
  private readonly hangUpOnDisconnect: boolean;
  private hook = false;
  private listening = false;
  private heardBlocks: Int16Array[] = [];
  private pulseQueue: number[] = [];
  private pulsing = false;
  private answers = 0;
  private readonly offSubs: (() => void)[] = [];

  constructor(options: SimPhoneOptions) {
    this.span = options.span;
    this.clock = options.clock;
    this.lineDsp = options.lineDsp;
    this.log = (options.log ?? silentLog).child({ mod: 'sim-phone', span: options.span.index + 1 });
    this.events = new TypedEmitter<SimPhoneEvents>(this.log);
    this.answerAfter = options.answerAfterRings ?? 0;
    this.talkMs = options.talkMs ?? 0;
    this.hangUpOnDisconnect = options.hangUpOnDisconnect ?? false;
    this.line = options.lineDsp.open();
    this.line.detecting = true;
    this.offSubs.push(this.span.on('analog', (e) => this.onAnalog(e)));
    this.offSubs.push(this.span.on('audio', () => this.onAudio()));
    this.span.setLineState(0, 0);
  }

  /** True while off hook. */
  get offHook(): boolean {
    return this.hook;
  }

  /** True while the ring voltage is on. */
  get ringing(): boolean {
    const last = this.ringLog[this.ringLog.length - 1];
    return last !== undefined && last.off === undefined;
  }

  /** Lifts the handset (answers when ringing). */
  offhook(): void {
    this.setHook(true);
    this.rings = 0;
  }

  /** Hangs up. */
  onhook(): void {
    this.answers++;
    this.pulseQueue = [];
    this.line.setTone(undefined);
    this.setHook(false);
    this.rings = 0;
  }

  /** A hook flash: on hook for `breakMs` (100-600 ms is a flash), then off hook again. */
  flash(breakMs = 300): void {
    this.setHook(false);
    this.clock.setTimer(breakMs, () => this.setHook(true));
  }

  /** Dials DTMF in-band (default 100 ms tone, 100 ms pause); false while a string is still going. */
  dialDtmf(digits: string, options: DtmfSendOptions = { onMs: 100, offMs: 100 }): boolean {
    return this.line.sendDtmf(digits, options);
  }

  /** True while DTMF or pulses are being sent. */
  get dialling(): boolean {
    return this.line.sendingDtmf || this.pulsing;
  }

  /** Dials digits 0-9 by loop breaks (10 breaks for 0). */
  dialPulse(digits: string): void {
    const bad = [...digits].find((d) => d < '0' || d > '9');
    if (bad !== undefined) throw new RangeError(`dialPulse: digits: expected 0-9, got ${JSON.stringify(bad)}`);
    for (const d of digits) this.pulseQueue.push(d === '0' ? 10 : Number(d));
    if (!this.pulsing) this.nextPulseDigit();
  }

  /** Sends a tone of its own (its "voice") until told otherwise; undefined: silence. */
  say(tone: ToneDef | undefined): void {
    this.line.setTone(tone);
  }

  /** Keeps (or stops keeping) the linear audio heard. */
  listen(on: boolean): void {
    this.listening = on;
  }

  /** The linear audio heard while listening, concatenated. */
  heard(): Int16Array {
    const out = new Int16Array(this.heardBlocks.length * 160);
    this.heardBlocks.forEach((b, i) => out.set(b, i * 160));
    return out;
  }

  /** Forgets the audio and digits heard. */
  clearHeard(): void {
    this.heardBlocks = [];
    this.heardDigits.length = 0;
  }

  /** Unplugs from the span's events and frees its line DSP port. */
  close(): void {
    for (const off of this.offSubs.splice(0)) off();
    this.lineDsp.close(this.line);
  }

  private autoAnswer(): void {
    this.offhook();
    if (this.talkMs <= 0) return;
    const call = ++this.answers;
    this.clock.setTimer(this.talkMs, () => {
      if (this.answers === call && this.hook) this.onhook();
    });
  }

  private setHook(off: boolean): void {
    this.hook = off;
    this.span.setLineState(0, off ? LINE_BITS.offhook : 0);
  }

  private nextPulseDigit(): void {
    const pulses = this.pulseQueue.shift();
    if (pulses === undefined) {
      this.pulsing = false;
      return;
    }
    this.pulsing = true;
    let at = 0;
    for (let i = 0; i < pulses; i++) {
      this.clock.setTimer(at, () => this.setHook(false));
      this.clock.setTimer(at + PULSE_BREAK_MS, () => this.setHook(true));
      at += PULSE_BREAK_MS + PULSE_MAKE_MS;
    }
    this.clock.setTimer(at + PULSE_INTERDIGIT_MS, () => this.nextPulseDigit());
  }

  private onAnalog(e: AnalogChange): void {
    switch (e.event) {
      case 'ringOn':
        this.rings++;
        this.ringLog.push({ on: e.lineMs });
        this.events.safeEmit('ringOn');
        if (this.answerAfter > 0 && this.rings >= this.answerAfter && !this.hook) this.autoAnswer();
        return;
      case 'ringOff': {
        const last = this.ringLog[this.ringLog.length - 1];
        if (last && last.off === undefined) last.off = e.lineMs;
        this.events.safeEmit('ringOff');
        return;
      }
      case 'batteryOff':
        this.events.safeEmit('batteryOff');
        if (this.hangUpOnDisconnect && this.hook) this.onhook();
        return;
      case 'batteryOn':
        this.events.safeEmit('batteryOn');
        return;
      default:
        return;
    }
  }

  private onAudio(): void {
    const block = this.span.audio.latestRx();
    if (block) this.line.receive(this.span.audio.channel(block.data, 0));
    this.lineDsp.process([this.line]);
    if (this.listening) this.heardBlocks.push(new Int16Array(this.line.rxPcm));
    for (const d of this.line.takeDigits()) {
      this.heardDigits.push({ digit: d.digit, source: 'dtmf', startSample: d.startSample, endSample: d.endSample });
      this.events.safeEmit('digit', d.digit);
    }
    this.span.audio.writeTx(this.line.txOctets);
  }
}
