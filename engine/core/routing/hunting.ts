// Channel hunting: the order in which a trunk group's circuits are tried.
//
// What it does: given the circuits a trunk group may use (already filtered
// to the group's spans and channel ranges, in span/channel order) and the
// group's strategy, returns the available circuits in the order to try:
//   lowest      lowest span, then lowest channel first (ascending)
//   highest     highest first (descending): two exchanges hunting a both-way
//               trunk from opposite ends collide (glare) only when it is full
//   roundRobin  the circuit after the one used last, wrapping around, so
//               traffic spreads evenly over spans and channels
// The round-robin cursor is state owned by the caller (one per trunk group
// in the engine's Router), passed in and returned: the function is pure.
//
// Limits: busy/blocked/alarmed circuits are skipped (the driver's
// `available`); an empty result means congestion (Q.850 34).

/** Hunting strategies. */
export type HuntStrategy = 'lowest' | 'highest' | 'roundRobin';

/** Every strategy name (config validation). */
export const HUNT_STRATEGIES: readonly HuntStrategy[] = ['lowest', 'highest', 'roundRobin'];

/** A circuit candidate: which driver, where, and whether it is free. */
export interface HuntCandidate {
  readonly driver: string;
  readonly span: number;
  readonly channel: number;
  readonly available: boolean;
}

/** Where round robin continues: the last circuit used. */
export interface HuntCursor {
  readonly driver: string;
  readonly span: number;
  readonly channel: number;
}

function compare(a: HuntCursor, b: HuntCursor): number {
  return a.driver < b.driver ? -1 : a.driver > b.driver ? 1 : a.span - b.span || a.channel - b.channel;
}

/** The available candidates in the order to try them. */
export function huntOrder(candidates: readonly HuntCandidate[], strategy: HuntStrategy, cursor?: HuntCursor): HuntCandidate[] {
  const sorted = [...candidates].sort(compare);
  const free = sorted.filter((c) => c.available);
  switch (strategy) {
    case 'lowest':
      return free;
    case 'highest':
      return free.reverse();
    case 'roundRobin': {
      if (!cursor) return free;
      const after = free.findIndex((c) => compare(c, cursor) > 0);
      return after < 0 ? free : [...free.slice(after), ...free.slice(0, after)];
    }
  }
}
