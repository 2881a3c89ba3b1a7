// ChannelBase: the part of every Channel that does not depend on the technology.
//
// What it does: holds identity, call facts, the state, the media binding and
// the typed emitter, and enforces the Channel state table (contracts/
// channel.ts) so every driver moves through the same states. A driver extends
// it and implements the `line*` hooks (what to put on the wire when the
// engine asks) and calls the `remote*` methods when its line or peer does
// something.
//
// How: every transition goes through `move`, which checks the table below;
// a move the table does not allow is a bug in the driver and throws
// (InvalidStateError), while an engine request in a state that does not
// accept it (answer() on an outgoing channel, dial() twice) also throws, as
// API misuse. A remote event arriving in a state that cannot take it (a late
// answer after release) is ignored and logged at warn: it is input from
// outside, not a bug.
//
// Limits: no timers here; drivers own their protocol timers on the engine clock.

import { InvalidStateError } from './errors.ts';
import { TypedEmitter } from './emitter.ts';
import type { Log } from './log.ts';
import type {
  CallDirection,
  CallInfo,
  Channel,
  ChannelAddress,
  ChannelEvents,
  ChannelMedia,
  ChannelState,
  ChannelTechnology,
  DialOptions,
  DigitEvent,
  HangupInfo,
  MediaBinding,
  MediaCodec,
  ProgressInfo,
  SendDigitsOptions,
} from './channel.ts';

/** States each state may move to (the Channel state table). */
export const CHANNEL_TRANSITIONS: Readonly<Record<ChannelState, readonly ChannelState[]>> = {
  idle: ['offered', 'dialing', 'released'],
  offered: ['alerting', 'answered', 'released'],
  dialing: ['alerting', 'answered', 'released'],
  alerting: ['answered', 'released'],
  answered: ['released'],
  released: [],
};

/** Identity and media facts a driver gives ChannelBase. */
export interface ChannelBaseOptions {
  id: string;
  technology: ChannelTechnology;
  address: ChannelAddress;
  driver: string;
  direction: CallDirection;
  codec: MediaCodec;
  echoCancel: boolean;
  inbandDtmf?: boolean;
  log: Log;
}

/** Base class of Channel implementations. */
export abstract class ChannelBase implements Channel {
  readonly id: string;
  readonly technology: ChannelTechnology;
  readonly address: ChannelAddress;
  readonly driver: string;
  readonly direction: CallDirection;
  readonly media: ChannelMedia;
  readonly events: TypedEmitter<ChannelEvents>;
  protected readonly log: Log;
  private currentState: ChannelState = 'idle';
  private callInfo: CallInfo | undefined;
  private early = false;
  private released: HangupInfo | undefined;
  private binding: MediaBinding | undefined;

  protected constructor(options: ChannelBaseOptions) {
    this.id = options.id;
    this.technology = options.technology;
    this.address = options.address;
    this.driver = options.driver;
    this.direction = options.direction;
    this.log = options.log.child({ ch: options.id });
    this.events = new TypedEmitter<ChannelEvents>(this.log);
    this.media = {
      codec: options.codec,
      echoCancel: options.echoCancel,
      inbandDtmf: options.inbandDtmf ?? true,
      faxMode: false,
      tap: undefined,
    };
  }

  get state(): ChannelState {
    return this.currentState;
  }
  get call(): CallInfo | undefined {
    return this.callInfo;
  }
  get earlyMedia(): boolean {
    return this.early;
  }
  get hangupInfo(): HangupInfo | undefined {
    return this.released;
  }
  get mediaBinding(): MediaBinding | undefined {
    return this.binding;
  }

  // ---- engine requests -----------------------------------------------------

  dial(dest: string, options: DialOptions = {}): void {
    if (this.direction !== 'outgoing' || this.currentState !== 'idle') {
      throw new InvalidStateError(`channel ${this.id}: dial() needs an idle outgoing channel, state is ${this.currentState}`);
    }
    this.callInfo = { dnis: dest, ...options };
    this.move('dialing');
    this.lineDial(dest, options);
  }

  progress(info: ProgressInfo): void {
    if (this.direction !== 'incoming' || (this.currentState !== 'offered' && this.currentState !== 'alerting')) {
      throw new InvalidStateError(`channel ${this.id}: progress() needs an offered incoming channel, state is ${this.currentState}`);
    }
    this.lineProgress(info);
    if (info.earlyMedia) this.early = true;
    this.move('alerting', () => this.events.safeEmit('progress', info));
  }

