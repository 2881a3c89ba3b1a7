// The engine clock contract. Every timer in Hotline goes through a Clock,
// so tests (and freewheel sim lines) can drive time; protocol code never
// calls setTimeout, setInterval or Date.now().

/** A handle to a scheduled timer. */
export interface TimerHandle {
  /** Cancels the timer; idempotent. */
  cancel(): void;
}

/** Monotonic engine time in milliseconds and timers on it. */
export interface Clock {
  /** Engine time in ms (monotonic, starts near 0). */
  now(): number;
  /** Runs fn once when engine time reaches now() + delayMs. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
}
