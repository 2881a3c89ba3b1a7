import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { ConfigError } from '../../../engine/core/contracts/index.ts';
import { prng } from '../../support/signals.ts';
import {
  DEMO_CONFIG_YAML,
  decodeConfig,
  demoConfig,
  loadConfigFile,
  mergeReload,
  parseConfig,
  planReload,
} from '../../../engine/core/config/index.ts';

const fixtures = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));
const validDir = join(fixtures, 'valid');
const invalidDir = join(fixtures, 'invalid');

for (const name of readdirSync(validDir).sort()) {
  test(`valid fixture ${name} loads without error`, () => {
    const config = loadConfigFile(join(validDir, name));
    assert.equal(typeof config.engine.httpPort, 'number');
  });
}

for (const name of readdirSync(invalidDir).sort()) {
  const text = readFileSync(join(invalidDir, name), 'utf8');
  const expectKey = /^# expect: (.+)$/m.exec(text)?.[1];
  test(`invalid fixture ${name} is refused with an error naming ${expectKey ?? '?'}`, () => {
    assert.ok(expectKey, 'fixture declares the key it expects in its first line');
    const file = join(invalidDir, name);
    assert.throws(
      () => loadConfigFile(file),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError, `a ConfigError, got ${String(err)}`);
        assert.equal(err.code, 'ERR_CONFIG_INVALID');
        assert.ok(err.key.startsWith(expectKey), `key ${err.key} starts with ${expectKey}`);
        assert.ok(err.message.startsWith(`config ${file}: ${err.key}: expected `), err.message);
        return true;
      },
    );
  });
}

test('a framing typo gives the documented message with file, key, expectation and value', () => {
  const text = 'boards:\n  - id: b0\n    kind: sim\n    spans:\n      - { kind: e1, framing: cas }\n      - { kind: e1, framing: css }\n';
  assert.throws(() => parseConfig('hotline.yaml', text), {
    message: 'config hotline.yaml: boards[0].spans[1].framing: expected "cas" or "ccs", got "css"',
  });
});

test('the board section goes through the board driver validator', () => {
  assert.throws(() => parseConfig('b.yaml', 'boards: [{ id: b, kind: sim, tickFrames: 7 }]\n'), {
    message: /^config b.yaml: boards\[0\].tickFrames: expected one of 8, 16, 40, 80, 160/,
  });
});

test('an unknown key close to a known one suggests it', () => {
  assert.throws(() => parseConfig('h.yaml', 'routnig: {}\n'), /routnig: expected a known key \(did you mean "routing"\?\)/);
  assert.throws(() => parseConfig('h.yaml', 'engine: { dataDri: x }\n'), /engine.dataDri: expected a known key \(did you mean "dataDir"\?\)/);
  assert.throws(() => parseConfig('h.yaml', 'zzzzzzzzzz: 1\n'), /zzzzzzzzzz: expected one of the keys "engine", "boards"/);
});

test('a typo in an enumerated value suggests the nearest choice', () => {
  assert.throws(() => parseConfig('h.yaml', 'engine: { logLevel: debgu }\n'), /did you mean "debug"/);
});

test('a missing file is a ConfigError naming the file', () => {
  assert.throws(() => loadConfigFile('no/such/hotline.yaml'), { message: /^config no\/such\/hotline.yaml: \(file\): expected a readable file, got "ENOENT"/ });
});

test('HOTLINE_HTTP_PORT overrides the configured port and is itself validated', () => {
  assert.equal(demoConfig().engine.httpPort, 8080);
  assert.equal(demoConfig({ env: { HOTLINE_HTTP_PORT: '18080' } }).engine.httpPort, 18080);
  assert.equal(demoConfig({ env: { HOTLINE_HTTP_PORT: '0' } }).engine.httpPort, 0);
  assert.equal(demoConfig({ env: { HOTLINE_HTTP_PORT: '65535' } }).engine.httpPort, 65535);
  assert.throws(() => demoConfig({ env: { HOTLINE_HTTP_PORT: '65536' } }), /environment: HOTLINE_HTTP_PORT: expected an integer from 0 to 65535/);
  assert.throws(() => demoConfig({ env: { HOTLINE_HTTP_PORT: 'http' } }), ConfigError);
});

test('defaults fill every section of an empty file', () => {
  const c = parseConfig('e.yaml', '');
  assert.deepEqual(c.engine, { httpPort: 8080, httpHost: '127.0.0.1', dataDir: './data', logLevel: 'info', drainTimeoutMs: 30000 });
  assert.deepEqual(c.routing, { extensions: [], trunkGroups: [], inbound: [], outbound: [] });
  assert.equal(c.recording.default, 'never');
});

