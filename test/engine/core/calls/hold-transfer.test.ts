// Hold with music on hold, blind and attended transfer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause, type PromptFactory, type PromptSource } from '../../../../engine/core/index.ts';
import { harness, lineOf, pcmOf } from '../support/harness.ts';
import { connect } from '../support/connect.ts';
import { toneDbm0 } from '../support/tones.ts';
import { rmsDbm0, tone } from '../../../support/signals.ts';

test('hold: the held party hears the generated music on hold, the other hears silence; unhold restores audio', () => {
  const h = harness();
  const { a, b, callId } = connect(h, '2001', '2002');
  const legA = h.engine.call(callId)!.legs[0]!;
  const held: boolean[] = [];
  h.engine.on('held', (e) => held.push(e.held));
  assert.equal(h.engine.hold(legA.id), true);
  a.listen(true);
  b.listen(true);
  a.play(lineOf(h.dsp, tone([{ freqHz: 1000, levelDbm0: -10 }], 16000)));
  h.run(1000);
  const atA = pcmOf(h.dsp, a.heard());
  assert.ok(toneDbm0(atA, 523, 160, 2400) > -24, `MoH first note (523 Hz) heard, got ${toneDbm0(atA, 523, 160, 2400)}`);
  assert.ok(rmsDbm0(pcmOf(h.dsp, b.heard()), 800) < -60, 'the other party hears silence, not the held party');
  assert.equal(h.engine.unhold(legA.id), true);
  b.clearHeard();
  h.run(400);
  const atB = pcmOf(h.dsp, b.heard());
  assert.ok(Math.abs(toneDbm0(atB, 1000, 800, 2400) + 10) < 0.5, 'after unhold B hears A again');
  assert.deepEqual(held, [true, false]);
  h.engine.stop();
});

test('hold uses the "moh" prompt when the prompt factory has one', () => {
  let opened = '';
  let reads = 0;
  const factory: PromptFactory = {
    open(name: string): PromptSource | undefined {
      opened = name;
      return {
        read(out: Int16Array) {
          reads++;
          out.fill(1000);
          return true;
        },
        close() {},
      };
    },
  };
  const h = harness({ engine: { promptFactory: factory } });
  const { a, callId } = connect(h, '2001', '2002');
  h.engine.hold(h.engine.call(callId)!.legs[0]!.id);
  a.listen(true);
  h.run(200);
  assert.equal(opened, 'moh');
  assert.ok(reads >= 9, `prompt read once per tick, got ${reads}`);
  const heard = pcmOf(h.dsp, a.heard());
  assert.ok(Math.abs((heard[100] ?? 0) - 1000) < 40, `prompt samples reach the line, got ${heard[100]}`);
  h.engine.stop();
});

test('blind transfer: the transferor is released, the caller hears ringback, then talks to the new party', () => {
  const h = harness();
  const { a, b, callId } = connect(h, '2001', '2002');
  const legA = h.engine.call(callId)!.legs[0]!;
  const kinds: string[] = [];
  h.engine.on('transferred', (e) => kinds.push(e.kind));
  const r = h.engine.transferBlind(legA.id, '2003');
  assert.equal(r.ok, true);
  h.run(40);
  assert.equal(b.channel.state, 'released');
  assert.equal(b.channel.hangupInfo?.cause, Cause.normalClearing);
  const c = h.farPhones[1]!;
  assert.equal(c.channel.call?.dnis, '2003');
  a.listen(true);
  h.run(600);
  assert.ok(toneDbm0(pcmOf(h.dsp, a.heard()), 450, 0, 3200) > -14, 'ringback while the new party rings');
  c.channel.answer();
  h.run(40);
  c.listen(true);
  a.play(lineOf(h.dsp, tone([{ freqHz: 1200, levelDbm0: -12 }], 8000)));
  h.run(500);
  assert.ok(Math.abs(toneDbm0(pcmOf(h.dsp, c.heard()), 1200, 800, 3200) + 12) < 0.5, 'A and the new party are bridged');
  assert.deepEqual(kinds, ['blind']);
  assert.equal(h.engine.calls().length, 1);
  c.channel.hangup(Cause.normalClearing);
  h.run(40);
  assert.equal(h.cdrs.records.length, 1);
  assert.equal(h.cdrs.records[0]?.legs.length, 3);
  h.engine.stop();
});

test('attended transfer: the two far parties are joined and the transferor\'s two legs released', () => {
  const h = harness();
  const c1 = connect(h, '2001', '2002');
  const c2 = connect(h, '2003', '2004');
  const legA = h.engine.call(c1.callId)!.legs[0]!;
  const legD = h.engine.call(c2.callId)!.legs[1]!;
  h.engine.hold(legA.id);
  h.run(100);
  assert.equal(h.engine.transferAttended(legA.id, legD.id).ok, true);
  h.run(40);
  assert.equal(c1.b.channel.state, 'released');
  assert.equal(c2.a.channel.state, 'released');
  c1.a.listen(true);
  c2.b.listen(true);
  c1.a.play(lineOf(h.dsp, tone([{ freqHz: 700, levelDbm0: -10 }], 8000)));
  c2.b.play(lineOf(h.dsp, tone([{ freqHz: 1700, levelDbm0: -10 }], 8000)));
  h.run(500);
  assert.ok(Math.abs(toneDbm0(pcmOf(h.dsp, c2.b.heard()), 700, 800, 3200) + 10) < 0.5, '2004 hears 2001');
  assert.ok(Math.abs(toneDbm0(pcmOf(h.dsp, c1.a.heard()), 1700, 800, 3200) + 10) < 0.5, '2001 hears 2004 (off hold)');
  assert.equal(h.cdrs.records.length, 1, 'the consultation call ended with its CDR');
  assert.equal(h.engine.calls().length, 1);
  h.engine.stop();
});
