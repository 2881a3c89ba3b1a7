// WallClock: the production engine clock, on real time.
//
// What it does: implements the engine Clock with one scheduler for the whole
// process: engine time is monotonic milliseconds since start
// (performance.now), and every engine timer, the 20 ms media tick included,
// sits in one TimerQueue. A single host timer is armed for the earliest due
// entry; when it fires, every entry due by then runs in due order.
//
// How: this file is the one place in the engine allowed to touch the host's
// timers (setTimeout): protocol code sees only the Clock. The host timer is
// unref'd only if the caller asks (a CLI tool that should exit on idle).
//
// Limits: Node's timers have about 1 ms resolution and are late under load;
// lateness is measured by whoever schedules (the media ticker reports it).

import { performance } from 'node:perf_hooks';
import { silentLog, type Clock, type Log, type TimerHandle } from '../contracts/index.ts';
import { TimerQueue } from './timer-queue.ts';

/** Real-time Clock. */
export class WallClock implements Clock {
  private readonly origin = performance.now();
  private readonly queue = new TimerQueue();
  private host: ReturnType<typeof setTimeout> | undefined;
  private hostAt = Infinity;
  private stopped = false;
  private readonly log: Log;

  constructor(options: { log?: Log } = {}) {
    this.log = options.log ?? silentLog;
  }

  now(): number {
    return performance.now() - this.origin;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const h = this.queue.add(this.now() + Math.max(0, delayMs), fn);
    this.arm();
    return h;
  }

  /** Stops the scheduler: pending timers never run. Idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.host !== undefined) clearTimeout(this.host);
    this.host = undefined;
  }

  private arm(): void {
    if (this.stopped) return;
    const at = this.queue.peekAt();
    if (at === undefined || at >= this.hostAt) return;
    if (this.host !== undefined) clearTimeout(this.host);
    this.hostAt = at;
    this.host = setTimeout(() => this.fire(), Math.max(0, at - this.now()));
  }

  private fire(): void {
    this.host = undefined;
    this.hostAt = Infinity;
    const now = this.now();
    for (;;) {
      const due = this.queue.popDue(now);
      if (!due) break;
      try {
        due.fn();
      } catch (err) {
        // Timer callbacks own their errors (each call has its try boundary);
        // one that escapes must not stop the scheduler for everyone else.
        this.log.error({ err }, 'timer callback threw');
      }
    }
    this.arm();
  }
}
