// Deterministic time: ten minutes of engine time of calls, driven, in a few
// seconds of wall time, with every DSP frame and slot returned at the end.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../../engine/core/index.ts';
import type { LoopbackPhone } from '../../../drivers/loopback/index.ts';
import { harness } from './support/harness.ts';
import { prng } from '../../support/signals.ts';

test('ten minutes of engine time: four lines of back-to-back calls, every CDR right, no DSP resource leaked', () => {
  const h = harness();
  const framesFree = h.dsp.frames.available;
  const rnd = prng(99);
  const placed: { from: string; talkMs: number }[] = [];
  let answered = 0;
  const lines = [
    ['2001', '2002'],
    ['2003', '2004'],
    ['2005', '2006'],
    ['2007', '2008'],
  ] as const;
  const TOTAL_MS = 10 * 60 * 1000;
  const busyUntil = new Array<number>(lines.length).fill(0);
  const far = new Map<LoopbackPhone, { answerAt: number; hangupAt: number }>();
  const known = new Set<LoopbackPhone>();
  const plans = new Map<string, { ringMs: number; talkMs: number }>();
  for (let t = 0; t < TOTAL_MS; t += 100) {
    lines.forEach(([from, to], i) => {
      if (h.clock.now() < (busyUntil[i] ?? 0)) return;
      const talkMs = 5_000 + Math.floor(rnd() * 40_000);
      const ringMs = 500 + Math.floor(rnd() * 3000);
      h.phones.call({ ani: from, dnis: to }, { span: 0, channel: Number(from) - 2000 });
      placed.push({ from, talkMs });
      busyUntil[i] = h.clock.now() + ringMs + talkMs + 1_000;
      plans.set(to, { ringMs, talkMs });
    });
    h.run(20);
    for (const p of h.farPhones) {
      if (known.has(p)) continue;
      known.add(p);
      const plan = plans.get(p.channel.call?.dnis ?? '');
      if (!plan) throw new Error('unexpected far phone');
      p.channel.progress({ ringing: true, earlyMedia: false });
      far.set(p, { answerAt: h.clock.now() + plan.ringMs, hangupAt: h.clock.now() + plan.ringMs + plan.talkMs });
    }
    h.run(80);
    for (const [p, plan] of far) {
      if (p.channel.state === 'alerting' && h.clock.now() >= plan.answerAt) {
        p.channel.answer();
        answered++;
      }
      if (p.channel.state === 'answered' && h.clock.now() >= plan.hangupAt) {
        p.channel.hangup(Cause.normalClearing);
        far.delete(p);
      }
    }
  }
  for (const c of h.engine.calls()) h.engine.hangup(c.callId);
  h.run(1000);
  assert.ok(h.clock.now() >= TOTAL_MS);
  assert.ok(placed.length >= 40, `calls placed: ${placed.length}`);
  assert.equal(h.cdrs.records.length, placed.length, 'one CDR per call');
  assert.equal(h.cdrs.open.size, 0);
  assert.ok(answered >= placed.length - 4);
  for (const r of h.cdrs.records.slice(0, -4)) {
    assert.equal(r.disposition, 'answered', r.callId);
    assert.equal(r.cause, Cause.normalClearing);
    assert.ok(r.billableMs >= 5_000 && r.billableMs <= 46_000, `talk time ${r.billableMs}`);
  }
  assert.equal(h.engine.metrics().tick.ticks, Math.floor(h.clock.now() / 20));
  assert.equal(h.engine.metrics().activeLegs, 0);
  assert.equal(h.dsp.frames.available, framesFree, 'every frame returned');
  assert.equal(h.dsp.echo.openSlots + h.dsp.dtmfRx.openSlots + h.dsp.toneTx.openSlots, 0, 'every slot returned');
  h.engine.stop();
});
