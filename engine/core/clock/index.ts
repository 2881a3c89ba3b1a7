// Engine clocks: real time for production, driven time for tests and freewheel lines.

/** Min-heap of timers used by the clocks. */
export { TimerQueue } from './timer-queue.ts';
/** Engine time advanced explicitly (tests, freewheel sim lines). */
export { DrivenClock } from './driven-clock.ts';
/** Real-time production clock with one scheduler. */
export { WallClock } from './wall-clock.ts';
/** Periodic 20 ms tick on any clock, with lateness measurement. */
export { Ticker, type TickStats } from './ticker.ts';
/** Engine time driven by simulated lines in freewheel pace. */
export { Freewheel } from './freewheel.ts';
