// Cross-reference checks over a decoded configuration that no single
// section's validator can make: every recording rule names a route or an
// extension the routing section declares (queues are declared by the ACD
// application, later, so they are not checked), and names exactly one of
// them. The board and routing validators check their own sections
// (duplicates, patterns, spans); routing's own dangling references are
// warnings by its design (devices may register later) and come back from
// the loader as warnings.
//
// Limits: the first problem found is thrown, as a ConfigError naming the key
// of the referring entry.

import { ConfigError } from '../contracts/index.ts';
import type { HotlineConfig } from './schema.ts';

/** Throws ConfigError at the first dangling reference. */
export function checkReferences(file: string, config: HotlineConfig): void {
  const routes = new Set([...config.routing.inbound, ...config.routing.outbound].map((r) => r.name));
  const numbers = new Set(config.routing.extensions.map((e) => e.number));
  config.recording.rules.forEach((rule, i) => {
    const key = `recording.rules[${i}]`;
    const selectors = [rule.route, rule.extension, rule.queue].filter((s) => s !== undefined).length;
    if (selectors !== 1) throw new ConfigError(file, key, 'exactly one of "route", "extension" or "queue"', `${selectors} selectors`);
    if (rule.route !== undefined && !routes.has(rule.route)) throw new ConfigError(file, `${key}.route`, 'a route name declared in routing', rule.route);
    if (rule.extension !== undefined && !numbers.has(rule.extension)) {
      throw new ConfigError(file, `${key}.extension`, 'an extension number declared in routing.extensions', rule.extension);
    }
  });
}
