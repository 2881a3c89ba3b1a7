// Echo cancellation off on a 2100 Hz answer tone with phase reversals
// (G.165 §3.4 / G.168 tone disabler, V.25 ANS/), and back on after it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, lineOf } from '../support/harness.ts';
import { connect } from '../support/connect.ts';
import { sinePeak, silence, concat } from '../../../support/signals.ts';

/** ANS/: 2100 Hz with a 180° phase reversal every 450 ms. */
function answerTone(ms: number, levelDbm0: number): Float64Array {
  const n = ms * 8;
  const out = new Float64Array(n);
  const a = sinePeak(levelDbm0);
  for (let i = 0; i < n; i++) out[i] = a * Math.sin((2 * Math.PI * 2100 * i) / 8000 + Math.PI * Math.floor(i / 3600));
  return out;
}

test('2100 Hz with reversals from one side takes both legs\' cancellers out; 260 ms+ of quiet puts them back', () => {
  const h = harness({ phones: { echoCancel: true } });
  const { a, callId } = connect(h, '2001', '2002');
  const [legA, legB] = h.engine.call(callId)!.legs;
  const slotA = legA!.media!.echoSlot;
  const slotB = legB!.media!.echoSlot;
  assert.ok(slotA >= 0 && slotB >= 0, 'both loopback legs ask for echo cancellation');
  const switches: boolean[] = [];
  legA!.events.on('echoDisabler', (on) => switches.push(on));
  h.run(200);
  assert.equal(h.dsp.echo.stats(slotA).bypass, 'none');
  a.play(lineOf(h.dsp, concat(answerTone(2000, -12), silence(8000))));
  h.run(300);
  assert.equal(h.dsp.echo.stats(slotA).bypass, 'none', 'no bypass before the first reversal');
  h.run(700);
  assert.equal(h.dsp.echo.stats(slotA).bypass, 'toneDisabler', 'the sending leg\'s canceller is bypassed');
  assert.equal(h.dsp.echo.stats(slotB).bypass, 'toneDisabler', 'the canceller of the leg hearing the tone is bypassed too');
  assert.deepEqual(switches, [true]);
  h.run(2000);
  assert.equal(h.dsp.echo.stats(slotA).bypass, 'none', 'back in the path after the tone');
  assert.equal(h.dsp.echo.stats(slotB).bypass, 'none', 'the peer is back too');
  assert.deepEqual(switches, [true, false]);
  assert.equal(h.engine.metrics().media.echoDisablerOn, 2, 'one switch per canceller');
  h.engine.stop();
});

test('a plain 2100 Hz tone without reversals (fax CED) leaves echo cancellation on', () => {
  const h = harness({ phones: { echoCancel: true } });
  const { a, callId } = connect(h, '2001', '2002');
  const slotA = h.engine.call(callId)!.legs[0]!.media!.echoSlot;
  const n = 16000;
  const ced = new Float64Array(n);
  for (let i = 0; i < n; i++) ced[i] = sinePeak(-12) * Math.sin((2 * Math.PI * 2100 * i) / 8000);
  a.play(lineOf(h.dsp, ced));
  h.run(1500);
  assert.equal(h.dsp.echo.stats(slotA).bypass, 'none');
  h.engine.stop();
});
