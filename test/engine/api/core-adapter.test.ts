import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSpans } from '../../../engine/api/index.ts';

test('a board span that a driver runs is listed once, with the driver, its busy count and both alarm sets', () => {
  const merged = mergeSpans(
    [
      { name: 'sim0/1', kind: 'e1-cas', alarms: [], channels: 30, busy: 0 },
      { name: 'sim0/3', kind: 'fxs', alarms: ['los'], channels: 1, busy: 0 },
    ],
    [
      { driver: 'analog', span: 3, name: 'sim0/3', alarm: 'down', channels: 1, busy: 1 },
      { driver: 'loopback', span: 0, name: 'loopback/0', alarm: 'none', channels: 30, busy: 2 },
    ],
  );
  assert.deepEqual(merged, [
    { name: 'sim0/1', kind: 'e1-cas', alarms: [], channels: 30, busy: 0 },
    { name: 'sim0/3', kind: 'fxs', driver: 'analog', alarms: ['los', 'down'], channels: 1, busy: 1 },
    { name: 'loopback/0', kind: 'loopback', driver: 'loopback', alarms: [], channels: 30, busy: 2 },
  ]);
});
