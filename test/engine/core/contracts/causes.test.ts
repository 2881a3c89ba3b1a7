// The Q.850 cause table as data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause, Q850_CAUSES, causeInfo, causeName, isCauseValue } from '../../../../engine/core/index.ts';

test('Q.850 values carry their names and classes (value >> 4 per clause 2.2.5)', () => {
  assert.equal(causeName(Cause.normalClearing), 'normalClearing');
  assert.equal(causeName(17), 'userBusy');
  assert.equal(causeInfo(34)?.cls, 'resourceUnavailable');
  assert.equal(causeInfo(1)?.cls, 'normal');
  assert.equal(causeInfo(63)?.cls, 'serviceNotAvailable');
  assert.equal(causeInfo(111)?.cls, 'protocolError');
  assert.equal(causeInfo(127)?.cls, 'interworking');
  assert.equal(causeName(12), 'cause 12');
});

test('the table is ordered, with unique values and names', () => {
  const values = Q850_CAUSES.map((c) => c.value);
  assert.deepEqual(values, [...values].sort((a, b) => a - b));
  assert.equal(new Set(values).size, values.length);
  assert.equal(new Set(Q850_CAUSES.map((c) => c.name)).size, values.length);
});

test('isCauseValue accepts integers 0..127 only', () => {
  assert.equal(isCauseValue(0), true);
  assert.equal(isCauseValue(127), true);
  assert.equal(isCauseValue(128), false);
  assert.equal(isCauseValue(-1), false);
  assert.equal(isCauseValue(16.5), false);
  assert.equal(isCauseValue('16'), false);
});
