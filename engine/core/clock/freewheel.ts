// Freewheel: engine time driven by simulated lines, faster than real time.
//
// What it does: advances a DrivenClock in fixed steps (one media tick,
// 20 ms, by default), calling the line step first each time (a sim board's
// synchronous `step(n)` in freewheel pace moves its lines by the same
// amount of line time), so line time and engine time never drift apart and
// a whole call runs as fast as the CPU allows, deterministically.
//
// How: `run(ms)` loops step → advance; `runUntil(done, maxMs)` stops as soon
// as a condition holds (checked after each step), or at maxMs.
//
// Limits: single-threaded and synchronous; meant for tests and the
// `freewheel` pace, never for production lines.

import type { DrivenClock } from './driven-clock.ts';

/** Drives a DrivenClock from a line step. */
export class Freewheel {
  readonly stepMs: number;
  private readonly clock: DrivenClock;
  private readonly step: (ms: number) => void;

  constructor(options: { clock: DrivenClock; step?: (ms: number) => void; stepMs?: number }) {
    this.clock = options.clock;
    this.step = options.step ?? (() => {});
    this.stepMs = options.stepMs ?? 20;
  }

  /** Runs ms of line and engine time (rounded up to whole steps). */
  run(ms: number): void {
    for (let t = 0; t < ms; t += this.stepMs) {
      this.step(this.stepMs);
      this.clock.advance(this.stepMs);
    }
  }

  /** Runs until done() holds or maxMs passed; returns whether done() held. */
  runUntil(done: () => boolean, maxMs: number): boolean {
    for (let t = 0; t < maxMs; t += this.stepMs) {
      if (done()) return true;
      this.step(this.stepMs);
      this.clock.advance(this.stepMs);
    }
    return done();
  }
}
