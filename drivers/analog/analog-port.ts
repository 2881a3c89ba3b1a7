// AnalogPort: the thin shell that runs one port's line machine (the part
// FXS and FXO share; fxs-port.ts and fxo-port.ts add their machine).
//
// What it does: owns one analog span of a board (one port), its machine
// state (fxs-line.ts or fxo-line.ts), its line DSP port (tones, DTMF in and
// out outside a call), its timers on the engine clock and the Channel of
// the call in progress. It turns board events (`analog`: offhook, onhook,
// flash, digit, ringOn, batteryOff, ...), line DSP digits and the engine's
// requests into machine events, and runs the actions the machine returns:
// line bits on the span, tones, timers, Channel events.
//
// How: run to completion: an event that arrives while another is being
// handled (the engine answering inside our `incoming` emit) is queued and
// handled right after. Channel events caused by an engine request (the
// progress that follows `dial()`) are sent on the next clock turn, so the
// engine's listeners, attached after the request returns, see them. Every
// step appends (time, machine, from, event, to, actions) to `trace`, and
// unexpected events are logged at warn and counted (`unexpectedEvents`).
//
// Limits: one port per span (sim-line.md "Transport"); trace keeps the last
// TRACE_LIMIT steps.

import { Cause, type Clock, type Log, type TimerHandle } from '../../engine/core/contracts/index.ts';
import type { AnalogChange, Span } from '../board/index.ts';
import { TONE_PLANS, type TonePlan } from '../../dsp/index.ts';
import { AnalogChannel } from './analog-channel.ts';
import type { StepResult } from './fsm.ts';
import type { FxsAction, FxsEvent } from './fxs-line.ts';
import type { FxoAction, FxoEvent } from './fxo-line.ts';
import { ALAW_SILENCE, type LineDsp, type LinePort } from './line-dsp.ts';

/** Steps kept in a port's trace. */
export const TRACE_LIMIT = 200;

/** One traced step. */
export interface TraceEntry {
  readonly atMs: number;
  readonly machine: 'fxs' | 'fxo';
  readonly from: string;
  readonly event: string;
  readonly to: string;
  readonly actions: readonly string[];
  readonly unexpected: boolean;
}

/** What a port gets from its driver. */
export interface PortDeps {
  readonly driver: string;
  readonly engineId: string;
  readonly clock: Clock;
  readonly log: Log;
  readonly lineDsp: LineDsp;
  readonly echoCancel: boolean;
  readonly tones: TonePlan;
  /** A new incoming channel is offered (the driver emits `incoming`). */
  readonly incoming: (ch: AnalogChannel) => void;
}

type AnyEvent = FxsEvent | FxoEvent;
type AnyAction = FxsAction | FxoAction;

/** The common shell of FXS and FXO ports. */
export abstract class AnalogPort<S extends { name: string }, E extends AnyEvent, A extends AnyAction> {
  readonly span: Span;
  /** Span number as config names it (1-based). */
  readonly spanNumber: number;
  /** FXS: the extension's number (ANI of its calls); FXO: the number offered as DNIS. */
  readonly number: string | undefined;
  readonly trace: TraceEntry[] = [];
  unexpectedEvents = 0;
  protected machineState: S;
  protected channel: AnalogChannel | undefined;
  protected readonly deps: PortDeps;
  protected readonly log: Log;
  protected readonly line: LinePort;
  private readonly timers = new Map<string, TimerHandle>();
  private readonly queue: { event: E; fromUser: boolean }[] = [];
  private busy = false;
  private calls = 0;

  protected constructor(span: Span, number: string | undefined, initial: S, deps: PortDeps) {
    this.span = span;
    this.spanNumber = span.index + 1;
    this.number = number;
    this.machineState = initial;
    this.deps = deps;
    this.log = deps.log.child({ span: this.spanNumber, port: 0 });
    this.line = deps.lineDsp.open();
  }

