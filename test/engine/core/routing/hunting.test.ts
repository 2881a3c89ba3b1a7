// Channel hunting over trunk groups: lowest, highest, round robin, across spans.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router, validateRouting, huntOrder, type HuntCandidate } from '../../../../engine/core/routing/index.ts';
import type { Circuit } from '../../../../engine/core/contracts/index.ts';

function circuits(spans: number, perSpan: number, busy: Array<[number, number]> = []): Circuit[] {
  const out: Circuit[] = [];
  for (let s = 0; s < spans; s++)
    for (let c = 1; c <= perSpan; c++) out.push({ span: s, channel: c, available: !busy.some(([bs, bc]) => bs === s && bc === c) });
  return out;
}

function names(list: HuntCandidate[]): string[] {
  return list.map((c) => `${c.span}/${c.channel}`);
}

function router(hunt: string, member: Record<string, unknown> = { driver: 'e1' }): Router {
  const v = validateRouting({ trunkGroups: [{ name: 'g', hunt, members: [member] }] }, 'test.yaml');
  if (!v.ok) throw new Error(v.errors[0]?.message);
  return new Router(v.config);
}

test('lowest hunting tries span 0 channel 1 first, skipping busy circuits', () => {
  const r = router('lowest');
  const g = r.config.trunkGroups[0]!;
  const order = r.hunt(g, () => circuits(2, 3, [[0, 1]]));
  assert.deepEqual(names(order), ['0/2', '0/3', '1/1', '1/2', '1/3']);
});

test('highest hunting tries the last span and channel first', () => {
  const r = router('highest');
  const g = r.config.trunkGroups[0]!;
  assert.deepEqual(names(r.hunt(g, () => circuits(2, 2))), ['1/2', '1/1', '0/2', '0/1']);
});

test('round robin continues after the circuit used last and wraps across spans', () => {
  const r = router('roundRobin');
  const g = r.config.trunkGroups[0]!;
  const used: string[] = [];
  for (let i = 0; i < 6; i++) {
    const first = r.hunt(g, () => circuits(2, 2))[0]!;
    used.push(`${first.span}/${first.channel}`);
    r.used(g, first);
  }
  assert.deepEqual(used, ['0/1', '0/2', '1/1', '1/2', '0/1', '0/2']);
});

test('members limit spans and channel ranges; a member naming a missing driver is skipped', () => {
  const v = validateRouting(
    { trunkGroups: [{ name: 'g', members: [{ driver: 'e1', spans: [1], channels: [2, 3] }, { driver: 'gone' }] }] },
    'test.yaml',
  );
  assert.ok(v.ok);
  if (!v.ok) return;
  const r = new Router(v.config);
  const order = r.hunt(v.config.trunkGroups[0]!, (d) => (d === 'e1' ? circuits(2, 5) : undefined));
  assert.deepEqual(names(order), ['1/2', '1/3']);
});

test('an all-busy group hunts to an empty list (congestion)', () => {
  const all: Array<[number, number]> = [
    [0, 1],
    [0, 2],
  ];
  assert.deepEqual(huntOrder(circuits(1, 2, all).map((c) => ({ driver: 'e1', ...c })), 'roundRobin'), []);
});
