// The Engine API: originate, hangup, drain, reload, spans, metrics, and
// routing through trunk groups with hunting and bad routes at run time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../../engine/core/index.ts';
import { LoopbackDriver, type LoopbackPhone } from '../../../drivers/loopback/index.ts';
import { harness, TEST_ROUTING } from './support/harness.ts';

test('originate(2001, 2002): rings 2001 first, then on answer rings 2002 and bridges them', () => {
  const h = harness();
  const r = h.engine.originate('2001', '2002');
  assert.ok(r.ok);
  h.run(20);
  const first = h.farPhones[0]!;
  assert.equal(first.channel.call?.dnis, '2001');
  first.channel.answer();
  h.run(40);
  const second = h.farPhones[1]!;
  assert.equal(second.channel.call?.dnis, '2002');
  second.channel.answer();
  h.run(40);
  const snap = h.engine.calls()[0]!;
  assert.equal(snap.state, 'connected');
  assert.equal(snap.legs.length, 2);
  assert.equal(h.engine.hangup(snap.callId), true);
  h.run(40);
  assert.equal(first.channel.state, 'released');
  assert.equal(second.channel.state, 'released');
  assert.equal(h.cdrs.records[0]?.disposition, 'answered');
  assert.equal(h.engine.originate('9999', '2002').ok, false);
  h.engine.stop();
});

test('drain: new calls are refused with 42, the call in progress finishes normally', () => {
  const h = harness();
  const a = h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(20);
  h.farPhones[0]!.channel.answer();
  h.run(40);
  h.engine.drain();
  const late = h.phones.call({ ani: '2003', dnis: '2004' }, { span: 0, channel: 3 });
  h.run(40);
  assert.equal(late.channel.hangupInfo?.cause, Cause.switchingEquipmentCongestion);
  assert.equal(a.channel.state, 'answered');
  assert.equal(h.engine.originate('2005', '2006').ok, false);
  a.channel.hangup(16);
  h.run(40);
  assert.equal(h.engine.calls().length, 0);
  assert.equal(h.engine.metrics().rejectedDraining, 1);
  h.engine.stop();
});

test('reload validates first: a bad section is refused and the old routes stay; a good one applies to new calls', () => {
  const h = harness();
  const bad = h.engine.reload({ ...TEST_ROUTING, outbound: [{ name: 'x', match: '_[', class: 'local', trunkGroup: 'pstn' }] }, 'hotline.yaml');
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.errors[0]!.message, /hotline.yaml: routing.outbound\[0\].match/);
  assert.equal(h.engine.routing.outbound[0]?.name, 'local');
  const good = h.engine.reload({ ...TEST_ROUTING, inbound: [{ name: 'moved', dnis: '8000', target: { extension: '2002' } }] });
  assert.equal(good.ok, true);
  const p = h.phones.call({ ani: '01012345678', dnis: '8000' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(h.farPhones[0]?.channel.call?.dnis, '2002', 'the reloaded route is used');
  p.channel.hangup(16);
  h.run(40);
  assert.equal(h.cdrs.records[0]?.route, 'moved');
  h.engine.stop();
});

test('outbound calls hunt the trunk group (lowest first, busy circuits skipped) and a full group fails with 34', () => {
  const far: LoopbackPhone[] = [];
  const trunk = new LoopbackDriver({ name: 'trunk', spans: 1, channelsPerSpan: 2, onFarCall: (p) => far.push(p) });
  const h = harness({ extraDrivers: [trunk] });
  trunk.setBusy(0, 1, true);
  h.phones.call({ ani: '2001', dnis: '62345678' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(far.length, 1);
  assert.deepEqual(far[0]!.channel.address.kind === 'loopback' && [far[0]!.channel.address.span, far[0]!.channel.address.channel], [0, 2]);
  const blocked = h.phones.call({ ani: '2003', dnis: '62345679' }, { span: 0, channel: 3 });
  h.run(40);
  assert.equal(blocked.channel.hangupInfo?.cause, Cause.noCircuitAvailable);
  assert.equal(h.engine.spans().length, 2);
  assert.equal(h.engine.spans().find((s) => s.driver === 'trunk')?.busy, 2);
  h.engine.stop();
});

test('a route to a trunk group whose driver is missing fails that call with a cause; the engine keeps running', () => {
  const h = harness();
  const a = h.phones.call({ ani: '2001', dnis: '62345678' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(a.channel.hangupInfo?.cause, Cause.noCircuitAvailable);
  assert.equal(h.cdrs.records[0]?.disposition, 'failed');
  const v = h.engine.reload({ ...TEST_ROUTING, outbound: [{ name: 'gone', match: '_6X.', class: 'local', trunkGroup: 'nowhere' }] });
  assert.ok(v.ok && v.warnings.length === 1);
  const b = h.phones.call({ ani: '2001', dnis: '62345678' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(b.channel.hangupInfo?.cause, Cause.noRouteToDestination);
  h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(h.farPhones.length, 1, 'an extension call still works');
  h.engine.stop();
});

test('an extension without a class cannot reach the trunk (toll fraud blocked by default): 21', () => {
  const routing = { ...TEST_ROUTING, extensions: [{ number: '2001', device: { driver: 'phones', channel: 1 } }] };
  const trunk = new LoopbackDriver({ name: 'trunk', onFarCall: () => {} });
  const h = harness({ routing, extraDrivers: [trunk] });
  const a = h.phones.call({ ani: '2001', dnis: '62345678' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(a.channel.hangupInfo?.cause, Cause.callRejected);
  h.engine.stop();
});

test('stop releases every call and writes their CDRs; metrics count ticks and calls', () => {
  const h = harness();
  h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(1000);
  const m = h.engine.metrics();
  assert.equal(m.activeCalls, 1);
  assert.equal(m.activeLegs, 2);
  assert.equal(m.tick.ticks, 50);
  h.engine.stop();
  h.run(100);
  assert.equal(h.cdrs.records.length, 1);
  assert.equal(h.engine.metrics().activeLegs, 0);
});

test('a span alarm from a driver reaches the engine bus and spans()', () => {
  const trunk = new LoopbackDriver({ name: 'trunk', spans: 2 });
  const h = harness({ extraDrivers: [trunk] });
  const alarms: string[] = [];
  h.engine.on('span', (e) => alarms.push(`${e.status.driver}/${e.status.span}:${e.status.alarm}`));
  trunk.setAlarm(1, 'ais');
  trunk.setAlarm(1, 'none');
  assert.deepEqual(alarms, ['trunk/1:ais', 'trunk/1:none']);
  assert.equal(h.engine.spans().filter((s) => s.driver === 'trunk').length, 2);
  h.engine.stop();
});

test('hangup refuses a value that is not a Q.850 cause', () => {
  const h = harness();
  h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(40);
  const id = h.engine.calls()[0]!.callId;
  assert.equal(h.engine.hangup(id, 300), false);
  assert.equal(h.engine.calls().length, 1);
  assert.equal(h.engine.hangup(id, Cause.normalClearing), true);
  h.engine.stop();
});
