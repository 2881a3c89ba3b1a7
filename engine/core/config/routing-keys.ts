// Unknown-key check of the `routing` section, run before the router's own
// validator (engine/core/routing/routing-config.ts), which reads the keys it
// knows and ignores the rest. A misspelt key (`trunkgroup`, `stirp`) would
// otherwise be dropped silently; here it is a ConfigError with a hint, like
// every other section.
//
// How: a table of the keys each entry kind accepts, mirroring the router's
// reader. Only shapes are walked; values are left to the router.
//
// Limits: when the router learns a new key, it must be added here too (the
// config tests load a fixture that uses every key).

import { ConfigError } from '../contracts/index.ts';
import { closest, keyOf, type DecodeContext } from './decode.ts';

const TARGET_KEYS = ['extension', 'trunkGroup', 'conference', 'ivr', 'queue', 'voicemail', 'application', 'number', 'name'] as const;

interface Shape {
  keys: readonly string[];
  children?: Record<string, { shape: Shape; list: boolean }>;
}

const DEVICE: Shape = { keys: ['driver', 'span', 'channel'] };
const MEMBER: Shape = { keys: ['driver', 'spans', 'channels'] };
const TARGET: Shape = { keys: TARGET_KEYS };

/** Keys of the routing section and its entries. */
const ROUTING: Shape = {
  keys: ['extensions', 'trunkGroups', 'inbound', 'outbound'],
  children: {
    extensions: { list: true, shape: { keys: ['number', 'class', 'device', 'name'], children: { device: { list: false, shape: DEVICE } } } },
    trunkGroups: { list: true, shape: { keys: ['name', 'hunt', 'members'], children: { members: { list: true, shape: MEMBER } } } },
    inbound: { list: true, shape: { keys: ['name', 'priority', 'dnis', 'ani', 'target'], children: { target: { list: false, shape: TARGET } } } },
    outbound: { list: true, shape: { keys: ['name', 'priority', 'match', 'class', 'trunkGroup', 'strip', 'prepend'] } },
  },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(value: unknown, shape: Shape, key: string, ctx: DecodeContext): void {
  if (!isObject(value)) return;
  for (const k of Object.keys(value)) {
    if (!shape.keys.includes(k)) {
      const hint = closest(k, shape.keys);
      throw new ConfigError(ctx.file, keyOf(key, k), hint ? `a known key (did you mean "${hint}"?)` : `one of the keys ${shape.keys.map((n) => `"${n}"`).join(', ')}`, k);
    }
    const child = shape.children?.[k];
    const v = value[k];
    if (!child) continue;
    if (child.list && Array.isArray(v)) v.forEach((item, i) => walk(item, child.shape, keyOf(keyOf(key, k), i), ctx));
    else if (!child.list) walk(v, child.shape, keyOf(key, k), ctx);
  }
}

/** Throws ConfigError at the first key of the routing section no entry kind declares. */
export function checkRoutingKeys(value: unknown, key: string, ctx: DecodeContext): void {
  walk(value, ROUTING, key, ctx);
}
