// One failing call does not take down the others: its media fault releases
// it with Q.850 41 and a failed CDR; the neighbour keeps talking.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../../../engine/core/index.ts';
import { harness, lineOf, pcmOf } from '../support/harness.ts';
import { connect } from '../support/connect.ts';
import { toneDbm0 } from '../support/tones.ts';
import { tone } from '../../../support/signals.ts';

test('a fax tap that throws releases only its call, with cause 41; the other call keeps its audio', () => {
  const h = harness();
  const bad = connect(h, '2001', '2002');
  const good = connect(h, '2003', '2004');
  const badLeg = h.engine.call(bad.callId)!.legs[0]!;
  badLeg.channel.media.faxMode = true;
  badLeg.channel.media.tap = {
    rx() {
      throw new Error('fax engine crashed');
    },
    tx() {
      return false;
    },
  };
  good.b.listen(true);
  good.a.play(lineOf(h.dsp, tone([{ freqHz: 1000, levelDbm0: -10 }], 16000)));
  h.run(1000);
  assert.equal(bad.a.channel.hangupInfo?.cause, Cause.temporaryFailure);
  assert.equal(bad.b.channel.hangupInfo?.cause, Cause.temporaryFailure);
  const cdr = h.cdrs.records.find((r) => r.callId === bad.callId);
  assert.equal(cdr?.disposition, 'failed');
  assert.equal(h.engine.calls().length, 1);
  assert.equal(good.a.channel.state, 'answered');
  const heard = pcmOf(h.dsp, good.b.heard());
  assert.ok(Math.abs(toneDbm0(heard, 1000, heard.length - 3200, heard.length) + 10) < 0.5, 'the other call still carries audio');
  assert.equal(h.engine.metrics().media.legFaults, 1);
  h.engine.stop();
});

test('an application that throws fails its call only', () => {
  const h = harness();
  h.engine.registerApplication('ivr', {
    handle() {
      throw new Error('flow script error');
    },
  });
  const ivrCaller = h.phones.call({ ani: '2001', dnis: '8100' }, { span: 0, channel: 1 });
  const other = connect(h, '2003', '2004');
  h.run(100);
  assert.equal(ivrCaller.channel.hangupInfo?.cause, Cause.temporaryFailure);
  assert.equal(other.a.channel.state, 'answered');
  h.engine.stop();
});

test('a listener that throws on the engine bus is logged and changes nothing', () => {
  const h = harness();
  h.engine.on('answered', () => {
    throw new Error('bad subscriber');
  });
  const { a } = connect(h, '2001', '2002');
  assert.equal(a.channel.state, 'answered');
  h.engine.stop();
});

test('an application target reaches the registered application with the leg; without one the call fails with 63', () => {
  const h = harness();
  const res = harness();
  const got: string[] = [];
  h.engine.registerApplication('ivr', {
    handle(ctx) {
      got.push(`${ctx.name}:${ctx.route}`);
      ctx.leg.answer();
    },
  });
  const p = h.phones.call({ ani: '2001', dnis: '8100' }, { span: 0, channel: 1 });
  h.run(100);
  assert.deepEqual(got, ['main:ivr']);
  assert.equal(p.channel.state, 'answered');
  const q = res.phones.call({ ani: '2001', dnis: '8100' }, { span: 0, channel: 1 });
  res.run(100);
  assert.equal(q.channel.hangupInfo?.cause, Cause.serviceNotAvailable);
  h.engine.stop();
  res.engine.stop();
});
