// Number patterns for routes: exact, prefix, Asterisk-style and regex.
//
// What it does: compiles one pattern string into a matcher over digit
// strings. Forms:
//   "2001"           exact
//   "010*"           prefix (the literal before a trailing *; "*" alone is anything)
//   "_1XX", "_X.", "_1[3-9]XXXXXXXXX"
//                    Asterisk extension patterns: X = 0-9, Z = 1-9, N = 2-9,
//                    [13-5] a set with ranges, "." one or more of anything,
//                    "!" zero or more; every other character is literal
//   "/^8[0-9]{3}$/"  a JavaScript regular expression (between slashes)
// Matching is on the whole number (Asterisk semantics); `literalPrefix`
// reports how many leading characters are fixed, which outbound selection
// uses to prefer the more specific route.
//
// How: Asterisk patterns are translated into an anchored RegExp once, at
// compile (config load), never per call.
//
// Limits: a bad pattern is a value ({ ok: false, reason }) for the config
// validator to report; nothing here throws on input.

/** A compiled pattern. */
export interface NumberPattern {
  readonly source: string;
  readonly kind: 'exact' | 'prefix' | 'asterisk' | 'regex';
  /** Number of leading fixed characters (specificity). */
  readonly literalPrefix: number;
  test(number: string): boolean;
}

/** Result of compiling a pattern. */
export type PatternResult = { readonly ok: true; readonly pattern: NumberPattern } | { readonly ok: false; readonly reason: string };

const DIALLABLE = /^[0-9*#A-Da-d+]*$/;

/** Compiles a pattern string (see the file header for the forms). */
export function compilePattern(source: string): PatternResult {
  if (typeof source !== 'string' || source.length === 0) return { ok: false, reason: 'empty pattern' };
  if (source.length >= 2 && source.startsWith('/') && source.endsWith('/')) return compileRegex(source);
  if (source.startsWith('_')) return compileAsterisk(source);
  if (source.endsWith('*') && DIALLABLE.test(source.slice(0, -1))) {
    const prefix = source.slice(0, -1);
    return {
      ok: true,
      pattern: { source, kind: 'prefix', literalPrefix: prefix.length, test: (n) => n.startsWith(prefix) },
    };
  }
  if (!DIALLABLE.test(source)) return { ok: false, reason: `"${source}" is not a number, a prefix (ending in *), an _pattern or a /regex/` };
  return { ok: true, pattern: { source, kind: 'exact', literalPrefix: source.length, test: (n) => n === source } };
}

function compileRegex(source: string): PatternResult {
  const body = source.slice(1, -1);
  let re: RegExp;
  try {
    re = new RegExp(body);
  } catch (err) {
    return { ok: false, reason: `bad regular expression ${source}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const literal = /^\^([0-9]*)/.exec(body)?.[1]?.length ?? 0;
  return { ok: true, pattern: { source, kind: 'regex', literalPrefix: literal, test: (n) => re.test(n) } };
}

function compileAsterisk(source: string): PatternResult {
  const body = source.slice(1);
  if (body.length === 0) return { ok: false, reason: 'empty _pattern' };
  let re = '^';
  let literal = 0;
  let fixed = true;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    const u = c.toUpperCase();
    let piece: string;
    if (u === 'X') piece = '[0-9]';
    else if (u === 'Z') piece = '[1-9]';
    else if (u === 'N') piece = '[2-9]';
    else if (c === '.') piece = '.+';
    else if (c === '!') piece = '.*';
    else if (c === '[') {
      const end = body.indexOf(']', i + 1);
      if (end < 0) return { ok: false, reason: `unclosed [ in ${source}` };
      const set = body.slice(i + 1, end);
      if (!/^([0-9*#](-[0-9])?)+$/.test(set)) return { ok: false, reason: `bad set [${set}] in ${source}` };
      piece = `[${set.replace(/[*#]/g, (m) => `\\${m}`)}]`;
      i = end;
    } else if (/[0-9#A-Da-d+]/.test(c)) piece = c;
    else if (c === '*') piece = '\\*';
    else if (c === '-') continue; // Asterisk allows dashes for readability
    else return { ok: false, reason: `unexpected "${c}" in ${source}` };
    if (fixed && piece.length === 1 && /[0-9#A-Da-d+]/.test(piece)) literal++;
    else fixed = false;
    re += piece === '+' ? '\\+' : piece;
  }
  const compiled = new RegExp(re + '$');
  return { ok: true, pattern: { source, kind: 'asterisk', literalPrefix: literal, test: (n) => compiled.test(n) } };
}
