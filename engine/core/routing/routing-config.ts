// Routing configuration: its types and its validator.
//
// What it does: declares the `routing` section of the engine config
// (extensions with permission classes, trunk groups with hunting, inbound
// and outbound routes) and validates a raw value (parsed YAML/JSON) into it,
// collecting every problem as a ConfigError that names the file, the key
// path and what was expected. Patterns are compiled here, once.
//
// How: a small recursive reader over `unknown`; no schema library. Cross
// references (a route naming a trunk group or extension that is not in the
// file) are reported as warnings, not errors: devices and applications may
// register later (SIP, apps), and the router fails such a call at run time
// with a clear cause instead.
//
// Limits: numbers are strings of dialable characters; priorities are
// integers, lower first (ties keep file order).

import { ConfigError } from '../contracts/index.ts';
import { compilePattern, type NumberPattern } from './pattern.ts';
import { HUNT_STRATEGIES, type HuntStrategy } from './hunting.ts';
import { isPermissionClass, PERMISSION_CLASSES, type PermissionClass } from './permissions.ts';

/** Where an extension's calls ring. */
export interface DeviceRef {
  readonly driver: string;
  readonly span?: number;
  readonly channel?: number;
}

/** An internal number with its device and permission class. */
export interface Extension {
  readonly number: string;
  readonly class: PermissionClass;
  readonly device: DeviceRef;
  readonly name?: string;
}

/** A trunk group member: a driver, optionally limited to spans and a channel range. */
export interface TrunkMember {
  readonly driver: string;
  readonly spans?: readonly number[];
  readonly channels?: readonly [number, number];
}

/** Circuits outbound routes seize, with how to hunt over them. */
export interface TrunkGroup {
  readonly name: string;
  readonly hunt: HuntStrategy;
  readonly members: readonly TrunkMember[];
}

/** Where an inbound route sends a call. */
export type RouteTarget =
  | { readonly kind: 'extension'; readonly number: string }
  | { readonly kind: 'trunkGroup'; readonly group: string; readonly number?: string }
  | { readonly kind: 'conference'; readonly room: string }
  | { readonly kind: 'application'; readonly app: string; readonly name: string };

/** An inbound route: DNIS/ANI patterns to a target. */
export interface InboundRoute {
  readonly name: string;
  readonly priority: number;
  readonly dnis?: NumberPattern;
  readonly ani?: NumberPattern;
  readonly target: RouteTarget;
}

/** An outbound route: number pattern to a trunk group, with the class it requires. */
export interface OutboundRoute {
  readonly name: string;
  readonly priority: number;
  readonly match: NumberPattern;
  readonly class: PermissionClass;
  readonly trunkGroup: string;
  /** Leading digits removed before dialling (an access code such as 9). */
  readonly strip: number;
  /** Digits put in front after stripping. */
  readonly prepend: string;
}

/** The validated routing section. */
export interface RoutingConfig {
  readonly extensions: readonly Extension[];
  readonly trunkGroups: readonly TrunkGroup[];
  readonly inbound: readonly InboundRoute[];
  readonly outbound: readonly OutboundRoute[];
}

