// Two-party bridges copy frames (no mixer); conferences of three or more mix
// (each hears the others, not itself); A-law and μ-law legs bridge.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoopbackDriver, type LoopbackPhone } from '../../../../drivers/loopback/index.ts';
import { harness, lineOf, pcmOf } from '../support/harness.ts';
import { connect } from '../support/connect.ts';
import { toneDbm0 } from '../support/tones.ts';
import { tone } from '../../../support/signals.ts';

test('a two-party call opens no mixer room; a third party in a conference opens exactly one', () => {
  const h = harness();
  connect(h, '2001', '2002');
  assert.equal(h.dsp.mixer.openSlots, 0, 'two-party bridge: no mixer');
  const modes: string[] = [];
  h.engine.on('bridged', (e) => modes.push(e.mode));
  const p = ['2003', '2004'].map((n) => h.phones.call({ ani: n, dnis: '8000' }, { span: 0, channel: Number(n) - 2000 }));
  h.run(100);
  assert.equal(h.dsp.mixer.openSlots, 0, 'a conference of two is a direct bridge');
  h.phones.call({ ani: '2005', dnis: '8000' }, { span: 0, channel: 5 });
  h.run(100);
  assert.equal(h.dsp.mixer.openSlots, 1, 'three parties: one mixer room');
  assert.deepEqual(modes, ['direct', 'direct', 'mixer']);
  p[0]!.channel.hangup(16);
  h.run(100);
  assert.equal(h.dsp.mixer.openSlots, 0, 'back to two: the room is closed, direct bridge again');
  h.engine.stop();
});

test('conference of three: each party hears the other two at their level and not itself', () => {
  const h = harness();
  const freqs = [500, 900, 1300];
  const phones: LoopbackPhone[] = ['2001', '2002', '2003'].map((n) => h.phones.call({ ani: n, dnis: '8000' }, { span: 0, channel: Number(n) - 2000 }));
  h.run(100);
  phones.forEach((p, i) => {
    p.play(lineOf(h.dsp, tone([{ freqHz: freqs[i]!, levelDbm0: -20 }], 8000)));
    p.listen(true);
  });
  h.run(800);
  phones.forEach((p, i) => {
    const heard = pcmOf(h.dsp, p.heard());
    freqs.forEach((f, j) => {
      const level = toneDbm0(heard, f, 1600, 4800);
      if (i === j) assert.ok(level < -45, `party ${i} must not hear itself (${f} Hz at ${level.toFixed(1)} dBm0)`);
      else assert.ok(Math.abs(level + 20) < 1.5, `party ${i} hears party ${j} (${f} Hz) at -20 dBm0, got ${level.toFixed(1)}`);
    });
  });
  h.engine.stop();
});

test('an A-law phone and a μ-law trunk bridge: the tone crosses at its level both ways', () => {
  const trunk = new LoopbackDriver({ name: 'trunk', codec: 'ulaw', onFarCall: (p) => far.push(p) });
  const far: LoopbackPhone[] = [];
  const h = harness({ extraDrivers: [trunk] });
  const a = h.phones.call({ ani: '2001', dnis: '62345678' }, { span: 0, channel: 1 });
  h.run(20);
  const b = far[0]!;
  assert.equal(b.channel.call?.dnis, '62345678');
  b.channel.answer();
  h.run(40);
  a.listen(true);
  b.listen(true);
  a.play(lineOf(h.dsp, tone([{ freqHz: 1004, levelDbm0: -10 }], 8000), 'alaw'));
  b.play(lineOf(h.dsp, tone([{ freqHz: 697, levelDbm0: -16 }], 8000), 'ulaw'));
  h.run(600);
  const atB = pcmOf(h.dsp, b.heard(), 'ulaw');
  const atA = pcmOf(h.dsp, a.heard(), 'alaw');
  assert.ok(Math.abs(toneDbm0(atB, 1004, 1600, 4000) + 10) < 0.5, `μ-law side hears -10 dBm0, got ${toneDbm0(atB, 1004, 1600, 4000)}`);
  assert.ok(Math.abs(toneDbm0(atA, 697, 1600, 4000) + 16) < 0.5, `A-law side hears -16 dBm0, got ${toneDbm0(atA, 697, 1600, 4000)}`);
  h.engine.stop();
});

test('a held conference member leaves the mix and hears music on hold; the others go back to a direct bridge', () => {
  const h = harness();
  const phones = ['2001', '2002', '2003'].map((n) => h.phones.call({ ani: n, dnis: '8000' }, { span: 0, channel: Number(n) - 2000 }));
  h.run(100);
  assert.equal(h.dsp.mixer.openSlots, 1);
  const legC = h.engine.calls().find((c) => c.ani === '2003')!.legs[0]!.legId;
  h.engine.hold(legC);
  h.run(40);
  assert.equal(h.dsp.mixer.openSlots, 0, 'two active members: direct bridge');
  phones[2]!.listen(true);
  phones[1]!.listen(true);
  phones[0]!.play(lineOf(h.dsp, tone([{ freqHz: 900, levelDbm0: -10 }], 8000)));
  h.run(500);
  assert.ok(toneDbm0(pcmOf(h.dsp, phones[2]!.heard()), 900, 800, 3200) < -45, 'the held member does not hear the conference');
  assert.ok(Math.abs(toneDbm0(pcmOf(h.dsp, phones[1]!.heard()), 900, 800, 3200) + 10) < 0.5, 'the others still talk');
  h.engine.unhold(legC);
  h.run(40);
  assert.equal(h.dsp.mixer.openSlots, 1, 'back in the mix');
  h.engine.stop();
});
