// Timers of the analog loop-start machines, as data.
//
// What it does: one row per timer: name, default, allowed range, where the
// value comes from, and what happens at expiry. Config overrides a value
// within its range (`resolveTimers`); expiry arrives at the machine as a
// `timer` event with the name.
//
// Sources: loop-start practice (no single normative clause): China
// exchanges give about 10 s of dial tone before a time-out and 4 s between
// digits (YD/T 1071 practice [M]); the ring cadence is 1 s on / 4 s off
// (shared/specs/sim-line.md "Analog frame content"), so an FXO port that
// hears no ring for 6 s knows the caller gave up. Hook decoding windows
// (flash 100-600 ms, pulse breaks, onhook > 600 ms) are the board's, not
// timers here (docs/boards.md "Analog").
// Limits: values in engine ms; the shell runs them on the engine clock.

import { ConfigError } from '../../engine/core/contracts/index.ts';

/** One timer's row. */
export interface TimerSpec {
  readonly name: string;
  readonly defaultMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly source: string;
  readonly description: string;
}

/** FXS (exchange side) timers. */
export const FXS_TIMERS = {
  firstDigit: { name: 'firstDigit', defaultMs: 10_000, minMs: 2_000, maxMs: 60_000, source: 'loop-start practice [M]', description: 'dial tone with no digit: stop dial tone, lock the port out with congestion tone' },
  interDigit: { name: 'interDigit', defaultMs: 4_000, minMs: 1_000, maxMs: 20_000, source: 'loop-start practice [M]', description: 'no further digit: the number is complete, offer the call' },
  openLoop: { name: 'openLoop', defaultMs: 800, minMs: 100, maxMs: 2_000, source: 'loop-start open-loop disconnect [M]', description: 'battery dropped after the engine released, so equipment behind the station sees the disconnect' },
  releaseTone: { name: 'releaseTone', defaultMs: 40_000, minMs: 5_000, maxMs: 300_000, source: 'loop-start practice [M]', description: 'busy/congestion tone after release with the station still off hook: go silent (lockout)' },
} as const satisfies Record<string, TimerSpec>;

/** FXO (station side) timers. */
export const FXO_TIMERS = {
  ringGone: { name: 'ringGone', defaultMs: 6_000, minMs: 4_500, maxMs: 15_000, source: 'ring cadence 1 s on / 4 s off (sim-line.md)', description: 'no ring burst for longer than the silent part of the cadence: the caller abandoned' },
  dialDelay: { name: 'dialDelay', defaultMs: 1_000, minMs: 200, maxMs: 5_000, source: 'loop-start practice [M]', description: 'off hook before dialling: wait for the exchange to give dial tone' },
  batteryLoss: { name: 'batteryLoss', defaultMs: 300, minMs: 50, maxMs: 2_000, source: 'loop-start disconnect supervision [M]', description: 'battery dropped this long: the far end disconnected' },
} as const satisfies Record<string, TimerSpec>;

export type FxsTimerName = keyof typeof FXS_TIMERS;
export type FxoTimerName = keyof typeof FXO_TIMERS;

/** Timer values in ms by name. */
export type TimerValues<T extends string> = Readonly<Record<T, number>>;

/** Defaults with overrides applied; an override outside its range is a ConfigError naming the key. */
export function resolveTimers<T extends string>(
  table: Readonly<Record<T, TimerSpec>>,
  overrides: Partial<Record<T, number>> = {},
  key = 'analog.timers',
  file = 'analog',
): TimerValues<T> {
  const out = {} as Record<T, number>;
  for (const name of Object.keys(table) as T[]) {
    const spec = table[name];
    const v = overrides[name];
    if (v !== undefined && (!Number.isFinite(v) || v < spec.minMs || v > spec.maxMs)) {
      throw new ConfigError(file, `${key}.${name}`, `${spec.minMs}..${spec.maxMs} ms`, v);
    }
    out[name] = v ?? spec.defaultMs;
  }
  return out;
}
