// FxoPort: the shell of an FXO port (the station side of a trunk).
//
// What it does: runs the FXO machine (fxo-line.ts) on one fxo span: maps
// the board's ring, battery and reversal events to machine events, goes off
// and on hook, dials DTMF through the line DSP (and tells the machine when
// the string is out), offers incoming calls with DNIS = the port's number.
//
// Spec: shared/specs/sim-line.md "Analog frame content".
// Limits: DTMF only (no pulse dialling out); the end of dialling reaches
// the machine on the next clock turn.

import { Cause } from '../../engine/core/contracts/index.ts';
import { LINE_BITS, type AnalogChange, type Span } from '../board/index.ts';
import { AnalogPort, type PortDeps } from './analog-port.ts';
import type { AnalogChannel } from './analog-channel.ts';
import type { StepResult } from './fsm.ts';
import { FXO_AUDIO, FXO_IDLE, fxoStep, type FxoAction, type FxoContext, type FxoEvent, type FxoState } from './fxo-line.ts';
import type { FxoTimerName, TimerValues } from './timers.ts';

/** FXO: the station side of a trunk (a line from a PBX or CO is plugged in). */
export class FxoPort extends AnalogPort<FxoState, FxoEvent, FxoAction> {
  readonly role = 'fxo' as const;
  protected readonly idleState = FXO_IDLE;
  private readonly ctx: FxoContext;
  private readonly timerValues: TimerValues<FxoTimerName>;
  private dialling = false;

  constructor(span: Span, number: string | undefined, deps: PortDeps, options: { timers: TimerValues<FxoTimerName>; answerSupervision: 'immediate' | 'reversal' }) {
    super(span, number, FXO_IDLE, deps);
    this.timerValues = options.timers;
    this.ctx = { answerSupervision: options.answerSupervision };
  }

  /** Stays on hook. */
  start(): void {
    this.span.setLineState(0, 0);
  }

  protected resetLine(): void {
    this.dialling = false;
    this.span.setLineState(0, 0);
  }

  get available(): boolean {
    return this.machineState.name === 'idle' && this.inService && !this.channel;
  }

  /** The engine calls out on this trunk: a new outgoing channel, or why not. */
  seize(): AnalogChannel | { cause: number; reason: string } {
    if (!this.inService) return { cause: Cause.networkOutOfOrder, reason: `span ${this.spanNumber} in alarm` };
    if (!this.available) return { cause: Cause.requestedCircuitNotAvailable, reason: `trunk port ${this.spanNumber} is ${this.machineState.name}` };
    return this.newChannel('outgoing');
  }

  protected step(state: FxoState, event: FxoEvent): StepResult<FxoState, FxoAction> {
    return fxoStep(state, event, this.ctx);
  }

  protected timerValue(name: string): number {
    return this.timerValues[name as FxoTimerName];
  }

  protected audioPath(): 'line' | 'channel' | 'silence' {
    return FXO_AUDIO[this.machineState.name];
  }

  protected lineEvent(e: AnalogChange): FxoEvent | undefined {
    switch (e.event) {
      case 'ringOn':
      case 'ringOff':
      case 'batteryOn':
      case 'batteryOff':
      case 'reversalOn':
      case 'reversalOff':
        return { type: `line.${e.event}` } as FxoEvent;
      default:
        return undefined;
    }
  }

  afterLineDsp(): void {
    if (!this.dialling || this.line.sendingDtmf) return;
    this.dialling = false;
    this.deps.clock.setTimer(0, () => this.deliver({ type: 'dsp.dialled' }));
  }

  protected runAction(a: FxoAction, fromUser: boolean): void {
    switch (a.type) {
      case 'hook':
        this.span.setLineState(0, a.offhook ? LINE_BITS.offhook : 0);
        return;
      case 'sendDtmf':
        this.dialling = this.line.sendDtmf(a.digits, { onMs: 100, offMs: 100 });
        if (!this.dialling) this.deps.clock.setTimer(0, () => this.deliver({ type: 'dsp.dialled' }));
        return;
      case 'offer': {
        const ch = this.newChannel('incoming');
        ch.offer({ dnis: this.number ?? '' });
        this.deps.incoming(ch);
        return;
      }
    }
  }
}
