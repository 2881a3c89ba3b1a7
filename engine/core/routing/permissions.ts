// Permission classes: who may call what (toll-fraud protection).
//
// What it does: orders the four classes internal < local < longDistance <
// international. An extension holds one class; an outbound route requires
// one; a call is allowed when the extension's class ranks at least the
// route's. An extension with no class is `internal`: by default nobody can
// reach a trunk, so a misconfigured or compromised extension cannot place
// toll calls (the classic PBX fraud).
//
// Limits: classes are a total order; finer rules (time of day, per-number
// blocks) belong to routes, not here.

/** Calling permission, lowest first. */
export type PermissionClass = 'internal' | 'local' | 'longDistance' | 'international';

/** Every class in rank order. */
export const PERMISSION_CLASSES: readonly PermissionClass[] = ['internal', 'local', 'longDistance', 'international'];

/** Rank of a class (internal 0 ... international 3). */
export function permissionRank(c: PermissionClass): number {
  return PERMISSION_CLASSES.indexOf(c);
}

/** True when a caller of class `held` may use a route requiring `required`. */
export function permits(held: PermissionClass | undefined, required: PermissionClass): boolean {
  return permissionRank(held ?? 'internal') >= permissionRank(required);
}

/** Type guard for config values. */
export function isPermissionClass(v: unknown): v is PermissionClass {
  return typeof v === 'string' && (PERMISSION_CLASSES as readonly string[]).includes(v);
}
