// The Channel contract on loopback channels: states, signals across the
// pair, causes, digits, flash, media binding, circuits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause, DrivenClock, silentLog, type Channel, type ChannelState } from '../../../engine/core/index.ts';
import { LoopbackDriver, type LoopbackPhone } from '../../../drivers/loopback/index.ts';

function started(options: ConstructorParameters<typeof LoopbackDriver>[0] = {}) {
  const clock = new DrivenClock();
  const far: LoopbackPhone[] = [];
  const d = new LoopbackDriver({ onFarCall: (p) => far.push(p), channelsPerSpan: 4, ...options });
  d.start({ clock, log: silentLog, engineId: 'test' });
  const incoming: Channel[] = [];
  d.events.on('incoming', (ch) => incoming.push(ch));
  return { clock, d, far, incoming };
}

test('an outgoing loopback channel dials, the far end is offered with ANI/DNIS/category, and states follow the table', () => {
  const { clock, d, far } = started({ signallingDelayMs: 10 });
  const r = d.originate({ dest: '2002', options: { ani: '2001', category: { ka: 1, kd: 3 } } });
  assert.ok(r.ok);
  if (!r.ok) return;
  const ch = r.channel;
  const states: ChannelState[] = [];
  ch.events.on('state', (_f, to) => states.push(to));
  assert.equal(ch.state, 'idle');
  ch.dial('2002', { ani: '2001', category: { ka: 1, kd: 3 } });
  assert.equal(ch.state, 'dialing');
  clock.advance(5);
  assert.equal(far.length, 0, 'nothing crosses before the signalling delay');
  clock.advance(5);
  const p = far[0]!;
  assert.equal(p.channel.state, 'offered');
  assert.deepEqual(p.channel.call, { dnis: '2002', ani: '2001', category: { ka: 1, kd: 3 } });
  p.channel.progress({ ringing: true, earlyMedia: false });
  clock.advance(10);
  assert.equal(ch.state, 'alerting');
  p.channel.answer();
  clock.advance(10);
  assert.equal(ch.state, 'answered');
  ch.hangup(Cause.normalClearing);
  clock.advance(10);
  assert.equal(p.channel.state, 'released');
  assert.deepEqual(p.channel.hangupInfo, { cause: Cause.normalClearing, by: 'remote' });
  assert.deepEqual(ch.hangupInfo, { cause: Cause.normalClearing, by: 'local' });
  assert.deepEqual(states, ['dialing', 'alerting', 'answered', 'released']);
});

test('misuse throws: answer() on an outgoing channel, dial() twice', () => {
  const { d } = started();
  const r = d.originate({ dest: '1', options: {} });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.throws(() => r.channel.answer(), /answer\(\) needs an offered incoming channel/);
  r.channel.dial('1');
  assert.throws(() => r.channel.dial('1'), /dial\(\) needs an idle outgoing channel/);
});

test('hangup is idempotent and a late remote answer after release is ignored', () => {
  const { clock, d, far } = started();
  const r = d.originate({ dest: '1', options: {} });
  if (!r.ok) throw new Error();
  r.channel.dial('1');
  clock.advance(1);
  r.channel.hangup(Cause.normalClearing);
  r.channel.hangup(Cause.userBusy);
  assert.equal(r.channel.hangupInfo?.cause, Cause.normalClearing);
  far[0]!.channel.answer();
  clock.advance(1);
  assert.equal(r.channel.state, 'released');
});

test('out-of-band digits reach the far end as digit events with sample times; in-band mode returns false', () => {
  const { clock, d, far } = started({ outOfBandDigits: true });
  const r = d.originate({ dest: '1', options: {} });
  if (!r.ok) throw new Error();
  r.channel.dial('1');
  clock.advance(1);
  const got: string[] = [];
  far[0]!.channel.events.on('digit', (e) => got.push(`${e.digit}:${e.source}:${e.endSample - e.startSample}`));
  assert.equal(r.channel.sendDigits('12#', { onMs: 50, offMs: 50 }), true);
  clock.advance(400);
  assert.deepEqual(got, ['1:signalling:400', '2:signalling:400', '#:signalling:400']);
  const inband = started();
  const r2 = inband.d.originate({ dest: '1', options: {} });
  if (!r2.ok) throw new Error();
  assert.equal(r2.channel.sendDigits('1'), false);
  assert.equal(r2.channel.media.inbandDtmf, true);
});

