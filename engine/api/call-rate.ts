// Calls per second over a sliding window, on the engine clock.
//
// How: call starts are counted into one-second buckets of engine time (a
// ring of WINDOW_S buckets); the rate is the sum of the buckets inside the
// window divided by its length. No timer is needed: buckets are recycled
// when a newer second lands on them.

/** Width of the window over which /metrics reports calls per second. */
export const CALL_RATE_WINDOW_S = 10;

/** Sliding-window call rate. */
export class CallRate {
  private readonly counts = new Float64Array(CALL_RATE_WINDOW_S);
  private readonly seconds = new Float64Array(CALL_RATE_WINDOW_S).fill(-1);

  /** Counts one call started at engine time atMs. */
  add(atMs: number): void {
    const s = Math.floor(atMs / 1000);
    const i = s % CALL_RATE_WINDOW_S;
    if (this.seconds[i] !== s) {
      this.seconds[i] = s;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + 1;
  }

  /** Calls per second over the window that ends at engine time nowMs (the current second included). */
  perSecond(nowMs: number): number {
    const now = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let i = 0; i < CALL_RATE_WINDOW_S; i++) {
      const s = this.seconds[i] ?? -1;
      if (s > now - CALL_RATE_WINDOW_S && s <= now) sum += this.counts[i] ?? 0;
    }
    return sum / CALL_RATE_WINDOW_S;
  }
}
