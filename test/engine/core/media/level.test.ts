// Level and voice activity on each leg's received audio.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, lineOf } from '../support/harness.ts';
import { connect } from '../support/connect.ts';
import { concat, silence, tone } from '../../../support/signals.ts';

test('a leg reports its received level and voice start/end as the party talks and stops', () => {
  const h = harness();
  const { a, callId } = connect(h, '2001', '2002');
  const legA = h.engine.call(callId)!.legs[0]!;
  const voice: boolean[] = [];
  legA.events.on('voice', (on) => voice.push(on));
  h.run(400);
  a.play(lineOf(h.dsp, concat(tone([{ freqHz: 500, levelDbm0: -15 }], 8000), silence(8000))));
  h.run(500);
  const level = legA.levelDbm0();
  assert.ok(level !== undefined && Math.abs(level + 15) < 1, `level -15 dBm0, got ${level}`);
  h.run(1200);
  assert.deepEqual(voice, [true, false]);
  h.engine.stop();
});
