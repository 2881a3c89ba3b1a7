// Route selection: which route a call takes, as pure functions.
//
// What it does: decides a call's target from the routing config and the
// call's facts (ANI, DNIS, and the calling extension if the call comes from
// one), in this order:
//   1. a call from an extension to another extension's number: internal;
//   2. the first inbound route whose DNIS and ANI patterns match, by priority
//      (lower first, file order on ties): extension, trunk group, conference
//      or application target;
//   3. a call from an extension only: the outbound route matching the number
//      (priority, then the most specific pattern), allowed only if the
//      extension's permission class ranks at least the route's class. A
//      refused call does not fall through to a less specific route: that is
//      how a catch-all route would let toll calls out.
// Calls from trunks never reach step 3 (no tandem transit by default).
//
// Limits: a decision naming something absent (a trunk group not in the
// config, an unknown extension) is a failure value with a Q.850 cause and a
// reason for the log, never an exception.

import { Cause } from '../contracts/index.ts';
import type { Extension, InboundRoute, OutboundRoute, RoutingConfig, TrunkGroup } from './routing-config.ts';
import { permits } from './permissions.ts';

/** The facts routing looks at. */
export interface RouteQuery {
  readonly ani: string | undefined;
  readonly dnis: string;
  /** The extension the call comes from, if it comes from one. */
  readonly caller?: Extension;
}

/** Where a call goes, or why it cannot. */
export type RouteDecision =
  | { readonly ok: true; readonly kind: 'extension'; readonly route: string | null; readonly extension: Extension }
  | { readonly ok: true; readonly kind: 'trunk'; readonly route: string; readonly group: TrunkGroup; readonly dest: string }
  | { readonly ok: true; readonly kind: 'conference'; readonly route: string; readonly room: string }
  | { readonly ok: true; readonly kind: 'application'; readonly route: string; readonly app: string; readonly name: string }
  | { readonly ok: false; readonly cause: number; readonly reason: string; readonly route: string | null };

function byPriority<T extends { priority: number }>(list: readonly T[]): T[] {
  return list.map((x, i) => ({ x, i })).sort((a, b) => a.x.priority - b.x.priority || a.i - b.i).map((e) => e.x);
}

/** The first inbound route matching ANI and DNIS, by priority. */
export function selectInbound(routes: readonly InboundRoute[], ani: string | undefined, dnis: string): InboundRoute | undefined {
  for (const r of byPriority(routes)) {
    if (r.dnis && !r.dnis.test(dnis)) continue;
    if (r.ani && (ani === undefined || !r.ani.test(ani))) continue;
    return r;
  }
  return undefined;
}

/** The outbound route a number takes: priority, then the most specific pattern, then file order. */
export function selectOutbound(routes: readonly OutboundRoute[], number: string): OutboundRoute | undefined {
  let best: OutboundRoute | undefined;
  for (const r of routes) {
    if (!r.match.test(number)) continue;
    if (!best || r.priority < best.priority || (r.priority === best.priority && r.match.literalPrefix > best.match.literalPrefix)) best = r;
  }
  return best;
}

/** The number sent on the trunk: strip then prepend. */
export function rewriteNumber(route: OutboundRoute, number: string): string {
  return route.prepend + number.slice(route.strip);
}

/** Decides a call's target (see the file header for the order). */
export function decideRoute(config: RoutingConfig, q: RouteQuery): RouteDecision {
  if (q.caller) {
    const ext = config.extensions.find((e) => e.number === q.dnis);
    if (ext) return { ok: true, kind: 'extension', route: null, extension: ext };
  }
  const inbound = selectInbound(config.inbound, q.ani, q.dnis);
  if (inbound) return resolveInbound(config, inbound, q);
  if (!q.caller) return { ok: false, cause: Cause.unallocatedNumber, reason: `no inbound route for ${q.dnis}`, route: null };
  const out = selectOutbound(config.outbound, q.dnis);
  if (!out) return { ok: false, cause: Cause.unallocatedNumber, reason: `no outbound route for ${q.dnis}`, route: null };
  if (!permits(q.caller.class, out.class)) {
    return {
      ok: false,
      cause: Cause.callRejected,
      reason: `extension ${q.caller.number} (class ${q.caller.class}) may not use route ${out.name} (needs ${out.class})`,
      route: out.name,
    };
  }
  const group = config.trunkGroups.find((g) => g.name === out.trunkGroup);
  if (!group) return { ok: false, cause: Cause.noRouteToDestination, reason: `route ${out.name}: trunk group ${out.trunkGroup} does not exist`, route: out.name };
  return { ok: true, kind: 'trunk', route: out.name, group, dest: rewriteNumber(out, q.dnis) };
}

function resolveInbound(config: RoutingConfig, r: InboundRoute, q: RouteQuery): RouteDecision {
  const t = r.target;
  switch (t.kind) {
    case 'extension': {
      const ext = config.extensions.find((e) => e.number === t.number);
      if (!ext) return { ok: false, cause: Cause.unallocatedNumber, reason: `route ${r.name}: extension ${t.number} does not exist`, route: r.name };
      return { ok: true, kind: 'extension', route: r.name, extension: ext };
    }
    case 'trunkGroup': {
      const group = config.trunkGroups.find((g) => g.name === t.group);
      if (!group) return { ok: false, cause: Cause.noRouteToDestination, reason: `route ${r.name}: trunk group ${t.group} does not exist`, route: r.name };
      return { ok: true, kind: 'trunk', route: r.name, group, dest: t.number ?? q.dnis };
    }
    case 'conference':
      return { ok: true, kind: 'conference', route: r.name, room: t.room };
    case 'application':
      return { ok: true, kind: 'application', route: r.name, app: t.app, name: t.name };
  }
}
