// MixerBank: typed API of the mixer kernel (wasm/kernels/mixer.ts).
//
// What it does: opens conference rooms (one slot each), sets a room's
// participant list (in frame, out frame, gain, muted), queues rooms for the
// tick and reads each room's limiter figures.
//
// How: setParticipants writes the room's PARAM block and calls
// mixerConfigure (limiters restart); setGain and setMuted rewrite one
// participant's words in place (no restart), so a supervisor's mute or
// whisper takes effect on the next tick without a click. queue(room)
// appends [room, 0, 0, 0]; run() mixes every queued room in one call.
//
// Limits: MIXER_MAX_PARTICIPANTS (63) per room. A participant's out frame
// must not be any participant's in frame.

import { HotlineError } from '../engine/core/contracts/index.ts';
import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** One member of a room. */
export interface MixerParticipant {
  /** Frame the participant speaks into (160 i16). */
  inPtr: number;
  /** Frame that receives what the participant hears; 0 = nobody listens (a source only). */
  outPtr: number;
  /** Linear gain on what this participant says (default 1). */
  gain?: number;
  /** Listen only: not summed into anyone's mix (default false). */
  muted?: boolean;
}

/** A room's limiter figures after the last tick. */
export interface MixerRoomResult {
  /** Peak of the sum of all talking participants (linear, may exceed 32767). */
  peakSum: number;
  /** Lowest limiter gain among the listeners (1 = nobody limited). */
  minGain: number;
  /** Listeners whose limiter gain is below 1. */
  limited: number;
}

/** Conference rooms. */
export class MixerBank extends KernelBank {
  /** Most participants in one room. */
  readonly maxParticipants: number;
  private readonly mutedFlag: number;
  private readonly counts: Int32Array;

  constructor(core: DspCore) {
    super(core, regionsOf(core, 'mixer', 'MIXER'));
    this.maxParticipants = core.layout.MIXER_MAX_PARTICIPANTS;
    this.mutedFlag = core.layout.MIXER_FLAG_MUTED;
    this.counts = new Int32Array(this.regions.maxSlots);
  }

  /** Opens an empty room. */
  open(): number {
    const room = this.allocSlot();
    this.counts[room] = 0;
    return room;
  }

  /** Replaces the room's participant list; limiters restart. */
  setParticipants(room: number, participants: readonly MixerParticipant[]): void {
    this.checkSlot(room);
    if (participants.length > this.maxParticipants) {
      throw new HotlineError('ERR_CAPACITY', `mixer room ${room}: ${participants.length} participants, at most ${this.maxParticipants}`);
    }
    const i32 = this.paramsI32(room);
    const f32 = this.paramsF32(room);
    i32.fill(0);
    i32[0] = participants.length;
    participants.forEach((p, k) => {
      const at = 4 + k * 4;
      i32[at] = p.inPtr;
      i32[at + 1] = p.outPtr;
      f32[at + 2] = p.gain ?? 1;
      i32[at + 3] = p.muted ? this.mutedFlag : 0;
    });
    this.counts[room] = participants.length;
    this.applyParams(room);
  }

  /** Changes one participant's gain from the next tick (no limiter restart). */
  setGain(room: number, index: number, gain: number): void {
    this.paramsF32(room)[4 + this.checkIndex(room, index) * 4 + 2] = gain;
  }

  /** Mutes (listen only) or unmutes one participant from the next tick. */
  setMuted(room: number, index: number, muted: boolean): void {
    this.paramsI32(room)[4 + this.checkIndex(room, index) * 4 + 3] = muted ? this.mutedFlag : 0;
  }

  /** Queues the room for the next run(). */
  queue(room: number): void {
    this.push(room, 0, 0, 0);
  }

  /** The room's limiter figures after the last tick. */
  result(room: number): MixerRoomResult {
    this.checkSlot(room);
    const at = this.resultIndex(room);
    return { peakSum: this.core.f32[at] ?? 0, minGain: this.core.f32[at + 1] ?? 1, limited: this.core.i32[at + 2] ?? 0 };
  }

  private checkIndex(room: number, index: number): number {
    this.checkSlot(room);
    if (!Number.isInteger(index) || index < 0 || index >= (this.counts[room] ?? 0)) {
      throw new HotlineError('ERR_INVALID_ARG', `mixer room ${room}: no participant ${index}`);
    }
    return index;
  }
}
