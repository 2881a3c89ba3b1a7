// level kernel: frame level in dBm0 (0 dBm0 = G.711's reference sine,
// tones-and-dsp.md §3.5), smoothed level, noise floor and voice activity
// with hangover; many meters per tick; simd, scalar and checked builds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp, layout, type DspVariant, type DspEvent } from '../../dsp/index.ts';
import { ReferenceLevel } from '../../dsp/reference/level.ts';
import type { LevelReading } from '../../dsp/level.ts';
import { concat, ms, silence, tone, toPcm16, whiteNoise, prng } from '../support/signals.ts';

const VARIANTS: readonly DspVariant[] = ['simd', 'scalar', 'checked'];
const FRAME = 160;

/** Runs each signal through its own meter, all meters in the same ticks. */
function meter(variant: DspVariant, signals: Int16Array[]): { readings: LevelReading[][]; events: DspEvent[]; slots: number[] } {
  const dsp = Dsp.load({ variant });
  const slots = signals.map(() => dsp.level.open());
  const bufs = signals.map(() => dsp.frames.alloc());
  const frames = Math.max(...signals.map((s) => Math.ceil(s.length / FRAME)));
  const readings: LevelReading[][] = signals.map(() => []);
  const events: DspEvent[] = [];
  for (let f = 0; f < frames; f++) {
    signals.forEach((s, k) => {
      bufs[k]!.pcm.fill(0);
      bufs[k]!.pcm.set(s.subarray(f * FRAME, Math.min(s.length, (f + 1) * FRAME)));
      dsp.level.queue(slots[k]!, bufs[k]!.ptr);
    });
    dsp.level.run();
    signals.forEach((_, k) => readings[k]!.push(dsp.level.read(slots[k]!)));
    for (const e of dsp.events.take()) events.push({ ...e, offsetSamples: f });
  }
  return { readings, events, slots };
}

/** A speech-like burst: a 140 Hz harmonic series under a syllabic envelope. */
function speechBurst(samples: number, levelDbm0: number, seed: number): Float64Array {
  const rnd = prng(seed);
  const harmonics = [1, 2, 3, 4, 5, 7, 9].map((h) => ({ freqHz: 140 * h, levelDbm0: levelDbm0 - 3 * h, phaseRad: rnd() * 6.28 }));
  const x = tone(harmonics, samples);
  for (let i = 0; i < samples; i++) x[i] = (x[i] ?? 0) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * i) / 8000));
  return x;
}

for (const variant of VARIANTS) {
  test(`level ${variant}: 1 kHz sines at 0, −20 and −40 dBm0 read their level within ±0.1 dB, 64 meters at once`, () => {
    const levels = Array.from({ length: 64 }, (_, k) => [0, -20, -40][k % 3]!);
    const run = meter(variant, levels.map((l, k) => toPcm16(tone([{ freqHz: 1000, levelDbm0: l, phaseRad: k }], FRAME * 10))));
    run.readings.forEach((r, k) => {
      for (const frame of r) {
        const want = levels[k]!;
        assert.ok(frame.levelDbm0 > want - 0.1 && frame.levelDbm0 < want + 0.1, `meter ${k}: ${frame.levelDbm0} for ${want}`);
      }
      const last = r.at(-1)!;
      assert.ok(Math.abs(last.smoothedDbm0 - levels[k]!) < 0.1, 'smoothed level settles on the same value');
    });
  });

  test(`level ${variant}: results and events equal the reference meter (0.01 dB) on speech, noise and silence`, () => {
    const sig = toPcm16(concat(silence(ms(300)), speechBurst(ms(700), -18, 3), whiteNoise(ms(500), -50, 4), speechBurst(ms(400), -30, 5), silence(ms(600))));
    const run = meter(variant, [sig]);
    const ref = new ReferenceLevel();
    const refEvents: [string, number][] = [];
    run.readings[0]!.forEach((r, f) => {
      const want = ref.frame(sig.subarray(f * FRAME, (f + 1) * FRAME));
      assert.ok(Math.abs(r.levelDbm0 - want.levelDbm0) < 0.01, `frame ${f} level`);
      assert.ok(Math.abs(r.smoothedDbm0 - want.smoothedDbm0) < 0.01, `frame ${f} smoothed`);
      assert.ok(Math.abs(r.noiseFloorDbm0 - want.noiseFloorDbm0) < 0.01, `frame ${f} floor`);
      assert.equal(r.voice, want.voice, `frame ${f} voice`);
      if (want.event) refEvents.push([want.event, f]);
    });
    const kernelEvents = run.events.map((e): [string, number] => [e.kind === layout.EV_LEVEL_VOICE_START ? 'start' : 'end', e.offsetSamples]);
    assert.deepEqual(kernelEvents, refEvents);
    assert.ok(refEvents.length >= 4, 'both bursts start and end');
  });
}

