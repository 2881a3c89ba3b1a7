// DrivenClock: engine time that moves only when something drives it.
//
// What it does: implements the engine Clock for tests and for freewheel
// simulated lines. Time stands still until `advance(ms)` (a test, or a sim
// board stepping its lines by n ticks) moves it; every timer falling due in
// the interval runs in due order, with now() equal to its due time, so a
// protocol sees exactly the times it asked for.
//
// How: a TimerQueue; advance pops due timers one at a time (a timer set by a
// running timer for a time inside the interval also runs in this advance).
// A test runs ten minutes of calls (30 000 media ticks) in seconds.
//
// Limits: advance() must not be called from inside a timer (re-entry would
// break the ordering); it throws InvalidStateError if it is.

import { InvalidStateError } from '../contracts/index.ts';
import type { Clock, TimerHandle } from '../contracts/index.ts';
import { TimerQueue } from './timer-queue.ts';

/** A Clock advanced explicitly (tests, freewheel lines). */
export class DrivenClock implements Clock {
  private t: number;
  private readonly queue = new TimerQueue();
  private running = false;

  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    return this.queue.add(this.t + Math.max(0, delayMs), fn);
  }

  /** Timers pending. */
  get pending(): number {
    return this.queue.size;
  }

  /** Moves time forward by ms, running every timer that falls due, in due order. */
  advance(ms: number): void {
    if (this.running) throw new InvalidStateError('DrivenClock.advance called from inside a timer');
    const end = this.t + Math.max(0, ms);
    this.running = true;
    try {
      for (;;) {
        const due = this.queue.popDue(end);
        if (!due) break;
        this.t = Math.max(this.t, due.at);
        due.fn();
      }
      this.t = end;
    } finally {
      this.running = false;
    }
  }
}
