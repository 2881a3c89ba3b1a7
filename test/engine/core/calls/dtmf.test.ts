// DTMF while bridged and conferenced: detected once per direction, on the
// sending leg's own audio (Q.24 reception by the DSP detector), never again
// on the bridged or mixed audio.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, lineOf, pcmOf } from '../support/harness.ts';
import { connect } from '../support/connect.ts';
import { dtmfSamples, toneDbm0 } from '../support/tones.ts';

function digitsByLeg(h: ReturnType<typeof harness>): Map<string, string> {
  const m = new Map<string, string>();
  h.engine.on('digit', (e) => m.set(e.legId, (m.get(e.legId) ?? '') + e.digit));
  return m;
}

test('bridged call: digits from each side are reported once, on the sender\'s leg only', () => {
  const h = harness();
  const seen = digitsByLeg(h);
  const { a, b, callId } = connect(h, '2001', '2002');
  const call = h.engine.call(callId)!;
  const [legA, legB] = call.legs;
  a.play(lineOf(h.dsp, dtmfSamples('123')));
  h.run(1000);
  b.play(lineOf(h.dsp, dtmfSamples('#90')));
  h.run(1000);
  assert.equal(seen.get(legA!.id), '123');
  assert.equal(seen.get(legB!.id), '#90');
  assert.equal(seen.size, 2);
  h.engine.stop();
});

test('a digit event carries start and end sample times about the tone length apart', () => {
  const h = harness();
  const { a, callId } = connect(h, '2001', '2002');
  const legA = h.engine.call(callId)!.legs[0]!;
  const got: { start: number; end: number }[] = [];
  legA.events.on('digit', (e) => got.push({ start: e.startSample, end: e.endSample }));
  a.play(lineOf(h.dsp, dtmfSamples('5', 100, 100)));
  h.run(600);
  assert.equal(got.length, 1);
  const d = got[0]!.end - got[0]!.start;
  assert.ok(d >= 700 && d <= 900, `duration ${d} samples for a 100 ms tone`);
  h.engine.stop();
});

test('conference of three: each digit is reported once, on its sender, though two others hear it', () => {
  const h = harness();
  const seen = digitsByLeg(h);
  const phones = ['2001', '2002', '2003'].map((n) => h.phones.call({ ani: n, dnis: '8000' }, { span: 0, channel: Number(n) - 2000 }));
  h.run(100);
  const legs = h.engine.calls().map((c) => c.legs[0]!.legId);
  assert.equal(legs.length, 3);
  phones[0]!.play(lineOf(h.dsp, dtmfSamples('47')));
  phones[2]!.listen(true);
  h.run(800);
  phones[1]!.play(lineOf(h.dsp, dtmfSamples('*')));
  h.run(800);
  assert.equal(seen.get(legs[0]!), '47');
  assert.equal(seen.get(legs[1]!), '*');
  assert.equal(seen.get(legs[2]!), undefined);
  const heard = pcmOf(h.dsp, phones[2]!.heard());
  assert.ok(toneDbm0(heard, 770, 0, 640) > -20, 'the third party hears the digit 4 through the mixer');
  h.engine.stop();
});

test('in-band digits sent by the engine reach the far phone as Q.23 pairs, high group 2 dB above the low group', () => {
  const h = harness();
  const { b, callId } = connect(h, '2001', '2002');
  const legB = h.engine.call(callId)!.legs[1]!;
  b.listen(true);
  assert.equal(legB.sendDigits('8', { onMs: 100, offMs: 100 }), true);
  h.run(300);
  const heard = pcmOf(h.dsp, b.heard());
  assert.ok(Math.abs(toneDbm0(heard, 852, 160, 800) + 10) < 1.5, `852 Hz at -10 dBm0, got ${toneDbm0(heard, 852, 160, 800)}`);
  assert.ok(Math.abs(toneDbm0(heard, 1336, 160, 800) + 8) < 1.5, `1336 Hz at -8 dBm0, got ${toneDbm0(heard, 1336, 160, 800)}`);
  h.engine.stop();
});

test('digits sent by the engine on one leg are detected once, on the other leg of an engine-to-engine loop (DSP generator to DSP detector)', () => {
  const h = harness();
  const seen = digitsByLeg(h);
  const { callId } = connect(h, '2001', '2002');
  const c2 = connect(h, '2003', '2004');
  const legB = h.engine.call(callId)!.legs[1]!;
  // 2002's far phone is a loopback: what the engine sends on legB is what
  // that phone hears; play it back into another call's leg to detect it.
  const far = h.farPhones[0]!;
  far.listen(true);
  assert.equal(legB.sendDigits('159#', { onMs: 60, offMs: 60 }), true);
  h.run(800);
  c2.a.play(far.heard());
  h.run(1200);
  const legC = h.engine.call(c2.callId)!.legs[0]!;
  assert.equal(seen.get(legC.id), '159#');
  assert.equal(seen.get(legB.id), undefined, 'the sending leg does not detect its own digits');
  h.engine.stop();
});
