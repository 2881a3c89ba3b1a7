// AnalogChannel: the Channel of one call on an analog port (FXS or FXO).
//
// What it does: a ChannelBase whose `line*` hooks hand the engine's
// requests to the port's machine as `user.*` events (dial, progress,
// answer, hangup); the port calls the `remote*` methods back when its
// machine says the line did something (the station answered, hung up,
// flashed, dialled a pulse digit).
//
// How: the port owns the machine; this class only translates. Digits out
// (`sendDigits`) are in-band: the engine generates DTMF into the leg's
// audio (returns false). Flash out is refused here (FXO flash is not
// offered yet).
//
// Limits: one call per channel; a new channel per call on the same port.

import { ChannelBase, type CallDirection, type CallInfo, type DialOptions, type Log, type ProgressInfo, type SendDigitsOptions } from '../../engine/core/contracts/index.ts';

/** What the channel needs from its port. */
export interface AnalogPortHooks {
  dial(dest: string): void;
  progress(): void;
  answer(): void;
  hangup(cause: number): void;
}

/** Construction facts. */
export interface AnalogChannelOptions {
  id: string;
  driver: string;
  board: string;
  span: number;
  role: 'fxs' | 'fxo';
  direction: CallDirection;
  echoCancel: boolean;
  log: Log;
  hooks: AnalogPortHooks;
}

/** One call on an analog port. */
export class AnalogChannel extends ChannelBase {
  private readonly hooks: AnalogPortHooks;

  constructor(options: AnalogChannelOptions) {
    super({
      id: options.id,
      technology: 'analog',
      address: { kind: 'analog', board: options.board, span: options.span, port: 0, role: options.role },
      driver: options.driver,
      direction: options.direction,
      codec: 'alaw',
      echoCancel: options.echoCancel,
      log: options.log,
    });
    this.hooks = options.hooks;
  }

  /** The line delivered a call (port only). */
  offer(info: CallInfo): void {
    this.remoteOffer(info);
  }

  /** The far side alerts (port only). */
  alerting(): void {
    this.remoteProgress({ ringing: true, earlyMedia: false });
  }

  /** The far side answered (port only). */
  answered(): void {
    this.remoteAnswer();
  }

  /** The line released (port only). */
  releasedByLine(cause: number, detail: string): void {
    this.remoteHangup(cause, detail);
  }

  /** Hook flash from the station (port only). */
  flashed(): void {
    this.remoteFlash();
  }

  protected lineDial(dest: string, _options: DialOptions): void {
    this.hooks.dial(dest);
  }

  protected lineProgress(_info: ProgressInfo): void {
    this.hooks.progress();
  }

  protected lineAnswer(): void {
    this.hooks.answer();
  }

  protected lineSendDigits(_digits: string, _options: SendDigitsOptions): boolean {
    return false;
  }

  protected lineFlash(): boolean {
    return false;
  }

  protected lineHangup(cause: number, _detail: string | undefined): void {
    this.hooks.hangup(cause);
  }
}