/** Result of validation. */
export type RoutingValidation =
  | { readonly ok: true; readonly config: RoutingConfig; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

/** An empty routing config (nothing reachable). */
export const EMPTY_ROUTING: RoutingConfig = { extensions: [], trunkGroups: [], inbound: [], outbound: [] };

const APPLICATION_KEYS = ['ivr', 'queue', 'voicemail'] as const;
const NUMBER = /^[0-9*#A-D+]+$/;

class Reader {
  readonly errors: ConfigError[] = [];
  constructor(readonly file: string) {}

  fail(key: string, expected: string, got: unknown): undefined {
    this.errors.push(new ConfigError(this.file, key, expected, got));
    return undefined;
  }

  object(v: unknown, key: string): Record<string, unknown> | undefined {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    return this.fail(key, 'an object', v);
  }

  list(v: unknown, key: string): unknown[] {
    if (v === undefined) return [];
    if (Array.isArray(v)) return v;
    this.fail(key, 'a list', v);
    return [];
  }

  string(v: unknown, key: string): string | undefined {
    if (typeof v === 'string' && v.length > 0) return v;
    return this.fail(key, 'a non-empty string', v);
  }

  number(v: unknown, key: string): string | undefined {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
    if (typeof v === 'string' && NUMBER.test(v)) return v;
    return this.fail(key, 'a number of digits (0-9 * # A-D +)', v);
  }

  int(v: unknown, key: string, dflt: number, min = 0): number {
    if (v === undefined) return dflt;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
    this.fail(key, `an integer >= ${min}`, v);
    return dflt;
  }

  pattern(v: unknown, key: string): NumberPattern | undefined {
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string') return this.fail(key, 'a pattern string', v);
    const r = compilePattern(s);
    if (!r.ok) return this.fail(key, `a pattern (${r.reason})`, v);
    return r.pattern;
  }
}

/** Validates the routing section; `file` names the config file in errors. */
export function validateRouting(raw: unknown, file: string): RoutingValidation {
  const r = new Reader(file);
  const top = raw === undefined ? {} : r.object(raw, 'routing');
  if (!top) return { ok: false, errors: r.errors };
  const extensions = r.list(top['extensions'], 'routing.extensions').flatMap((v, i) => readExtension(r, v, `routing.extensions[${i}]`));
  const trunkGroups = r.list(top['trunkGroups'], 'routing.trunkGroups').flatMap((v, i) => readTrunkGroup(r, v, `routing.trunkGroups[${i}]`));
  const inbound = r.list(top['inbound'], 'routing.inbound').flatMap((v, i) => readInbound(r, v, `routing.inbound[${i}]`));
  const outbound = r.list(top['outbound'], 'routing.outbound').flatMap((v, i) => readOutbound(r, v, `routing.outbound[${i}]`));
  duplicates(r, extensions.map((e) => e.number), 'routing.extensions', 'number');
  duplicates(r, trunkGroups.map((g) => g.name), 'routing.trunkGroups', 'name');
  duplicates(r, inbound.map((x) => x.name), 'routing.inbound', 'name');
  duplicates(r, outbound.map((x) => x.name), 'routing.outbound', 'name');
  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  const config: RoutingConfig = { extensions, trunkGroups, inbound, outbound };
  return { ok: true, config, warnings: crossReferences(config) };
}

function duplicates(r: Reader, names: string[], key: string, field: string): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) r.fail(`${key}[${i}].${field}`, 'a unique value', n);
    seen.add(n);
  });
}

function crossReferences(c: RoutingConfig): string[] {
  const groups = new Set(c.trunkGroups.map((g) => g.name));
  const exts = new Set(c.extensions.map((e) => e.number));
  const out: string[] = [];
  for (const x of c.inbound) {
    if (x.target.kind === 'trunkGroup' && !groups.has(x.target.group)) out.push(`inbound route ${x.name}: trunk group ${x.target.group} is not defined`);
    if (x.target.kind === 'extension' && !exts.has(x.target.number)) out.push(`inbound route ${x.name}: extension ${x.target.number} is not defined`);
  }
  for (const x of c.outbound) if (!groups.has(x.trunkGroup)) out.push(`outbound route ${x.name}: trunk group ${x.trunkGroup} is not defined`);
  return out;
}

function readExtension(r: Reader, v: unknown, key: string): Extension[] {
  const o = r.object(v, key);
  if (!o) return [];
  const number = r.number(o['number'], `${key}.number`);
  const cls = o['class'] === undefined ? 'internal' : o['class'];
  if (!isPermissionClass(cls)) r.fail(`${key}.class`, `one of ${PERMISSION_CLASSES.join(', ')}`, cls);
  const device = readDevice(r, o['device'], `${key}.device`);
  if (number === undefined || !isPermissionClass(cls) || !device) return [];
  const name = typeof o['name'] === 'string' ? o['name'] : undefined;
  return [{ number, class: cls, device, ...(name !== undefined ? { name } : {}) }];
}

function readDevice(r: Reader, v: unknown, key: string): DeviceRef | undefined {
  const o = r.object(v, key);
  if (!o) return undefined;
  const driver = r.string(o['driver'], `${key}.driver`);
  const span = o['span'] === undefined ? undefined : r.int(o['span'], `${key}.span`, 0);
  const channel = o['channel'] === undefined ? undefined : r.int(o['channel'], `${key}.channel`, 0);
  if (driver === undefined) return undefined;
  return { driver, ...(span !== undefined ? { span } : {}), ...(channel !== undefined ? { channel } : {}) };
}

function readTrunkGroup(r: Reader, v: unknown, key: string): TrunkGroup[] {
  const o = r.object(v, key);
  if (!o) return [];
  const name = r.string(o['name'], `${key}.name`);
  const hunt = o['hunt'] ?? 'lowest';
  if (!(HUNT_STRATEGIES as readonly unknown[]).includes(hunt)) r.fail(`${key}.hunt`, `one of ${HUNT_STRATEGIES.join(', ')}`, hunt);
  const members = r.list(o['members'], `${key}.members`).flatMap((m, i) => readMember(r, m, `${key}.members[${i}]`));
  if (members.length === 0) r.fail(`${key}.members`, 'at least one member', o['members']);
  if (name === undefined || members.length === 0) return [];
  return [{ name, hunt: hunt as HuntStrategy, members }];
}

