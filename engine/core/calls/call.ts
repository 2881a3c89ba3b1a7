// Call: the legs of one call and the facts its CDR needs.
//
// What it does: one Call per call attempt (an offered incoming channel, or
// an originate): its id, ANI/DNIS/category as first seen, the route taken,
// every leg that ever took part (in order: the first is the originating
// party), timestamps in engine and wall time, the first release cause, the
// recording path, and a state:
//   setup     -> connected (first answer) -> ended
//   setup     -> ended (failed, busy, no answer)
// The engine's call control changes it; it holds no timers or I/O itself.
//
// Limits: a leg moved to another call by a transfer stays listed here (its
// CDR leg entry records its time in this call).

import type { CallerCategory, HangupInfo, TimerHandle } from '../contracts/index.ts';
import type { Leg } from './leg.ts';

/** Life of a call. */
export type CallState = 'setup' | 'connected' | 'ended';

/** JSON-safe view of a call for the API. */
export interface CallSnapshot {
  readonly callId: string;
  readonly state: CallState;
  readonly ani: string | null;
  readonly dnis: string;
  readonly route: string | null;
  readonly startAt: number;
  readonly answerAt: number | null;
  readonly legs: readonly { legId: string; channelId: string; driver: string; state: string; held: boolean }[];
}

/** One call. */
export class Call {
  readonly id: string;
  readonly ani: string | undefined;
  readonly dnis: string;
  readonly category: CallerCategory | undefined;
  readonly startAt: number;
  readonly startWall: number;
  readonly legs: Leg[] = [];
  state: CallState = 'setup';
  route: string | null = null;
  answerAt: number | null = null;
  answerWall: number | null = null;
  endAt: number | null = null;
  endWall: number | null = null;
  /** First release (its cause is the call's cause). */
  firstRelease: HangupInfo | undefined;
  /** Set when the engine released the call because something failed inside it. */
  failure: string | undefined;
  recordingPath: string | null = null;
  ringTimer: TimerHandle | undefined;

  constructor(init: { id: string; ani: string | undefined; dnis: string; category: CallerCategory | undefined; startAt: number; startWall: number }) {
    this.id = init.id;
    this.ani = init.ani;
    this.dnis = init.dnis;
    this.category = init.category;
    this.startAt = init.startAt;
    this.startWall = init.startWall;
  }

  /** Legs not yet ended that belong to this call now. */
  liveLegs(): Leg[] {
    return this.legs.filter((l) => !l.ended && l.call === this.id);
  }

  /** JSON-safe view. */
  snapshot(): CallSnapshot {
    return {
      callId: this.id,
      state: this.state,
      ani: this.ani ?? null,
      dnis: this.dnis,
      route: this.route,
      startAt: this.startAt,
      answerAt: this.answerAt,
      legs: this.legs
        .filter((l) => l.call === this.id)
        .map((l) => ({ legId: l.id, channelId: l.channel.id, driver: l.channel.driver, state: l.channel.state, held: l.held })),
    };
  }
}
