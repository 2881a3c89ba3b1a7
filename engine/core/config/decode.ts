// Config decoders: small composable checkers that turn untrusted parsed
// YAML/JSON into typed values or throw a ConfigError naming the file, the
// key path and what was expected.
//
// How: a Decoder<T> is a function (value, key, ctx) -> T. Object decoders
// walk their declared fields, pass each field its dotted key path
// (`boards[0].spans[1].framing`), and refuse undeclared keys with a "did you
// mean" hint chosen by edit distance (cheap: keys are short and few).
//
// Limits: the first error stops decoding (ConfigError carries one key);
// cross-reference checks (a route naming an unknown extension) are done
// after decoding, in validate.ts.

import { ConfigError } from '../contracts/index.ts';

/** What every decoder receives besides the value: the file name for messages. */
export interface DecodeContext {
  file: string;
}

/** Checks one value at a key path; returns it typed or throws ConfigError. */
export type Decoder<T> = (value: unknown, key: string, ctx: DecodeContext) => T;

/** Field decoders of an object type, one per key. */
export type Fields<T> = { [K in keyof T]-?: Decoder<T[K]> };

/** Joins a parent key path and a child name (`a.b`, or just `b` at the root). */
export function keyOf(parent: string, child: string | number): string {
  if (typeof child === 'number') return `${parent}[${child}]`;
  return parent === '' ? child : `${parent}.${child}`;
}

/** Levenshtein distance, for the "did you mean" hint. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(up + 1, (row[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest known name within a small distance, or undefined. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object with exactly the declared keys (unknown keys are errors). */
export function object<T>(fields: Fields<T>): Decoder<T> {
  const known = Object.keys(fields);
  return (value, key, ctx) => {
    if (!isPlainObject(value)) throw new ConfigError(ctx.file, key || '(top level)', 'an object', value);
    for (const k of Object.keys(value)) {
      if (!known.includes(k)) {
        const hint = closest(k, known);
        const expected = hint ? `a known key (did you mean "${hint}"?)` : `one of the keys ${known.map((n) => `"${n}"`).join(', ')}`;
        throw new ConfigError(ctx.file, keyOf(key, k), expected, k);
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of known) {
      const d = (fields as Record<string, Decoder<unknown>>)[k];
      if (d) out[k] = d(value[k], keyOf(key, k), ctx);
    }
    return out as T;
  };
}

/** Undefined stays undefined; anything else goes through d. */
export function optional<T>(d: Decoder<T>): Decoder<T | undefined> {
  return (value, key, ctx) => (value === undefined || value === null ? undefined : d(value, key, ctx));
}

/** A missing value becomes `fallback`; anything else goes through d. */
export function withDefault<T>(d: Decoder<T>, fallback: T): Decoder<T> {
  return (value, key, ctx) => (value === undefined || value === null ? fallback : d(value, key, ctx));
}

/** A list whose every item goes through item. */
export function list<T>(item: Decoder<T>, opts: { min?: number } = {}): Decoder<T[]> {
  return (value, key, ctx) => {
    if (!Array.isArray(value)) throw new ConfigError(ctx.file, key, 'a list', value);
    if (opts.min !== undefined && value.length < opts.min) {
      throw new ConfigError(ctx.file, key, `a list of at least ${opts.min} item(s)`, `${value.length} item(s)`);
    }
    return value.map((v, i) => item(v, keyOf(key, i), ctx));
  };
}

/** A string, optionally matching a pattern described for the message. */
export function string(opts: { pattern?: RegExp; describe?: string; nonEmpty?: boolean } = {}): Decoder<string> {
  return (value, key, ctx) => {
    const what = opts.describe ?? 'a string';
    if (typeof value !== 'string') throw new ConfigError(ctx.file, key, what, value);
    if ((opts.nonEmpty ?? true) && value.length === 0) throw new ConfigError(ctx.file, key, `${what} (not empty)`, value);
    if (opts.pattern && !opts.pattern.test(value)) throw new ConfigError(ctx.file, key, what, value);
    return value;
  };
}

/** A dialled-number string; YAML writes 1001 as a number, so integers are accepted and turned into digits. */
export function digits(describeAs = 'a number of digits 0-9, * or # (quoted)', opts: { allowEmpty?: boolean } = {}): Decoder<string> {
  const pattern = opts.allowEmpty ? /^[0-9*#]{0,32}$/ : /^[0-9*#]{1,32}$/;
  return (value, key, ctx) => {
    const s = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? String(value) : value;
    if (typeof s !== 'string' || !pattern.test(s)) throw new ConfigError(ctx.file, key, describeAs, value);
    return s;
  };
}

/** An integer within [min, max]. */
export function integer(min: number, max: number, unit = ''): Decoder<number> {
  return (value, key, ctx) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(ctx.file, key, `an integer from ${min} to ${max}${unit ? ` ${unit}` : ''}`, value);
    }
    return value;
  };
}

/** A boolean (true/false only; YAML's "yes" is a string here and refused). */
export const boolean: Decoder<boolean> = (value, key, ctx) => {
  if (typeof value !== 'boolean') throw new ConfigError(ctx.file, key, 'true or false', value);
  return value;
};

/** One of a fixed set of strings. */
export function oneOf<const S extends string>(choices: readonly S[]): Decoder<S> {
  return (value, key, ctx) => {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as S;
    const listed = choices.map((c) => `"${c}"`);
    const expected = listed.length === 2 ? `${listed[0]} or ${listed[1]}` : `one of ${listed.join(', ')}`;
    const hint = typeof value === 'string' ? closest(value, choices) : undefined;
    throw new ConfigError(ctx.file, key, hint && listed.length > 2 ? `${expected} (did you mean "${hint}"?)` : expected, value);
  };
}

/** An http(s) URL. */
export const url: Decoder<string> = (value, key, ctx) => {
  if (typeof value === 'string') {
    try {
      const u = new URL(value);
      if (u.protocol === 'http:' || u.protocol === 'https:') return value;
    } catch {
      // falls through to the error below: an unparsable URL is bad input
    }
  }
  throw new ConfigError(ctx.file, key, 'an http:// or https:// URL', value);
};

/** Passes any value through unchanged (for sections another module validates). */
export const raw: Decoder<unknown> = (value) => value;
