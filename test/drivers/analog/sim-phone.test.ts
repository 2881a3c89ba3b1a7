// The simulated phone as the demo uses it: answer by itself after N rings,
// hang up after its talk time, and hang up when the exchange drops battery
// (open-loop disconnect) — on a real board and engine (rig.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analogRig } from './rig.ts';
import { SimPhone } from '../../../drivers/analog/index.ts';

test('a demo pair: 1002 answers at the first ring and hangs up after 3 s; 1001 hangs up on the open-loop disconnect', () => {
  const rig = analogRig();
  try {
    const spans = rig.board.spans;
    rig.phones.forEach((p) => p.close());
    const a = new SimPhone({ span: spans[2]!, lineDsp: rig.lineDsp, clock: rig.clock, hangUpOnDisconnect: true });
    const b = new SimPhone({ span: spans[3]!, lineDsp: rig.lineDsp, clock: rig.clock, answerAfterRings: 1, talkMs: 3000 });
    rig.phones.splice(0, 2, a, b);
    a.offhook();
    rig.run(400);
    a.dialDtmf('1002');
    rig.runUntil(() => rig.engine.calls()[0]?.state === 'connected', 2000, 'answered at the first ring');
    const answered = rig.clock.now();
    rig.runUntil(() => !b.offHook, 3200, '1002 hangs up after its talk time');
    assert.ok(rig.clock.now() - answered >= 2900, 'not before 3 s of talk');
    rig.runUntil(() => !a.offHook, 2000, '1001 hangs up on the battery drop');
    rig.run(1000);
    assert.deepEqual(rig.driver.ports().map((p) => p.state), ['onHook', 'onHook']);
    assert.equal(rig.store.cdrs.list()[0]?.disposition, 'answered');
  } finally {
    rig.close();
  }
});

test('pulse dialling refuses digits that have no pulse form', () => {
  const rig = analogRig();
  try {
    assert.throws(() => rig.phones[0]!.dialPulse('1*'), /dialPulse: digits: expected 0-9, got "\*"/);
  } finally {
    rig.close();
  }
});