test('flash crosses the pair', () => {
  const { clock, d, far } = started();
  const r = d.originate({ dest: '1', options: {} });
  if (!r.ok) throw new Error();
  r.channel.dial('1');
  clock.advance(1);
  let flashes = 0;
  far[0]!.channel.events.on('flash', () => flashes++);
  assert.equal(r.channel.flash(), true);
  clock.advance(1);
  assert.equal(flashes, 1);
});

test('a listener that throws does not stop the channel (safe emit)', () => {
  const { clock, d, far } = started();
  const r = d.originate({ dest: '1', options: {} });
  if (!r.ok) throw new Error();
  r.channel.events.on('answer', () => {
    throw new Error('bad listener');
  });
  r.channel.dial('1');
  clock.advance(1);
  far[0]!.channel.answer();
  clock.advance(1);
  assert.equal(r.channel.state, 'answered');
});

test('audio crosses the pair byte for byte, one tick later, through attached frames', () => {
  const { clock, d, far } = started();
  const r = d.originate({ dest: '1', options: {} });
  if (!r.ok) throw new Error();
  r.channel.dial('1');
  clock.advance(1);
  const p = far[0]!;
  const rx = { octets: new Uint8Array(160), pcm: new Int16Array(160), ptr: 0 };
  const tx = { octets: new Uint8Array(160), pcm: new Int16Array(160), ptr: 0 };
  const lin = { octets: new Uint8Array(160), pcm: new Int16Array(160), ptr: 0 };
  r.channel.attachMedia({ rx, tx, rxLin: lin, txLin: lin });
  p.listen(true);
  p.play(new Uint8Array(160).fill(0x11));
  d.mediaIn();
  tx.octets.fill(0x22);
  d.mediaOut();
  d.mediaIn();
  assert.equal(rx.octets[0], 0x11, 'the phone\'s frame arrives in the next tick');
  d.mediaOut();
  assert.equal(p.heard()[0], 0x22);
  assert.equal(p.heard().length, 320);
  assert.throws(() => r.channel.attachMedia({ rx, tx, rxLin: lin, txLin: lin }), /already attached/);
});

test('circuits: a busy or alarmed circuit is unavailable and originate on it is refused with a cause', () => {
  const { d } = started({ spans: 2, channelsPerSpan: 2 });
  d.setBusy(0, 1, true);
  d.setAlarm(1, 'los');
  assert.deepEqual(
    d.circuits().map((c) => c.available),
    [false, true, false, false],
  );
  const busy = d.originate({ dest: '1', options: {}, circuit: { span: 0, channel: 1 } });
  assert.ok(!busy.ok && busy.cause === Cause.requestedCircuitNotAvailable);
  const alarm = d.originate({ dest: '1', options: {}, circuit: { span: 1, channel: 1 } });
  assert.ok(!alarm.ok && alarm.cause === Cause.networkOutOfOrder);
  assert.equal(d.spans()[1]?.alarm, 'los');
});

test('without onFarCall an originated call loops back into the engine as an incoming channel', () => {
  const clock = new DrivenClock();
  const d = new LoopbackDriver();
  d.start({ clock, log: silentLog, engineId: 't' });
  const incoming: Channel[] = [];
  d.events.on('incoming', (ch) => incoming.push(ch));
  const r = d.originate({ dest: '88882001', options: { ani: '01012345678' } });
  if (!r.ok) throw new Error();
  r.channel.dial('88882001', { ani: '01012345678' });
  clock.advance(1);
  assert.equal(incoming.length, 1);
  assert.equal(incoming[0]?.call?.dnis, '88882001');
  assert.equal(incoming[0]?.direction, 'incoming');
});
