// Routing: inbound routes by DNIS/ANI, outbound routes by number with
// permission classes, trunk groups with channel hunting.

/** Number patterns (exact, prefix*, _Asterisk, /regex/). */
export { compilePattern, type NumberPattern, type PatternResult } from './pattern.ts';
/** Permission classes (internal < local < longDistance < international). */
export { PERMISSION_CLASSES, permissionRank, permits, isPermissionClass, type PermissionClass } from './permissions.ts';
/** Hunting orders over a trunk group's circuits. */
export { huntOrder, HUNT_STRATEGIES, type HuntStrategy, type HuntCandidate, type HuntCursor } from './hunting.ts';
/** The routing config section and its validator. */
export {
  validateRouting,
  EMPTY_ROUTING,
  type RoutingConfig,
  type RoutingValidation,
  type Extension,
  type DeviceRef,
  type TrunkGroup,
  type TrunkMember,
  type InboundRoute,
  type OutboundRoute,
  type RouteTarget,
} from './routing-config.ts';
/** Pure route selection. */
export { decideRoute, selectInbound, selectOutbound, rewriteNumber, type RouteDecision, type RouteQuery } from './route-select.ts';
/** The engine's routing state (config + round-robin cursors). */
export { Router } from './router.ts';
