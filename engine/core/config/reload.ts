// Reload planning: which differences between the running configuration and
// a newly validated one can be applied without dropping calls, and which
// need a restart.
//
// Hot (applied at once; calls in progress keep the routing decision they
// already have): the whole routing section (extensions and their permission
// classes, trunk groups, routes), recording rules, webhooks, log level,
// drain timeout. Restart: the HTTP listener (port, host), the data folder,
// the boards, the loopback circuits and the analog ports (opened at start).

import type { HotlineConfig } from './schema.ts';

/** What a reload would do. */
export interface ReloadPlan {
  /** Keys whose new value is applied now. */
  applied: string[];
  /** Keys that changed but only take effect after a restart. */
  needsRestart: string[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Compares two validated configurations (pure; nothing is applied here). */
export function planReload(current: HotlineConfig, next: HotlineConfig): ReloadPlan {
  const applied: string[] = [];
  const needsRestart: string[] = [];
  for (const key of ['httpPort', 'httpHost', 'dataDir'] as const) {
    if (current.engine[key] !== next.engine[key]) needsRestart.push(`engine.${key}`);
  }
  for (const key of ['logLevel', 'drainTimeoutMs'] as const) {
    if (current.engine[key] !== next.engine[key]) applied.push(`engine.${key}`);
  }
  if (!same(current.boards, next.boards)) needsRestart.push('boards');
  if (!same(current.loopback, next.loopback)) needsRestart.push('loopback');
  if (!same(current.analog, next.analog)) needsRestart.push('analog');
  for (const key of ['routing', 'recording', 'webhooks'] as const) {
    if (!same(current[key], next[key])) applied.push(key);
  }
  return { applied, needsRestart };
}

/**
 * The configuration to run after a reload: the new hot values over the
 * current restart-only values, so the engine never runs a half-applied file.
 */
export function mergeReload(current: HotlineConfig, next: HotlineConfig): HotlineConfig {
  return {
    engine: { ...current.engine, logLevel: next.engine.logLevel, drainTimeoutMs: next.engine.drainTimeoutMs },
    boards: current.boards,
    loopback: current.loopback,
    analog: current.analog,
    routing: next.routing,
    recording: next.recording,
    webhooks: next.webhooks,
  };
}
