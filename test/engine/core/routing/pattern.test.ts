// Number patterns: exact, prefix, Asterisk-style and regex, on generated numbers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, type NumberPattern } from '../../../../engine/core/routing/index.ts';
import { prng } from '../../../support/signals.ts';

function p(source: string): NumberPattern {
  const r = compilePattern(source);
  if (!r.ok) throw new Error(r.reason);
  return r.pattern;
}

function digits(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
}

test('an exact pattern matches only the same number', () => {
  const x = p('2001');
  assert.equal(x.test('2001'), true);
  assert.equal(x.test('20011'), false);
  assert.equal(x.test('200'), false);
});

test('a prefix pattern matches every number that starts with it, and "*" matches anything', () => {
  const x = p('010*');
  assert.equal(x.test('01088888888'), true);
  assert.equal(x.test('010'), true);
  assert.equal(x.test('0210000'), false);
  assert.equal(p('*').test('12345'), true);
});

test('_1XX matches exactly three-digit numbers starting with 1 (China service numbers)', () => {
  const x = p('_1XX');
  for (const n of ['110', '119', '120', '122', '100']) assert.equal(x.test(n), true, n);
  for (const n of ['11', '1100', '210', '1a0']) assert.equal(x.test(n), false, n);
});

test('_X. needs at least two digits and _X! at least one ("." is one or more, "!" zero or more)', () => {
  assert.equal(p('_X.').test('1'), false);
  assert.equal(p('_X.').test('12'), true);
  assert.equal(p('_X!').test('1'), true);
  assert.equal(p('_X!').test(''), false);
});

test('China mobile _1[3-9]XXXXXXXXX accepts 11-digit 13x..19x numbers and rejects the rest (2000 generated)', () => {
  const mobile = p('_1[3-9]XXXXXXXXX');
  const rnd = prng(7);
  for (let i = 0; i < 2000; i++) {
    const second = Math.floor(rnd() * 10);
    const len = 9 + Math.floor(rnd() * 4);
    const n = `1${second}${digits(rnd, len)}`;
    const expected = second >= 3 && n.length === 11;
    assert.equal(mobile.test(n), expected, n);
  }
});

test('Z and N classes: Z is 1-9, N is 2-9', () => {
  assert.equal(p('_0Z.').test('01088'), true);
  assert.equal(p('_0Z.').test('00188'), false);
  assert.equal(p('_NXX').test('200'), true);
  assert.equal(p('_NXX').test('100'), false);
});

test('a /regex/ pattern is a JavaScript regular expression and reports its literal prefix', () => {
  const x = p('/^8[0-9]{3}$/');
  assert.equal(x.test('8123'), true);
  assert.equal(x.test('81234'), false);
  assert.equal(x.literalPrefix, 1);
});

test('literal prefix counts the fixed leading digits (specificity)', () => {
  assert.equal(p('_00.').literalPrefix, 2);
  assert.equal(p('_0Z.').literalPrefix, 1);
  assert.equal(p('_X.').literalPrefix, 0);
  assert.equal(p('0086*').literalPrefix, 4);
});

test('bad patterns are values with a reason, never exceptions', () => {
  for (const bad of ['', '_', '_1[3-9', '_1?X', '/[/', 'xyz', '12 34']) {
    const r = compilePattern(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.ok(r.reason.length > 0);
  }
});
