// FxsPort: the shell of an FXS port (the exchange side of an extension).
//
// What it does: runs the FXS machine (fxs-line.ts) on one fxs span: feeds
// battery, maps the board's hook events (offhook, onhook, flash, pulse
// digits) and the line DSP's DTMF digits to machine events, and runs its
// actions: the ring and battery bits, dial/busy/congestion tones from the
// tone plan, the incoming Channel with ANI = the port's number, Channel
// events.
//
// Spec: shared/specs/sim-line.md "Analog frame content"; docs/boards.md
// "Analog" (the board cadences the ring and decodes hook events).
// Limits: DTMF digits found in a tick reach the machine on the next clock
// turn (never inside the media tick).

import { Cause } from '../../engine/core/contracts/index.ts';
import { LINE_BITS, type AnalogChange, type Span } from '../board/index.ts';
import { AnalogPort, type PortDeps } from './analog-port.ts';
import type { AnalogChannel } from './analog-channel.ts';
import type { StepResult } from './fsm.ts';
import { FXS_AUDIO, FXS_IDLE, fxsStep, type FxsAction, type FxsContext, type FxsEvent, type FxsState } from './fxs-line.ts';
import type { LinePort } from './line-dsp.ts';
import type { FxsTimerName, TimerValues } from './timers.ts';

/** FXS: the exchange side of an extension (a phone is plugged in). */
export class FxsPort extends AnalogPort<FxsState, FxsEvent, FxsAction> {
  readonly role = 'fxs' as const;
  protected readonly idleState = FXS_IDLE;
  private readonly ctx: FxsContext;
  private readonly timerValues: TimerValues<FxsTimerName>;

  /** Line bits sent to the station, each held by its own action. */
  private readonly bits = { battery: true, ring: false, reversed: false };

  constructor(
    span: Span,
    number: string | undefined,
    deps: PortDeps,
    options: { timers: TimerValues<FxsTimerName>; numberComplete?: (digits: string) => boolean; reverseOnAnswer?: boolean },
  ) {
    super(span, number, FXS_IDLE, deps);
    this.timerValues = options.timers;
    this.ctx = { ...(options.numberComplete ? { numberComplete: options.numberComplete } : {}), reverseOnAnswer: options.reverseOnAnswer ?? false };
  }

  /** Feeds battery (the station may go off hook from now on). */
  start(): void {
    this.sendBits();
  }

  get available(): boolean {
    return this.machineState.name === 'onHook' && this.inService;
  }

  /** The engine rings this extension: a new outgoing channel, or why not. */
  seize(): AnalogChannel | { cause: number; reason: string } {
    if (!this.inService) return { cause: Cause.networkOutOfOrder, reason: `span ${this.spanNumber} in alarm` };
    if (this.machineState.name !== 'onHook' || this.channel) return { cause: Cause.userBusy, reason: `extension port ${this.spanNumber} is ${this.machineState.name}` };
    return this.newChannel('outgoing');
  }

  protected step(state: FxsState, event: FxsEvent): StepResult<FxsState, FxsAction> {
    return fxsStep(state, event, this.ctx);
  }

  protected timerValue(name: string): number {
    return this.timerValues[name as FxsTimerName];
  }

  protected audioPath(): 'line' | 'channel' | 'silence' {
    return FXS_AUDIO[this.machineState.name].path;
  }

  protected lineEvent(e: AnalogChange): FxsEvent | undefined {
    switch (e.event) {
      case 'offhook':
        return { type: 'line.offhook' };
      case 'onhook':
        return { type: 'line.onhook' };
      case 'flash':
        return { type: 'line.flash' };
      case 'digit':
        return { type: 'line.pulseDigit', digit: String((e.digit ?? 0) % 10) };
      default:
        return undefined;
    }
  }

  override mediaIn(): LinePort | undefined {
    this.line.detecting = FXS_AUDIO[this.machineState.name].detect;
    return super.mediaIn();
  }

  afterLineDsp(): void {
    const digits = this.line.takeDigits();
    if (digits.length === 0) return;
    this.deps.clock.setTimer(0, () => {
      for (const d of digits) this.deliver({ type: 'dsp.dtmf', digit: d.digit });
    });
  }

  protected runAction(a: FxsAction, fromUser: boolean): void {
    switch (a.type) {
      case 'ring':
        this.bits.ring = a.on;
        this.sendBits();
        return;
      case 'battery':
        this.bits.battery = a.on;
        this.sendBits();
        return;
      case 'polarity':
        this.bits.reversed = a.reversed;
        this.sendBits();
        return;
      case 'tone':
        this.line.setTone(a.tone ? this.deps.tones.tones[a.tone] : undefined);
        if (a.tone === 'dial') this.line.resetDetector();
        return;
      case 'offer': {
        const ch = this.newChannel('incoming');
        ch.offer({ ...(this.number !== undefined ? { ani: this.number } : {}), dnis: a.dnis });
        this.deps.incoming(ch);
        return;
      }
      case 'remoteFlash':
        this.toChannel(fromUser, (ch) => ch.flashed());
        return;
      case 'reportDigit': {
        const at = Math.round(this.deps.clock.now() * 8);
        this.toChannel(fromUser, (ch) => ch.reportDigit({ digit: a.digit, source: 'pulse', startSample: at, endSample: at }));
        return;
      }
    }
  }

  protected resetLine(): void {
    Object.assign(this.bits, { battery: true, ring: false, reversed: false });
    this.sendBits();
  }

  private sendBits(): void {
    const b = this.bits;
    this.span.setLineState(0, (b.battery ? LINE_BITS.battery : 0) | (b.ring ? LINE_BITS.ring : 0) | (b.reversed && b.battery ? LINE_BITS.reversed : 0));
  }
}