  abstract readonly role: 'fxs' | 'fxo';
  protected abstract readonly idleState: S;
  /** Idle and in service: the engine may seize it. */
  abstract get available(): boolean;
  protected abstract step(state: S, event: E): StepResult<S, A>;
  /** Runs one of the machine's own actions (the shared ones are run by the shell). */
  protected abstract runAction(action: A, fromUser: boolean): void;
  protected abstract audioPath(): 'line' | 'channel' | 'silence';
  protected abstract lineEvent(e: AnalogChange): E | undefined;
  protected abstract timerValue(name: string): number;
  /** Puts the idle line state on the span (after a reset). */
  protected abstract resetLine(): void;

  /** Current machine state name. */
  get state(): string {
    return this.machineState.name;
  }

  /** The call's channel, if a call is in progress. */
  get currentChannel(): AnalogChannel | undefined {
    return this.channel;
  }

  /** True when the span has no alarm (the cable is plugged and aligned). */
  get inService(): boolean {
    return this.span.alarms.length === 0;
  }

  /** Board event (driver only). */
  onAnalog(e: AnalogChange): void {
    const ev = this.lineEvent(e);
    if (ev) this.deliver(ev);
  }

  /** Handles an event to completion (queued if one is already being handled). */
  deliver(event: E, fromUser = false): void {
    this.queue.push({ event, fromUser });
    if (this.busy) return;
    this.busy = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) this.handle(next.event, next.fromUser);
    } finally {
      this.busy = false;
    }
  }

  private handle(event: E, fromUser: boolean): void {
    const from = this.machineState;
    const r = this.step(from, event);
    this.machineState = r.state;
    const label = event.type === 'timer' ? `timer ${(event as { name: string }).name}` : event.type;
    this.trace.push({ atMs: this.deps.clock.now(), machine: this.role, from: from.name, event: label, to: r.state.name, actions: r.actions.map((a) => a.type), unexpected: r.unexpected === true });
    if (this.trace.length > TRACE_LIMIT) this.trace.shift();
    if (r.unexpected) {
      this.unexpectedEvents++;
      this.log.warn({ state: from.name, event: label, to: r.state.name }, 'unexpected line event, port to safe state');
    } else if (from.name !== r.state.name) this.log.debug({ from: from.name, event: label, to: r.state.name }, 'port state');
    for (const a of r.actions) if (!this.runShared(a, fromUser)) this.runAction(a, fromUser);
  }

  /** Runs an action both machines share (Channel signals, timers); false for a machine's own. */
  private runShared(a: AnyAction, fromUser: boolean): boolean {
    switch (a.type) {
      case 'remoteProgress':
        this.toChannel(fromUser, (ch) => ch.alerting());
        return true;
      case 'remoteAnswer':
        this.toChannel(fromUser, (ch) => ch.answered());
        return true;
      case 'remoteHangup':
        this.toChannel(fromUser, (ch) => ch.releasedByLine(a.cause, a.detail));
        return true;
      case 'startTimer':
        this.startTimer(a.name);
        return true;
      case 'stopTimer':
        this.stopTimer(a.name);
        return true;
      default:
        return false;
    }
  }

  /** Starts (or restarts) a named timer from the timers table. */
  protected startTimer(name: string): void {
    this.timers.get(name)?.cancel();
    const handle = this.deps.clock.setTimer(this.timerValue(name), () => {
      if (this.timers.get(name) !== handle) return;
      this.timers.delete(name);
      this.deliver({ type: 'timer', name } as E);
    });
    this.timers.set(name, handle);
  }

  protected stopTimer(name: string): void {
    this.timers.get(name)?.cancel();
    this.timers.delete(name);
  }

  /** Runs a Channel-facing action now, or on the next clock turn when an engine request caused it. */
  protected toChannel(fromUser: boolean, fn: (ch: AnalogChannel) => void): void {
    const ch = this.channel;
    if (!ch) return;
    if (!fromUser) fn(ch);
    else
      this.deps.clock.setTimer(0, () => {
        if (ch.state !== 'released') fn(ch);
      });
  }

  /** A new channel for this port's next call. */
  protected newChannel(direction: 'incoming' | 'outgoing'): AnalogChannel {
    const ch = new AnalogChannel({
      id: `${this.deps.engineId}/analog/${this.deps.driver}/${this.spanNumber}/${++this.calls}`,
      driver: this.deps.driver,
      board: this.span.board.id,
      span: this.spanNumber,
      role: this.role,
      direction,
      echoCancel: this.deps.echoCancel,
      log: this.log,
      hooks: {
        dial: (dest) => this.userEvent('dial', dest),
        progress: () => this.userEvent('progress'),
        answer: () => this.userEvent('answer'),
        hangup: (cause) => this.userEvent('hangup', '', cause),
      },
    });
    this.channel = ch;
    ch.events.once('hangup', () => {
      if (this.channel === ch) this.channel = undefined;
    });
    return ch;
  }

  private userEvent(kind: 'dial' | 'progress' | 'answer' | 'hangup', dest = '', cause: number = Cause.normalClearing): void {
    const ev = kind === 'dial' ? { type: 'user.dial', dest } : kind === 'hangup' ? { type: 'user.hangup', cause } : { type: `user.${kind}` };
    this.deliver(ev as E, true);
  }

  // ---- audio (driver, once per media tick) ------------------------------------

  /** Takes this tick's received block to the channel's rx frame or to the line DSP. */
  mediaIn(): LinePort | undefined {
    const block = this.span.audio.latestRx();
    const path = this.audioPath();
    const binding = this.channel?.mediaBinding;
    if (path === 'channel') {
      // No new block (the line fell behind): the leg hears silence, not the last block again.
      if (binding) {
        if (block) binding.rx.octets.set(this.span.audio.channel(block.data, 0));
        else binding.rx.octets.fill(ALAW_SILENCE);
      }
      return undefined;
    }
    if (path === 'line') {
      if (block) this.line.receive(this.span.audio.channel(block.data, 0));
      return this.line;
    }
    return undefined;
  }

  /** After the line DSP batch: act on what it found (on the next clock turn: not inside the media tick). */
  abstract afterLineDsp(): void;

  /** Sends this tick's block: the engine's tx frame, the line DSP's output, or silence. */
  mediaOut(silence: Uint8Array): void {
    const path = this.audioPath();
    const binding = this.channel?.mediaBinding;
    if (path === 'channel' && binding) this.span.audio.writeTx(binding.tx.octets);
    else if (path === 'line') this.span.audio.writeTx(this.line.txOctets);
    else this.span.audio.writeTx(silence);
  }

  /**
   * The span lost its line (alarm: cable out, no frames): the call in
   * progress is released with Q.850 38 and the port restarts from its idle
   * state, as a line card does when its line is pulled. Traced as `line.down`.
   */
  lineDown(): void {
    const idle = this.idleState;
    const from = this.machineState.name;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.queue.length = 0;
    this.line.setTone(undefined);
    this.machineState = idle;
    this.resetLine();
    this.trace.push({ atMs: this.deps.clock.now(), machine: this.role, from, event: 'line.down', to: idle.name, actions: ['remoteHangup'], unexpected: false });
    this.log.warn({ state: from, alarms: this.span.alarms }, 'line down, port reset');
    this.channel?.releasedByLine(Cause.networkOutOfOrder, 'line down');
    this.channel = undefined;
  }

  /** Releases the call (driver stop) and frees the line DSP port. */
  close(): void {
    this.channel?.hangup(Cause.normalUnspecified, 'driver stopped');
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.line.setTone(undefined);
    this.deps.lineDsp.close(this.line);
  }
}

/** The default tone plan of analog ports. */
export const DEFAULT_TONE_PLAN: TonePlan = TONE_PLANS.cn;
