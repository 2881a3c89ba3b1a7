// MediaRoom: a conference room of three or more legs on the DSP mixer.
//
// What it does: keeps the members of one mixer room (a mixer slot) and the
// member list the tick hands the mixer: each member's input ("what it said",
// after echo cancellation) and its output frame (its txLin), which receives
// the sum of the others (mix-minus: a member never hears itself).
//
// How: the member list is handed to the mixer only when membership changes
// (join/leave), never per tick. Two-party calls never use a room: the bridge copies frames.
//
// Limits: the mixer kernel's own member limit applies (MIXER_PARAM_BYTES).

import type { LegMedia } from './leg-media.ts';
import type { MixStage } from './media-dsp.ts';

/** One mixer room. */
export class MediaRoom {
  readonly name: string;
  readonly slot: number;
  private readonly mixer: MixStage;
  private readonly legs = new Set<LegMedia>();

  constructor(name: string, slot: number, mixer: MixStage) {
    this.name = name;
    this.slot = slot;
    this.mixer = mixer;
  }

  get size(): number {
    return this.legs.size;
  }

  get members(): readonly LegMedia[] {
    return [...this.legs];
  }

  has(leg: LegMedia): boolean {
    return this.legs.has(leg);
  }

  add(leg: LegMedia): void {
    this.legs.add(leg);
    this.rebuild();
  }

  remove(leg: LegMedia): void {
    this.legs.delete(leg);
    this.rebuild();
  }

  /**
   * Hands the mixer the member list: on membership change, and when a
   * member's input frame changes (fax mode takes the canceller out) or it
   * faulted.
   */
  rebuild(): void {
    this.mixer.setMembers(
      this.slot,
      [...this.legs].filter((l) => !l.faulted).map((l) => ({ inPtr: l.inPtr, outPtr: l.txLin.ptr })),
    );
  }
}
