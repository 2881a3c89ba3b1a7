// The DSP module allocates nothing after init (house style: fixed memory,
// --runtime stub, every buffer a layout region). A stub-runtime allocation
// would bump into the layout's first region, so it must not exist at all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const wat = readFileSync(fileURLToPath(new URL('../../build/wasm/checked.wat', import.meta.url)), 'utf8');

test('no kernel calls the runtime allocator (__new, __alloc, __renew)', () => {
  const calls = wat.match(/call \$~lib\/rt\/[^\s)]*/g) ?? [];
  assert.deepEqual(calls.filter((c) => /__new|__alloc|__renew|__realloc/.test(c)), []);
});

test('the module never grows its memory', () => {
  assert.equal(/memory\.grow/.test(wat), false);
});

test('the memory is declared with equal initial and maximum size', () => {
  const m = /\(memory \$0 (\d+) (\d+)\)/.exec(wat);
  assert.ok(m, 'memory declaration found');
  assert.equal(m[1], m[2]);
});
