// Router: the engine's routing state around the pure selection functions.
//
// What it does: holds the current validated RoutingConfig and one
// round-robin cursor per trunk group, answers "where does this call go"
// (decideRoute), finds the extension a device belongs to, and lists the
// circuits of a trunk group in hunting order from the drivers' circuit
// lists. `reload` swaps the config atomically (calls in progress keep the
// decision they got); cursors of groups that still exist are kept.
//
// Limits: one instance per engine (no module state). Circuit lists come from
// the drivers at the moment of the call, so a busy or alarmed circuit is
// skipped without the router tracking it.

import type { Circuit } from '../contracts/index.ts';
import type { Extension, RoutingConfig, TrunkGroup } from './routing-config.ts';
import { EMPTY_ROUTING } from './routing-config.ts';
import { decideRoute, type RouteDecision, type RouteQuery } from './route-select.ts';
import { huntOrder, type HuntCandidate, type HuntCursor } from './hunting.ts';

/** Routing state of one engine. */
export class Router {
  private cfg: RoutingConfig;
  private readonly cursors = new Map<string, HuntCursor>();

  constructor(config: RoutingConfig = EMPTY_ROUTING) {
    this.cfg = config;
  }

  get config(): RoutingConfig {
    return this.cfg;
  }

  /** Replaces the config (already validated). */
  reload(config: RoutingConfig): void {
    this.cfg = config;
    const names = new Set(config.trunkGroups.map((g) => g.name));
    for (const k of [...this.cursors.keys()]) if (!names.has(k)) this.cursors.delete(k);
  }

  /** Where a call goes. */
  decide(q: RouteQuery): RouteDecision {
    return decideRoute(this.cfg, q);
  }

  /** The extension whose device is (driver, span, channel), if any. */
  extensionOfDevice(driver: string, span: number | undefined, channel: number | undefined): Extension | undefined {
    return this.cfg.extensions.find(
      (e) =>
        e.device.driver === driver &&
        (e.device.span === undefined || e.device.span === span) &&
        (e.device.channel === undefined || e.device.channel === channel),
    );
  }

  /** The extension with this number, if any. */
  extension(number: string): Extension | undefined {
    return this.cfg.extensions.find((e) => e.number === number);
  }

  /**
   * The group's available circuits in hunting order. `circuitsOf` returns a
   * driver's circuit list, or undefined for a driver the engine does not
   * have (the member is skipped).
   */
  hunt(group: TrunkGroup, circuitsOf: (driver: string) => readonly Circuit[] | undefined): HuntCandidate[] {
    const candidates: HuntCandidate[] = [];
    for (const m of group.members) {
      const list = circuitsOf(m.driver);
      if (!list) continue;
      for (const c of list) {
        if (m.spans && !m.spans.includes(c.span)) continue;
        if (m.channels && (c.channel < m.channels[0] || c.channel > m.channels[1])) continue;
        candidates.push({ driver: m.driver, span: c.span, channel: c.channel, available: c.available });
      }
    }
    return huntOrder(candidates, group.hunt, this.cursors.get(group.name));
  }

  /** Records the circuit a group used (round robin continues after it). */
  used(group: TrunkGroup, c: HuntCursor): void {
    this.cursors.set(group.name, { driver: c.driver, span: c.span, channel: c.channel });
  }
}