function readMember(r: Reader, v: unknown, key: string): TrunkMember[] {
  const o = r.object(v, key);
  if (!o) return [];
  const driver = r.string(o['driver'], `${key}.driver`);
  let spans: number[] | undefined;
  if (o['spans'] !== undefined) spans = r.list(o['spans'], `${key}.spans`).map((s, i) => r.int(s, `${key}.spans[${i}]`, 0));
  let channels: [number, number] | undefined;
  const c = o['channels'];
  if (c !== undefined) {
    if (Array.isArray(c) && c.length === 2 && c.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0) && (c[0] as number) <= (c[1] as number)) {
      channels = [c[0] as number, c[1] as number];
    } else r.fail(`${key}.channels`, 'a range [first, last] of channel numbers', c);
  }
  if (driver === undefined) return [];
  return [{ driver, ...(spans ? { spans } : {}), ...(channels ? { channels } : {}) }];
}

function readTarget(r: Reader, v: unknown, key: string): RouteTarget | undefined {
  const o = r.object(v, key);
  if (!o) return undefined;
  const keys = Object.keys(o).filter((k) => k !== 'number' && k !== 'name');
  if (keys.length !== 1) return r.fail(key, 'exactly one of extension, trunkGroup, conference, ivr, queue, voicemail, application', v);
  const k = keys[0]!;
  const val = o[k];
  if (k === 'extension') {
    const n = r.number(val, `${key}.extension`);
    return n === undefined ? undefined : { kind: 'extension', number: n };
  }
  if (k === 'trunkGroup') {
    const g = r.string(val, `${key}.trunkGroup`);
    const n = o['number'] === undefined ? undefined : r.number(o['number'], `${key}.number`);
    return g === undefined ? undefined : { kind: 'trunkGroup', group: g, ...(n !== undefined ? { number: n } : {}) };
  }
  if (k === 'conference') {
    const room = r.string(typeof val === 'number' ? String(val) : val, `${key}.conference`);
    return room === undefined ? undefined : { kind: 'conference', room };
  }
  if ((APPLICATION_KEYS as readonly string[]).includes(k)) {
    const name = r.string(typeof val === 'number' ? String(val) : val, `${key}.${k}`);
    return name === undefined ? undefined : { kind: 'application', app: k, name };
  }
  if (k === 'application') {
    const app = r.string(val, `${key}.application`);
    const name = r.string(o['name'], `${key}.name`);
    return app === undefined || name === undefined ? undefined : { kind: 'application', app, name };
  }
  return r.fail(key, 'exactly one of extension, trunkGroup, conference, ivr, queue, voicemail, application', v);
}

function readInbound(r: Reader, v: unknown, key: string): InboundRoute[] {
  const o = r.object(v, key);
  if (!o) return [];
  const name = r.string(o['name'], `${key}.name`);
  const priority = r.int(o['priority'], `${key}.priority`, 100);
  const dnis = o['dnis'] === undefined ? undefined : r.pattern(o['dnis'], `${key}.dnis`);
  const ani = o['ani'] === undefined ? undefined : r.pattern(o['ani'], `${key}.ani`);
  const target = readTarget(r, o['target'], `${key}.target`);
  if (name === undefined || !target) return [];
  return [{ name, priority, target, ...(dnis ? { dnis } : {}), ...(ani ? { ani } : {}) }];
}

function readOutbound(r: Reader, v: unknown, key: string): OutboundRoute[] {
  const o = r.object(v, key);
  if (!o) return [];
  const name = r.string(o['name'], `${key}.name`);
  const priority = r.int(o['priority'], `${key}.priority`, 100);
  const match = r.pattern(o['match'], `${key}.match`);
  const cls = o['class'];
  if (!isPermissionClass(cls)) r.fail(`${key}.class`, `one of ${PERMISSION_CLASSES.join(', ')}`, cls);
  const trunkGroup = r.string(o['trunkGroup'], `${key}.trunkGroup`);
  const strip = r.int(o['strip'], `${key}.strip`, 0);
  const prepend = o['prepend'] === undefined ? '' : r.number(o['prepend'], `${key}.prepend`) ?? '';
  if (name === undefined || !match || !isPermissionClass(cls) || trunkGroup === undefined) return [];
  return [{ name, priority, match, class: cls, trunkGroup, strip, prepend }];
}
