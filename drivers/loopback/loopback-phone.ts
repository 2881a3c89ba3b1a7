// LoopbackPhone: the far side of a loopback pair, played by a test or a demo.
//
// What it does: owns the non-engine end of a pair. The caller (a test)
// drives its Channel directly (answer, progress, hangup, sendDigits), queues
// line audio to send (`play`, in the pair's codec), and, when listening,
// collects every frame the engine sent it (`heard`).
//
// How: the driver calls `tick()` once per media tick, after the engine's
// frames were moved: the phone takes its inbox (the engine's audio of this
// tick) and puts its next queued frame, or line silence, into its peer's
// inbox for the engine to receive next tick.
//
// Limits: audio is line octets (A-law, μ-law) or l16 bytes; tests encode and
// decode with their own G.711 oracle. Listening keeps everything heard in
// memory: switch it on only for the frames a test inspects.

import type { MediaCodec } from '../../engine/core/contracts/index.ts';
import { silenceOctet, type LoopbackChannel } from './loopback-channel.ts';

/** Test/demo side of a loopback call. */
export class LoopbackPhone {
  readonly channel: LoopbackChannel;
  readonly codec: MediaCodec;
  private readonly frameBytes: number;
  private readonly silence: Uint8Array;
  private queue: Uint8Array[] = [];
  private listening = false;
  private heardFrames: Uint8Array[] = [];
  private framesOut = 0;

  constructor(channel: LoopbackChannel, frameBytes: number, codec: MediaCodec) {
    this.channel = channel;
    this.codec = codec;
    this.frameBytes = frameBytes;
    this.silence = new Uint8Array(frameBytes).fill(silenceOctet(codec));
  }

  /** Queues line bytes to send, one frame per tick (a partial last frame is padded with silence). */
  play(line: Uint8Array): void {
    for (let at = 0; at < line.length; at += this.frameBytes) {
      const f = new Uint8Array(this.silence);
      f.set(line.subarray(at, Math.min(line.length, at + this.frameBytes)));
      this.queue.push(f);
    }
  }

  /** Frames still queued to send. */
  get queued(): number {
    return this.queue.length;
  }

  /** Starts (or stops) keeping what the engine sends. */
  listen(on: boolean): void {
    this.listening = on;
  }

  /** Everything heard while listening, concatenated line bytes. */
  heard(): Uint8Array {
    const out = new Uint8Array(this.heardFrames.length * this.frameBytes);
    this.heardFrames.forEach((f, i) => out.set(f, i * this.frameBytes));
    return out;
  }

  /** Forgets what was heard. */
  clearHeard(): void {
    this.heardFrames = [];
  }

  /** Frames sent to the engine so far (queued audio or silence). */
  get sent(): number {
    return this.framesOut;
  }

  /** One media tick (driver only). */
  tick(): void {
    const ch = this.channel;
    if (ch.inboxFull) {
      if (this.listening) this.heardFrames.push(new Uint8Array(ch.inbox));
      ch.inboxFull = false;
    }
    if (ch.state === 'released') return;
    const peer = ch.peer;
    peer.inbox.set(this.queue.shift() ?? this.silence);
    peer.inboxFull = true;
    this.framesOut++;
  }
}