test('level: white noise at −30 dBm0 reads −30 within 0.2 dB on average and 2 dB (4σ of a 160-sample estimate) per frame', () => {
  const run = meter('simd', [toPcm16(whiteNoise(FRAME * 100, -30, 9))]);
  const r = run.readings[0]!;
  const mean = r.reduce((s, x) => s + x.levelDbm0, 0) / r.length;
  assert.ok(mean > -30.2 && mean < -29.8, `mean ${mean}`);
  for (const x of r) assert.ok(Math.abs(x.levelDbm0 + 30) < 2, `frame ${x.levelDbm0}`);
});

test('level: silence reads −100 dBm0 and a full-scale square wave +6.15 dBm0 (20·log10(32767 / 16140))', () => {
  const square = Int16Array.from({ length: FRAME * 2 }, (_, i) => (i & 4 ? 32767 : -32768));
  const run = meter('simd', [new Int16Array(FRAME * 2), square]);
  assert.equal(run.readings[0]![1]!.levelDbm0, -100);
  assert.ok(Math.abs(run.readings[1]![1]!.levelDbm0 - 6.15) < 0.01, `${run.readings[1]![1]!.levelDbm0}`);
});

test('level VAD: a speech burst starts voice on its first frame and ends it 10 frames (200 ms) after its last', () => {
  const sig = toPcm16(concat(silence(ms(400)), speechBurst(ms(600), -20, 1), silence(ms(1000))));
  const run = meter('simd', [sig]);
  const starts = run.events.filter((e) => e.kind === layout.EV_LEVEL_VOICE_START).map((e) => e.offsetSamples);
  const ends = run.events.filter((e) => e.kind === layout.EV_LEVEL_VOICE_END).map((e) => e.offsetSamples);
  assert.deepEqual(starts, [20]);
  assert.deepEqual(ends, [50 + 10 - 1], 'the 10th quiet frame after frame 49 ends voice');
  assert.ok(run.readings[0]!.slice(0, 20).every((r) => !r.voice));
  assert.ok(run.readings[0]!.slice(20, 59).every((r) => r.voice));
});

test('level VAD: the −40 dBm0 threshold detects a −37 dBm0 burst and ignores a −43 dBm0 one', () => {
  const burst = (l: number) => toPcm16(concat(silence(ms(400)), tone([{ freqHz: 700, levelDbm0: l }], ms(400)), silence(ms(400))));
  const run = meter('scalar', [burst(-37), burst(-43)]);
  const startsOf = (slot: number) => run.events.filter((e) => e.slot === run.slots[slot] && e.kind === layout.EV_LEVEL_VOICE_START).length;
  assert.equal(startsOf(0), 1);
  assert.equal(startsOf(1), 0);
});

test('level VAD: steady noise above the threshold is absorbed by the noise floor within 4 s, and speech over it is still detected', () => {
  const noise = whiteNoise(ms(8000), -30, 11);
  const speech = speechBurst(ms(500), -12, 2);
  for (let i = 0; i < speech.length; i++) noise[ms(6000) + i] = (noise[ms(6000) + i] ?? 0) + (speech[i] ?? 0);
  const run = meter('simd', [toPcm16(noise)]);
  const r = run.readings[0]!;
  assert.ok(r[5]!.voice, 'noise at −30 dBm0 first looks like voice');
  assert.ok(r.slice(200, 300).every((x) => !x.voice), 'after 4 s it is noise');
  assert.ok(Math.abs(r[299]!.noiseFloorDbm0 + 30) < 2, `floor ${r[299]!.noiseFloorDbm0}`);
  assert.ok(r.slice(301, 325).some((x) => x.voice), 'speech 18 dB over the noise is voice');
  assert.ok(!r.at(-1)!.voice, 'and noise alone again is not');
});

test('level: options change the threshold and hangover', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const s = dsp.level.open({ thresholdDbm0: -20, hangoverFrames: 2 });
  const f = dsp.frames.alloc();
  const loud = toPcm16(tone([{ freqHz: 1000, levelDbm0: -25 }], FRAME));
  f.pcm.set(loud);
  dsp.level.queue(s, f.ptr);
  dsp.level.run();
  assert.equal(dsp.level.read(s).voice, false, '−25 dBm0 is below a −20 threshold');
  dsp.level.configure(s, { thresholdDbm0: -30, hangoverFrames: 2 });
  dsp.level.queue(s, f.ptr);
  dsp.level.run();
  assert.equal(dsp.level.read(s).voice, true);
  f.pcm.fill(0);
  for (let k = 0; k < 2; k++) {
    dsp.level.queue(s, f.ptr);
    dsp.level.run();
  }
  assert.equal(dsp.level.read(s).voice, false, 'ends after 2 quiet frames');
});