test('the routing section goes through the router validator (patterns compiled, classes checked)', () => {
  const c = parseConfig('n.yaml', 'routing:\n  extensions: [{ number: 2002, device: { driver: analog } }]\n  inbound: [{ name: r, dnis: "_20XX", target: { extension: "2002" } }]\n');
  assert.equal(c.routing.extensions[0]?.number, '2002');
  assert.equal(c.routing.extensions[0]?.class, 'internal', 'toll fraud blocked by default');
  assert.equal(c.routing.inbound[0]?.dnis?.test('2042'), true);
  assert.equal(c.routing.inbound[0]?.dnis?.test('3042'), false);
});

test('the demo config is valid and has two E1 spans cabled back to back, extensions and a demo route', () => {
  const c = demoConfig();
  const board = c.boards[0];
  assert.ok(board);
  const e1 = board.spans.filter((s) => s.kind === 'e1');
  assert.equal(e1.length, 2);
  assert.deepEqual(e1.map((s) => s.cable), [{ peer: 'sim0/2' }, { peer: 'sim0/1' }]);
  assert.deepEqual(e1.map((s) => s.clock).sort(), ['master', 'slave']);
  assert.ok(c.routing.extensions.length >= 2);
  assert.equal(c.routing.inbound[0]?.dnis?.test('1002'), true);
  assert.equal(c.routing.outbound[0]?.match.test('95551234'), true);
});

test('reload plan: routing, webhooks and log level apply now; port and boards need a restart', () => {
  const a = demoConfig();
  const b = demoConfig();
  b.engine.logLevel = 'debug';
  b.routing = { ...b.routing, inbound: [] };
  b.webhooks = [{ url: 'http://127.0.0.1:1/x', events: ['call.ended'], maxAttempts: 2, timeoutMs: 500 }];
  assert.deepEqual(planReload(a, b), { applied: ['engine.logLevel', 'routing', 'webhooks'], needsRestart: [] });
  b.engine.httpPort = 9;
  b.boards = [];
  const plan = planReload(a, b);
  assert.deepEqual(plan.needsRestart, ['engine.httpPort', 'boards']);
  const merged = mergeReload(a, b);
  assert.equal(merged.engine.httpPort, a.engine.httpPort);
  assert.equal(merged.engine.logLevel, 'debug');
  assert.equal(merged.boards, a.boards);
  assert.deepEqual(merged.routing.inbound, []);
  assert.deepEqual(planReload(a, demoConfig()), { applied: [], needsRestart: [] });
});

// Seeded mutation fuzz: small random edits of each valid fixture must give
// either a configuration or a ConfigError, never another exception.

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 1e9, '', 'x', 'css', true, [], {}, [1, 'a'], { a: 1 }, '../../etc', '\u0000', 'X'.repeat(300)];

function mutate(value: unknown, rnd: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  if (Array.isArray(value)) {
    if (value.length === 0 || rnd() < 0.2) return rnd() < 0.5 ? [...value, pick(ODD_VALUES)] : pick(ODD_VALUES);
    const i = Math.floor(rnd() * value.length);
    const copy = [...value];
    copy[i] = mutate(copy[i], rnd);
    return copy;
  }
  if (value && typeof value === 'object') {
    const obj = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(obj);
    const r = rnd();
    if (keys.length === 0 || r < 0.1) obj[pick(['spans', 'target', 'x', 'number', 'device', 'framing', 'match', 'members'])] = pick(ODD_VALUES);
    else if (r < 0.2) delete obj[pick(keys)];
    else {
      const k = pick(keys);
      obj[k] = mutate(obj[k], rnd);
    }
    return obj;
  }
  return rnd() < 0.7 ? pick(ODD_VALUES) : value;
}

test('seeded mutation fuzz over the valid fixtures throws nothing but ConfigError', () => {
  const rnd = prng(0x5eed);
  let refused = 0;
  let accepted = 0;
  for (const name of readdirSync(validDir).sort()) {
    const base: unknown = parse(readFileSync(join(validDir, name), 'utf8')) ?? {};
    for (let i = 0; i < 250; i++) {
      let m = base;
      const edits = 1 + Math.floor(rnd() * 3);
      for (let e = 0; e < edits; e++) m = mutate(m, rnd);
      try {
        decodeConfig(name, m);
        accepted++;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw new Error(`fixture ${name} mutation ${i} threw ${String(err)}: ${JSON.stringify(m)}`);
        refused++;
      }
      // the text path too: YAML re-serialisation of the mutant
      if (i % 20 === 0) {
        try {
          parseConfig(name, stringify(m));
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
        }
      }
    }
  }
  assert.ok(refused > 0 && accepted > 0, `both outcomes occur (refused ${refused}, accepted ${accepted})`);
});

test('the demo YAML text and its fixture copy are the same', () => {
  assert.equal(readFileSync(join(validDir, 'demo.yaml'), 'utf8'), DEMO_CONFIG_YAML);
});
