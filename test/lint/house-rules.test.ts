// House rules that a linter would enforce, checked over the source tree:
// protocol and engine-core code takes time only from the engine Clock, and
// no file names an absolute path of a developer's machine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function walk(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'build' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Strips // and block comments so prose about timers does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

test('protocol and engine-core code never calls setTimeout, setInterval or Date.now (time comes from the Clock)', () => {
  const files = [...walk(join(root, 'drivers')), ...walk(join(root, 'engine', 'core'))]
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => !relative(root, f).startsWith(join('engine', 'core', 'clock')));
  const offenders: string[] = [];
  for (const f of files) {
    const text = code(readFileSync(f, 'utf8'));
    const m = /\b(setTimeout|setInterval|Date\.now)\s*\(/.exec(text);
    if (m) offenders.push(`${relative(root, f)}: ${m[1]}`);
  }
  assert.deepEqual(offenders, []);
});

test('no tracked source file names an absolute path of a developer machine', () => {
  const dirs = ['engine', 'drivers', 'wasm', 'dsp', 'bench', 'test', 'docs', 'admin-ui', '.ci'];
  const files = dirs.flatMap((d) => walk(join(root, d))).concat([join(root, 'README.md'), join(root, 'package.json')]);
  const bad = /\/(work|farm|root)\/|\/tmp\/bash_jobs/;
  const offenders = files
    .filter((f) => /\.(ts|mjs|js|cc|h|c|md|json|yaml|yml|gyp)$/.test(f) || f.endsWith('run'))
    .filter((f) => f !== fileURLToPath(import.meta.url))
    .filter((f) => bad.test(readFileSync(f, 'utf8')))
    .map((f) => relative(root, f));
  assert.deepEqual(offenders, []);
});
