// Call setup, answer and release through the engine on loopback phones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../../../engine/core/index.ts';
import { harness, lineOf, pcmOf } from '../support/harness.ts';
import { tone, rmsDbm0 } from '../../../support/signals.ts';

test('extension 2001 calls 2002: it rings, answers, audio flows both ways, hangup ends the call with one CDR', () => {
  const h = harness();
  const events: string[] = [];
  for (const e of ['offered', 'ringing', 'answered', 'bridged', 'ended'] as const) h.engine.on(e, () => events.push(e));
  const a = h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(20);
  assert.equal(h.farPhones.length, 1, 'the called phone is seized');
  const b = h.farPhones[0]!;
  assert.equal(b.channel.call?.dnis, '2002');
  assert.equal(b.channel.call?.ani, '2001');
  b.channel.progress({ ringing: true, earlyMedia: false });
  h.run(40);
  assert.equal(a.channel.state, 'alerting');
  h.run(1000);
  b.channel.answer();
  h.run(40);
  assert.equal(a.channel.state, 'answered');
  assert.equal(h.engine.calls().length, 1);
  a.listen(true);
  b.listen(true);
  a.play(lineOf(h.dsp, tone([{ freqHz: 1004, levelDbm0: -10 }], 8000)));
  b.play(lineOf(h.dsp, tone([{ freqHz: 404, levelDbm0: -20 }], 8000)));
  h.run(1000);
  const atB = pcmOf(h.dsp, b.heard());
  const atA = pcmOf(h.dsp, a.heard());
  assert.ok(Math.abs(rmsDbm0(atB, 1600, 6400) + 10) < 0.5, `B hears A's tone at -10 dBm0, got ${rmsDbm0(atB, 1600, 6400)}`);
  assert.ok(Math.abs(rmsDbm0(atA, 1600, 6400) + 20) < 0.5, `A hears B's tone at -20 dBm0, got ${rmsDbm0(atA, 1600, 6400)}`);
  b.channel.hangup(Cause.normalClearing);
  h.run(40);
  assert.equal(a.channel.state, 'released');
  assert.equal(a.channel.hangupInfo?.cause, Cause.normalClearing);
  assert.equal(h.engine.calls().length, 0);
  assert.equal(h.cdrs.records.length, 1);
  const cdr = h.cdrs.records[0]!;
  assert.equal(cdr.disposition, 'answered');
  assert.equal(cdr.ani, '2001');
  assert.equal(cdr.dnis, '2002');
  assert.equal(cdr.cause, Cause.normalClearing);
  assert.equal(cdr.legs.length, 2);
  assert.ok(cdr.answerAt !== null && cdr.answerAt >= 1040 && cdr.answerAt <= 1100, `answer at ${cdr.answerAt}`);
  assert.equal(cdr.billableMs, cdr.endAt - (cdr.answerAt ?? 0));
  assert.equal(h.cdrs.open.size, 0, 'the open row was closed');
  assert.deepEqual([...new Set(events)], ['offered', 'ringing', 'answered', 'bridged', 'ended']);
  h.engine.stop();
});

test('the caller hears 450 Hz ringback while the called phone rings without early media', () => {
  const h = harness();
  const a = h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(20);
  h.farPhones[0]!.channel.progress({ ringing: true, earlyMedia: false });
  a.listen(true);
  h.run(1000);
  const heard = pcmOf(h.dsp, a.heard());
  assert.ok(heard.length >= 6400);
  const level = rmsDbm0(heard, 800, 6400);
  assert.ok(Math.abs(level + 10) < 1, `ringback at -10 dBm0, got ${level}`);
  h.run(2000);
  a.clearHeard();
  h.run(1000);
  assert.ok(rmsDbm0(pcmOf(h.dsp, a.heard())) < -60, 'silent in the 4 s off period');
  h.engine.stop();
});

test('early media: the caller hears the called side before answer, and the call is not answered', () => {
  const h = harness();
  const a = h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(20);
  const b = h.farPhones[0]!;
  b.channel.progress({ ringing: false, earlyMedia: true });
  b.play(lineOf(h.dsp, tone([{ freqHz: 800, levelDbm0: -15 }], 8000)));
  a.listen(true);
  h.run(600);
  const heard = pcmOf(h.dsp, a.heard());
  assert.ok(Math.abs(rmsDbm0(heard, 1600, 4000) + 15) < 0.5, `early media heard at -15 dBm0, got ${rmsDbm0(heard, 1600, 4000)}`);
  assert.equal(a.channel.state, 'alerting');
  assert.equal(h.engine.calls()[0]?.answerAt, null);
  h.engine.stop();
});

test('busy: the called side releases with 17 before answer; the caller gets 17 and the CDR says busy', () => {
  const h = harness();
  const a = h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(20);
  h.farPhones[0]!.channel.hangup(Cause.userBusy);
  h.run(40);
  assert.equal(a.channel.hangupInfo?.cause, Cause.userBusy);
  assert.equal(h.cdrs.records[0]?.disposition, 'busy');
  assert.equal(h.cdrs.records[0]?.billableMs, 0);
  h.engine.stop();
});

test('no answer: the ring timeout on the engine clock releases both with 19', () => {
  const h = harness({ engine: { ringTimeoutMs: 30_000 } });
  const a = h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(20);
  const b = h.farPhones[0]!;
  b.channel.progress({ ringing: true, earlyMedia: false });
  h.run(29_900);
  assert.equal(a.channel.state, 'alerting', 'still ringing just before the timeout');
  h.run(200);
  assert.equal(b.channel.hangupInfo?.cause, Cause.noAnswer);
  assert.equal(a.channel.hangupInfo?.cause, Cause.noAnswer);
  assert.equal(h.cdrs.records[0]?.disposition, 'noAnswer');
  h.engine.stop();
});

test('caller abandons while ringing: the called side is released with 16 and the CDR says noAnswer', () => {
  const h = harness();
  const a = h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(20);
  const b = h.farPhones[0]!;
  b.channel.progress({ ringing: true, earlyMedia: false });
  h.run(2000);
  a.channel.hangup(Cause.normalClearing);
  h.run(40);
  assert.equal(b.channel.state, 'released');
  assert.equal(b.channel.hangupInfo?.cause, Cause.normalClearing);
  assert.equal(h.cdrs.records[0]?.disposition, 'noAnswer');
  h.engine.stop();
});

test('an unrouted number fails with unallocated number (1), the CDR says failed, and the engine keeps working', () => {
  const h = harness();
  const a = h.phones.call({ ani: '01088886666', dnis: '999' }, { span: 0, channel: 8 });
  h.run(40);
  assert.equal(a.channel.hangupInfo?.cause, Cause.unallocatedNumber);
  assert.equal(h.cdrs.records[0]?.disposition, 'failed');
  h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(20);
  assert.equal(h.farPhones.length, 1, 'the next call reaches its extension');
  h.engine.stop();
});
