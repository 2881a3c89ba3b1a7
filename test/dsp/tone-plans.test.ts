// Tone plans as data: China values of tones-and-dsp.md §1, the E.180 and
// North American plans, and the shape every player and detector relies on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TONE_PLANS, TONE_NAMES, type ToneDef } from '../../dsp/tone-plans.ts';

function cadence(def: ToneDef): [number[], number][] {
  return def.segments.map((s) => [[...s.freqsHz], s.durationMs]);
}

test('tone plans: China uses 450 Hz at −10 dBm0 with the §1 cadences', () => {
  const t = TONE_PLANS.cn.tones;
  assert.deepEqual(cadence(t.dial), [[[450], 0]]);
  assert.deepEqual(cadence(t.ringback), [[[450], 1000], [[], 4000]]);
  assert.deepEqual(cadence(t.busy), [[[450], 350], [[], 350]]);
  assert.deepEqual(cadence(t.congestion), [[[450], 700], [[], 700]]);
  assert.deepEqual(cadence(t.callWaiting), [[[450], 400], [[], 4000]]);
  assert.deepEqual(cadence(t.specialInformation), [
    [[450], 100], [[], 100], [[450], 100], [[], 100], [[450], 100], [[], 100], [[450], 400], [[], 400],
  ]);
  assert.deepEqual(cadence(t.recordTone), [[[950], 400], [[], 10000]]);
  for (const name of TONE_NAMES) for (const s of t[name].segments) if (s.freqsHz.length) assert.equal(s.levelDbm0, -10);
});

test('tone plans: the North American plan uses the precise-tone pairs and the SIT frequencies', () => {
  const t = TONE_PLANS.us.tones;
  assert.deepEqual(t.dial.segments[0]?.freqsHz, [350, 440]);
  assert.deepEqual(cadence(t.ringback), [[[440, 480], 2000], [[], 4000]]);
  assert.deepEqual(cadence(t.busy), [[[480, 620], 500], [[], 500]]);
  assert.deepEqual(cadence(t.congestion), [[[480, 620], 250], [[], 250]]);
  assert.deepEqual(t.specialInformation.segments.slice(0, 3).map((s) => s.freqsHz[0]), [913.8, 1370.6, 1776.7]);
});

test('tone plans: the ITU plan uses 425 Hz for dial, ringback, busy and congestion', () => {
  const t = TONE_PLANS.itu.tones;
  for (const name of ['dial', 'ringback', 'busy', 'congestion'] as const) assert.deepEqual(t[name].segments[0]?.freqsHz, [425]);
});

test('tone plans: every plan defines every tone, named after its key, playable by toneTx', () => {
  for (const plan of Object.values(TONE_PLANS)) {
    assert.deepEqual(Object.keys(plan.tones).sort(), [...TONE_NAMES].sort());
    for (const name of TONE_NAMES) {
      const def = plan.tones[name];
      assert.equal(def.name, name);
      assert.ok(def.segments.length >= 1 && def.segments.length <= 31, `${plan.country}.${name} segment count`);
      def.segments.forEach((s, k) => {
        assert.ok(s.freqsHz.length <= 4);
        for (const f of s.freqsHz) assert.ok(f > 0 && f < 4000);
        assert.ok(s.durationMs >= 0);
        if (s.durationMs === 0) assert.equal(k, def.segments.length - 1, `${plan.country}.${name}: a forever segment is last`);
        if (s.freqsHz.length) assert.ok(s.levelDbm0 <= -3 && s.levelDbm0 >= -40);
      });
      if (def.repeat) assert.ok(def.segments.every((s) => s.durationMs > 0), `${plan.country}.${name}: a repeating tone has finite segments`);
    }
  }
});
