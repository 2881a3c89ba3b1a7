// The routing config validator: errors name file, key and expectation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRouting } from '../../../../engine/core/routing/index.ts';

test('a valid section validates, with warnings for references to undefined trunk groups', () => {
  const v = validateRouting(
    {
      extensions: [{ number: 2001, device: { driver: 'ext', channel: 1 } }],
      trunkGroups: [{ name: 'pstn', members: [{ driver: 'e1' }] }],
      inbound: [{ name: 'a', dnis: '_8X.', target: { extension: '2001' } }],
      outbound: [{ name: 'o', match: '_0Z.', class: 'longDistance', trunkGroup: 'other' }],
    },
    'hotline.yaml',
  );
  assert.ok(v.ok);
  if (v.ok) {
    assert.equal(v.config.extensions[0]?.class, 'internal');
    assert.deepEqual(v.warnings, ['outbound route o: trunk group other is not defined']);
  }
});

test('errors name the file, the key path and what was expected', () => {
  const v = validateRouting(
    {
      extensions: [{ number: '20a1', class: 'everything', device: { driver: 'ext' } }],
      trunkGroups: [{ name: 'g', hunt: 'random', members: [] }],
      inbound: [{ name: 'x', dnis: '_1[3-9', target: { extension: '1', queue: 'q' } }],
      outbound: [{ name: 'o', match: '_X.', class: 'local' }],
    },
    'hotline.yaml',
  );
  assert.ok(!v.ok);
  if (v.ok) return;
  const msgs = v.errors.map((e) => e.message);
  const expect = [
    'config hotline.yaml: routing.extensions[0].number: expected a number of digits',
    'config hotline.yaml: routing.extensions[0].class: expected one of internal, local, longDistance, international, got "everything"',
    'config hotline.yaml: routing.trunkGroups[0].hunt: expected one of lowest, highest, roundRobin, got "random"',
    'config hotline.yaml: routing.trunkGroups[0].members: expected at least one member',
    'config hotline.yaml: routing.inbound[0].dnis: expected a pattern (unclosed [',
    'config hotline.yaml: routing.inbound[0].target: expected exactly one of',
    'config hotline.yaml: routing.outbound[0].trunkGroup: expected a non-empty string, got nothing',
  ];
  for (const e of expect) assert.ok(msgs.some((m) => m.startsWith(e)), `missing: ${e}\n got: ${msgs.join('\n')}`);
  assert.equal(v.errors[0]?.file, 'hotline.yaml');
});

test('duplicate names are errors', () => {
  const v = validateRouting({ trunkGroups: [{ name: 'g', members: [{ driver: 'a' }] }, { name: 'g', members: [{ driver: 'b' }] }] }, 'f.yaml');
  assert.ok(!v.ok);
  if (!v.ok) assert.match(v.errors[0]!.message, /routing.trunkGroups\[1\].name: expected a unique value/);
});

test('an absent routing section is an empty config', () => {
  const v = validateRouting(undefined, 'f.yaml');
  assert.ok(v.ok && v.config.inbound.length === 0);
});