  answer(): void {
    if (this.direction !== 'incoming' || (this.currentState !== 'offered' && this.currentState !== 'alerting')) {
      throw new InvalidStateError(`channel ${this.id}: answer() needs an offered incoming channel, state is ${this.currentState}`);
    }
    this.lineAnswer();
    this.early = false;
    this.move('answered', () => this.events.safeEmit('answer'));
  }

  sendDigits(digits: string, options: SendDigitsOptions = {}): boolean {
    if (this.currentState === 'released') return true;
    return this.lineSendDigits(digits, options);
  }

  flash(): boolean {
    if (this.currentState === 'released') return false;
    return this.lineFlash();
  }

  hangup(cause: number, detail?: string): void {
    if (this.currentState === 'released') return;
    this.lineHangup(cause, detail);
    this.finish({ cause, by: 'local', ...(detail !== undefined ? { detail } : {}) });
  }

  reportDigit(event: DigitEvent): void {
    if (this.currentState === 'released') return;
    this.events.safeEmit('digit', event);
  }

  reportDigitStart(digit: string, startSample: number): void {
    if (this.currentState === 'released') return;
    this.events.safeEmit('digitStart', digit, startSample);
  }

  attachMedia(binding: MediaBinding): void {
    if (this.binding) throw new InvalidStateError(`channel ${this.id}: media already attached`);
    this.binding = binding;
  }

  detachMedia(): void {
    this.binding = undefined;
  }

  // ---- driver side -----------------------------------------------------------

  /** Incoming: the line delivered a call (ANI/DNIS complete enough to route). */
  protected remoteOffer(info: CallInfo): void {
    if (this.direction !== 'incoming') throw new InvalidStateError(`channel ${this.id}: offer on an outgoing channel`);
    this.callInfo = info;
    this.move('offered');
  }

  /** Incoming, overlap dialling: more digits arrived. */
  protected remoteInfo(info: CallInfo): void {
    if (this.currentState === 'released') return;
    this.callInfo = info;
    this.events.safeEmit('info', info);
  }

  /** Outgoing: the far end alerts or sends early media. */
  protected remoteProgress(info: ProgressInfo): void {
    if (this.currentState !== 'dialing' && this.currentState !== 'alerting') {
      this.log.warn({ state: this.currentState, event: 'progress' }, 'remote progress ignored');
      return;
    }
    if (info.earlyMedia) this.early = true;
    this.move('alerting', () => this.events.safeEmit('progress', info));
  }

  /** Outgoing: the far end answered. */
  protected remoteAnswer(): void {
    if (this.currentState !== 'dialing' && this.currentState !== 'alerting') {
      this.log.warn({ state: this.currentState, event: 'answer' }, 'remote answer ignored');
      return;
    }
    this.early = false;
    this.move('answered', () => this.events.safeEmit('answer'));
  }

  /** The line or peer released. */
  protected remoteHangup(cause: number, detail?: string): void {
    if (this.currentState === 'released') return;
    this.finish({ cause, by: 'remote', ...(detail !== undefined ? { detail } : {}) });
  }

  /** The line flashed the hook. */
  protected remoteFlash(): void {
    if (this.currentState === 'released') return;
    this.events.safeEmit('flash');
  }

  /** Technology hooks: put the engine's request on the line. */
  protected abstract lineDial(dest: string, options: DialOptions): void;
  protected abstract lineProgress(info: ProgressInfo): void;
  protected abstract lineAnswer(): void;
  protected abstract lineSendDigits(digits: string, options: SendDigitsOptions): boolean;
  protected abstract lineFlash(): boolean;
  protected abstract lineHangup(cause: number, detail: string | undefined): void;

  private finish(info: HangupInfo): void {
    this.released = info;
    this.early = false;
    this.move('released', () => this.events.safeEmit('hangup', info));
  }

  /**
   * Moves to `to` (staying is allowed: a second progress in alerting), then
   * emits the specific event and, on a real change, `state`: listeners of
   * either already see the new state.
   */
  private move(to: ChannelState, specific?: () => void): void {
    const from = this.currentState;
    if (from !== to && !CHANNEL_TRANSITIONS[from].includes(to)) {
      throw new InvalidStateError(`channel ${this.id}: state ${from} may not move to ${to}`);
    }
    this.currentState = to;
    if (from !== to) this.log.debug({ from, to }, 'channel state');
    specific?.();
    if (from !== to) this.events.safeEmit('state', from, to);
  }
}
