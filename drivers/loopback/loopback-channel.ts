// LoopbackChannel: one end of a software pair wired back to back.
//
// What it does: a Channel whose "line" is its peer. What one end signals
// (dial, progress, answer, digits out of band, flash, hangup with a cause)
// the other end receives as the matching remote event, one signalling delay
// later on the engine clock (never synchronously, so a listener never sees
// its own request re-enter). Audio moves in the driver's media hooks: what
// one end sends in a tick, the other receives in the next tick, byte for
// byte, as a cable would carry it.
//
// How: ChannelBase holds the Channel state table; this class implements the
// `line*` hooks by scheduling the peer's `remote*` call. The audio inbox is
// one frame of line octets per end, filled by the driver in mediaOut and
// copied into the attached rx frame in mediaIn (one bulk copy per channel).
//
// Limits: both ends of a pair carry the same codec (a cable does not
// transcode); conversion between codecs is the engine bridge's job.

import {
  ChannelBase,
  InvalidStateError,
  type CallInfo,
  type Clock,
  type DialOptions,
  type Log,
  type MediaCodec,
  type ProgressInfo,
  type SendDigitsOptions,
  type CallDirection,
} from '../../engine/core/contracts/index.ts';

/** Octets of one 20 ms frame on the line: 160 for G.711, 320 for l16. */
export function lineFrameBytes(codec: MediaCodec): number {
  return codec === 'l16' ? 320 : 160;
}

/** The silence octet of a codec (A-law 0xD5, μ-law 0xFF, l16 0). */
export function silenceOctet(codec: MediaCodec): number {
  return codec === 'alaw' ? 0xd5 : codec === 'ulaw' ? 0xff : 0;
}

/** Construction facts of one end. */
export interface LoopbackChannelOptions {
  id: string;
  driver: string;
  pair: number;
  end: 'a' | 'b';
  /** The circuit the pair occupies (both ends report it). */
  span: number;
  channel: number;
  direction: CallDirection;
  codec: MediaCodec;
  echoCancel: boolean;
  outOfBandDigits: boolean;
  clock: Clock;
  signallingDelayMs: number;
  log: Log;
  /** Called once when this end is released (the driver frees the circuit). */
  onReleased: (ch: LoopbackChannel) => void;
}

/** One end of a loopback pair. */
export class LoopbackChannel extends ChannelBase {
  readonly pair: number;
  readonly end: 'a' | 'b';
  /** Line octets received from the peer for the next tick (driver-owned). */
  readonly inbox: Uint8Array;
  /** True when the inbox holds a frame not yet consumed. */
  inboxFull = false;
  private peerEnd: LoopbackChannel | undefined;
  private readonly clock: Clock;
  private readonly delayMs: number;
  private readonly outOfBand: boolean;

  constructor(options: LoopbackChannelOptions) {
    super({
      id: options.id,
      technology: 'loopback',
      address: { kind: 'loopback', pair: options.pair, end: options.end, span: options.span, channel: options.channel },
      driver: options.driver,
      direction: options.direction,
      codec: options.codec,
      echoCancel: options.echoCancel,
      inbandDtmf: !options.outOfBandDigits,
      log: options.log,
    });
    this.pair = options.pair;
    this.end = options.end;
    this.clock = options.clock;
    this.delayMs = options.signallingDelayMs;
    this.outOfBand = options.outOfBandDigits;
    this.inbox = new Uint8Array(lineFrameBytes(options.codec)).fill(silenceOctet(options.codec));
    this.events.on('hangup', () => options.onReleased(this));
  }

  /** The other end of the cable. */
  get peer(): LoopbackChannel {
    if (!this.peerEnd) throw new InvalidStateError(`loopback ${this.id}: not wired`);
    return this.peerEnd;
  }

  /** Wires two ends together (driver only). */
  static wire(a: LoopbackChannel, b: LoopbackChannel): void {
    a.peerEnd = b;
    b.peerEnd = a;
  }

  /** The far end delivered a call to this (incoming) end. */
  offer(info: CallInfo): void {
    this.remoteOffer(info);
  }

  /** Schedules fn on the peer after the signalling delay. */
  private toPeer(fn: (peer: LoopbackChannel) => void): void {
    const peer = this.peer;
    this.clock.setTimer(this.delayMs, () => {
      if (peer.state !== 'released') fn(peer);
    });
  }

  protected lineDial(dest: string, options: DialOptions): void {
    const info: CallInfo = { dnis: dest, ...options };
    this.toPeer((p) => p.offer(info));
  }

  protected lineProgress(info: ProgressInfo): void {
    this.toPeer((p) => p.remoteProgress(info));
  }

  protected lineAnswer(): void {
    this.toPeer((p) => p.remoteAnswer());
  }

  protected lineSendDigits(digits: string, options: SendDigitsOptions): boolean {
    if (!this.outOfBand) return false;
    const onMs = options.onMs ?? 100;
    const offMs = options.offMs ?? 100;
    let at = this.clock.now();
    for (const digit of digits) {
      const startSample = Math.round(at * 8);
      const endSample = Math.round((at + onMs) * 8);
      this.clock.setTimer(at + onMs - this.clock.now() + this.delayMs, () => {
        const p = this.peer;
        if (p.state !== 'released') p.reportDigit({ digit, source: 'signalling', startSample, endSample });
      });
      at += onMs + offMs;
    }
    return true;
  }

  protected lineFlash(): boolean {
    this.toPeer((p) => p.remoteFlash());
    return true;
  }

  protected lineHangup(cause: number, detail: string | undefined): void {
    this.toPeer((p) => p.remoteHangup(cause, detail));
  }
}
