// Two spans cabled back to back: an extension calls out on the trunk, the
// call comes back in on the other end and is routed to another extension —
// two calls, four legs, audio and digits end to end (the demo's shape).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoopbackDriver } from '../../../../drivers/loopback/index.ts';
import { harness, lineOf, pcmOf, TEST_ROUTING } from '../support/harness.ts';
import { dtmfSamples, toneDbm0 } from '../support/tones.ts';
import { tone } from '../../../support/signals.ts';

test('2001 dials 62345678 out on the trunk; it loops back in and rings 2002; audio and digits cross both calls', () => {
  const trunk = new LoopbackDriver({ name: 'trunk' });
  // Out with a 0 prepended, so the number coming back in (0 + 8 digits) is
  // not one an extension could dial directly: an extension dialling a number
  // an inbound route matches is connected internally, without the trunk.
  const routing = {
    ...TEST_ROUTING,
    inbound: [...TEST_ROUTING.inbound, { name: 'back', dnis: '_06XXXXXXX', target: { extension: '2002' } }],
    outbound: [{ name: 'local', match: '_[3-8]XXXXXXX', class: 'local', trunkGroup: 'pstn', prepend: '0' }],
  };
  const h = harness({ routing, extraDrivers: [trunk] });
  const digits: string[] = [];
  h.engine.on('digit', (e) => digits.push(`${e.callId}:${e.digit}`));
  const a = h.phones.call({ ani: '2001', dnis: '62345678' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(h.engine.calls().length, 2, 'the outgoing call and the call that came back in');
  const b = h.farPhones[0]!;
  assert.equal(b.channel.call?.dnis, '2002');
  assert.equal(b.channel.call?.ani, '2001', 'the extension number goes out as ANI');
  b.channel.progress({ ringing: true, earlyMedia: false });
  h.run(100);
  b.channel.answer();
  h.run(100);
  assert.ok(h.engine.calls().every((c) => c.state === 'connected'));
  b.listen(true);
  a.play(lineOf(h.dsp, tone([{ freqHz: 1004, levelDbm0: -10 }], 8000)));
  h.run(800);
  const heard = pcmOf(h.dsp, b.heard());
  assert.ok(Math.abs(toneDbm0(heard, 1004, 2400, 5600) + 10) < 0.5, `tone crosses both calls at -10 dBm0, got ${toneDbm0(heard, 1004, 2400, 5600)}`);
  a.play(lineOf(h.dsp, dtmfSamples('7')));
  h.run(600);
  const calls = new Set(digits.map((d) => d.split(':')[0]));
  assert.equal(digits.length, 2, `one detection per call (per receiving channel): ${digits.join(' ')}`);
  assert.equal(calls.size, 2);
  a.channel.hangup(16);
  h.run(100);
  assert.equal(b.channel.state, 'released');
  assert.equal(h.cdrs.records.length, 2);
  assert.ok(h.cdrs.records.every((r) => r.disposition === 'answered'));
  h.engine.stop();
});
