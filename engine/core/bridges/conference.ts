// Conference: a named meeting of legs; two parties bridge directly, three or
// more go through the DSP mixer.
//
// What it does: keeps a room's members and lays out their audio whenever
// membership changes:
//   1 member    hears silence
//   2 members   direct bridge: each leg's outgoing frame is a copy of the
//               other's received frame (no mixer: mixing two parties only
//               adds cost and a second summation's rounding)
//   3 or more   one mixer room (mix-minus: each hears the others, not itself)
// A held member is taken out of the mix until taken off hold.
//
// Limits: needs the mixer kernel for three or more (`add` returns false
// when it is absent, and the engine refuses the join with a cause).

import type { Leg } from '../calls/leg.ts';
import type { MediaRoom, MediaTick } from '../media/index.ts';

/** Audio layout of a conference right now. */
export type ConferenceMode = 'empty' | 'single' | 'direct' | 'mixer';

/** A named conference. */
export class Conference {
  readonly name: string;
  private readonly media: MediaTick;
  private readonly members: Leg[] = [];
  private room: MediaRoom | undefined;

  constructor(name: string, media: MediaTick) {
    this.name = name;
    this.media = media;
  }

  get size(): number {
    return this.members.length;
  }

  get mode(): ConferenceMode {
    const n = this.active().length;
    return n === 0 ? 'empty' : n === 1 ? 'single' : n === 2 ? 'direct' : 'mixer';
  }

  /** Leg ids of the members. */
  legIds(): string[] {
    return this.members.map((l) => l.id);
  }

  has(leg: Leg): boolean {
    return this.members.includes(leg);
  }

  /** Adds a leg; false (and nothing changed) when three parties need a mixer that is absent. */
  add(leg: Leg): boolean {
    if (this.has(leg)) return true;
    if (this.active().length + 1 >= 3 && !this.media.canMix) return false;
    this.members.push(leg);
    this.layout();
    return true;
  }

  /** Removes a leg and lays out the rest. */
  remove(leg: Leg): void {
    const i = this.members.indexOf(leg);
    if (i < 0) return;
    this.members.splice(i, 1);
    if (leg.media) {
      this.media.leaveRoom(leg.media);
      this.media.setSource(leg.media, { kind: 'silence' });
    }
    this.layout();
  }

  /** Re-applies the layout (after hold/unhold of a member). */
  layout(): void {
    const act = this.active();
    for (const l of this.members) if (l.media && !act.includes(l)) this.media.leaveRoom(l.media);
    if (act.length >= 3) {
      if (!this.room) this.room = this.media.openRoom(this.name);
      const room = this.room;
      if (!room) return;
      for (const l of act) if (l.media && !room.has(l.media)) this.media.joinRoom(l.media, room);
      return;
    }
    if (this.room) {
      const room = this.room;
      this.room = undefined;
      this.media.closeRoom(room);
    }
    const [a, b] = act;
    if (a?.media && b?.media) {
      this.media.setSource(a.media, { kind: 'leg', from: b.media });
      this.media.setSource(b.media, { kind: 'leg', from: a.media });
    } else if (a?.media) this.media.setSource(a.media, { kind: 'silence' });
  }

  private active(): Leg[] {
    return this.members.filter((l) => !l.held && !l.ended && l.media);
  }
}
