// Ticker: a fixed-period tick (the 20 ms media tick) on any engine Clock.
//
// What it does: calls fn every periodMs of engine time, on the grid
// start + n * periodMs (no drift: each tick is armed for its grid time, not
// for "now + period"), and measures how late each tick ran and how long it
// took, for /metrics.
//
// How: on a DrivenClock ticks run exactly on the grid (lateness 0); on the
// WallClock a late tick is run at once and the next one is still armed on the
// grid. When the process fell more than `maxCatchUp` periods behind (a long
// GC pause, a debugger), the missed ticks are skipped and counted rather than
// run back to back, since audio that late is useless.
//
// Limits: fn must not throw (the media tick has its own try boundaries); if
// it does, the error is logged and the ticker keeps going.

import { silentLog, type Clock, type Log, type TimerHandle } from '../contracts/index.ts';

/** Running figures of a Ticker. */
export interface TickStats {
  ticks: number;
  skipped: number;
  lastLateMs: number;
  maxLateMs: number;
  lastCostMs: number;
  maxCostMs: number;
  totalCostMs: number;
}

/** Periodic tick on a Clock. */
export class Ticker {
  readonly periodMs: number;
  readonly stats: TickStats = { ticks: 0, skipped: 0, lastLateMs: 0, maxLateMs: 0, lastCostMs: 0, maxCostMs: 0, totalCostMs: 0 };
  private readonly clock: Clock;
  private readonly fn: (tickIndex: number) => void;
  private readonly log: Log;
  private readonly maxCatchUp: number;
  private readonly cost: () => number;
  private timer: TimerHandle | undefined;
  private next = 0;
  private index = 0;

  /**
   * `cost` reads a time source for the tick's own cost (defaults to the
   * clock; the engine passes a wall-time reader so driven clocks still
   * measure real cost).
   */
  constructor(options: { clock: Clock; periodMs: number; fn: (tickIndex: number) => void; log?: Log; maxCatchUp?: number; cost?: () => number }) {
    this.clock = options.clock;
    this.periodMs = options.periodMs;
    this.fn = options.fn;
    this.log = options.log ?? silentLog;
    this.maxCatchUp = options.maxCatchUp ?? 5;
    this.cost = options.cost ?? (() => this.clock.now());
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts ticking; the first tick is one period from now. */
  start(): void {
    if (this.timer) return;
    this.next = this.clock.now() + this.periodMs;
    this.arm();
  }

  /** Stops; idempotent. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private arm(): void {
    this.timer = this.clock.setTimer(this.next - this.clock.now(), () => this.run());
  }

  private run(): void {
    const s = this.stats;
    const late = this.clock.now() - this.next;
    if (late > this.maxCatchUp * this.periodMs) {
      const missed = Math.floor(late / this.periodMs);
      s.skipped += missed;
      this.index += missed;
      this.next += missed * this.periodMs;
    }
    s.lastLateMs = Math.max(0, this.clock.now() - this.next);
    if (s.lastLateMs > s.maxLateMs) s.maxLateMs = s.lastLateMs;
    const t0 = this.cost();
    try {
      this.fn(this.index);
    } catch (err) {
      this.log.error({ err, tick: this.index }, 'tick threw');
    }
    const c = this.cost() - t0;
    s.lastCostMs = c;
    s.totalCostMs += c;
    if (c > s.maxCostMs) s.maxCostMs = c;
    s.ticks++;
    this.index++;
    this.next += this.periodMs;
    if (this.timer) this.arm();
  }
}
