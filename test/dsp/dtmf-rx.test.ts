// DTMF detector (wasm/kernels/dtmf-rx.ts through dsp.dtmfRx) against the
// ITU-T Q.24 acceptance bounds, each checked on both sides, on the simd and
// scalar builds. Every test runs many channels in the same ticks, each with
// its own signal, so a leak between slots would show as a wrong digit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp } from '../../dsp/index.ts';
import { concat, silence, toPcm16, whiteNoise, mixInto, prng } from '../support/signals.ts';
import { detect, digitTone, digitChar, digitString } from './dtmf-harness.ts';

const VARIANTS = ['simd', 'scalar'] as const;
const LEAD = 400; // samples of silence before each tone

function oneTone(d: number, samples: number, lead: number, opts: Parameters<typeof digitTone>[2] = {}): Int16Array {
  return toPcm16(concat(silence(lead), digitTone(d, samples, opts)));
}

function countWrong(results: { digit: string }[][], expected: string[]): string[] {
  const bad: string[] = [];
  results.forEach((r, i) => {
    const got = r.map((d) => d.digit).join('');
    if (got !== expected[i]) bad.push(`#${i}: expected ${JSON.stringify(expected[i])}, got ${JSON.stringify(got)}`);
  });
  return bad;
}

for (const variant of VARIANTS) {
  const dsp = Dsp.load({ variant });

  test(`${variant}: Q.24 frequency: accepts every digit with either tone off by ±1.5%`, () => {
    const sigs: Int16Array[] = [];
    const want: string[] = [];
    for (let d = 0; d < 16; d++) {
      for (const f of [0.985, 1.015]) {
        for (const group of ['row', 'col'] as const) {
          for (const lead of [LEAD, LEAD + 37]) {
            sigs.push(oneTone(d, 480, lead, group === 'row' ? { rowFactor: f } : { colFactor: f }));
            want.push(digitChar(d));
          }
        }
      }
    }
    assert.deepEqual(countWrong(detect(dsp, sigs), want), []);
  });

  test(`${variant}: Q.24 frequency: rejects each of the 8 tones off by ±3.5%, ±4.5% and ±6%`, () => {
    const sigs: Int16Array[] = [];
    for (let k = 0; k < 8; k++) {
      for (const dev of [-0.06, -0.045, -0.035, 0.035, 0.045, 0.06]) {
        for (let other = 0; other < 4; other++) {
          const d = k < 4 ? k * 4 + other : other * 4 + (k - 4);
          sigs.push(oneTone(d, 800, LEAD, k < 4 ? { rowFactor: 1 + dev } : { colFactor: 1 + dev }));
        }
      }
    }
    const res = detect(dsp, sigs);
    assert.deepEqual(countWrong(res, sigs.map(() => '')), []);
  });

  test(`${variant}: Q.24 duration: accepts 40 ms tones at every 7-sample offset against frame and block`, () => {
    const sigs: Int16Array[] = [];
    const want: string[] = [];
    for (let d = 0; d < 16; d++) {
      for (let off = 0; off < 160; off += 7) {
        sigs.push(oneTone(d, 320, LEAD + off, { phase: off * 0.37 }));
        want.push(digitChar(d));
      }
    }
    assert.deepEqual(countWrong(detect(dsp, sigs), want), []);
  });

  test(`${variant}: Q.24 duration: rejects 20 ms and shorter tones at every 7-sample offset`, () => {
    const sigs: Int16Array[] = [];
    for (let d = 0; d < 16; d++) {
      for (let off = 0; off < 160; off += 7) {
        sigs.push(oneTone(d, 160, LEAD + off, { lowDbm0: -4, highDbm0: -4, phase: off * 0.37 }));
        sigs.push(oneTone(d, 96, LEAD + off, { phase: off * 0.21 }));
      }
    }
    assert.deepEqual(countWrong(detect(dsp, sigs), sigs.map(() => '')), []);
  });

  test(`${variant}: Q.24 twist: accepts 8 dB normal and 4 dB reverse, rejects 10 dB and 6 dB`, () => {
    const cases: { low: number; high: number; want: boolean }[] = [
      { low: -6, high: -14, want: true },
      { low: -12, high: -8, want: true },
      { low: -5, high: -15, want: false },
      { low: -13, high: -7, want: false },
      { low: -4, high: -20, want: false },
      { low: -20, high: -10, want: false },
    ];
    const sigs: Int16Array[] = [];
    const want: string[] = [];
    for (const c of cases) {
      for (let d = 0; d < 16; d++) {
        for (const lead of [LEAD, LEAD + 51]) {
          sigs.push(oneTone(d, 480, lead, { lowDbm0: c.low, highDbm0: c.high }));
          want.push(c.want ? digitChar(d) : '');
        }
      }
    }
    assert.deepEqual(countWrong(detect(dsp, sigs), want), []);
  });

  test(`${variant}: twist limits are per slot: 4 dB normal rejects 6 dB, 8 dB reverse accepts 6 dB`, () => {
    const normal6 = Array.from({ length: 16 }, (_, d) => oneTone(d, 480, LEAD, { lowDbm0: -7, highDbm0: -13 }));
    const reverse6 = Array.from({ length: 16 }, (_, d) => oneTone(d, 480, LEAD, { lowDbm0: -13, highDbm0: -7 }));
    assert.deepEqual(countWrong(detect(dsp, normal6, { normalTwistDb: 4 }), normal6.map(() => '')), []);
    assert.deepEqual(countWrong(detect(dsp, normal6), normal6.map((_, d) => digitChar(d))), []);
    assert.deepEqual(countWrong(detect(dsp, reverse6, { reverseTwistDb: 8 }), reverse6.map((_, d) => digitChar(d))), []);
    assert.deepEqual(countWrong(detect(dsp, reverse6), reverse6.map(() => '')), []);
  });

  test(`${variant}: Q.24 dynamic range: detects -36 to -4 dBm0 per tone, rejects -44 dBm0 and below`, () => {
    const sigs: Int16Array[] = [];
    const want: string[] = [];
    for (const level of [-36, -30, -20, -10, -4, -44, -50]) {
      for (let d = 0; d < 16; d++) {
        sigs.push(oneTone(d, 480, LEAD + d * 5, { lowDbm0: level, highDbm0: level }));
        want.push(level >= -36 ? digitChar(d) : '');
      }
    }
    assert.deepEqual(countWrong(detect(dsp, sigs), want), []);
  });

  test(`${variant}: the sensitivity floor is per slot: at -30 dBm0 a -36 dBm0 digit is ignored`, () => {
    const sigs = Array.from({ length: 16 }, (_, d) => oneTone(d, 480, LEAD, { lowDbm0: -36, highDbm0: -36 }));
    assert.deepEqual(countWrong(detect(dsp, sigs, { thresholdDbm0: -30 }), sigs.map(() => '')), []);
    const loud = Array.from({ length: 16 }, (_, d) => oneTone(d, 480, LEAD, { lowDbm0: -26, highDbm0: -26 }));
    assert.deepEqual(countWrong(detect(dsp, loud, { thresholdDbm0: -30 }), loud.map((_, d) => digitChar(d))), []);
  });

  test(`${variant}: Q.24 noise: at 15 dB SNR detects at least 99% of digits and adds no false ones`, () => {
    const sigs: Int16Array[] = [];
    const want: string[] = [];
    const levels = [[-10, -8], [-20, -20], [-28, -26], [-14, -16]] as const;
    for (let seed = 1; seed <= 100; seed++) {
      const rnd = prng(seed);
      const [lo, hi] = levels[seed % levels.length]!;
      const digits = [0, 1, 2].map(() => Math.floor(rnd() * 16));
      const parts: Float64Array[] = [silence(LEAD + Math.floor(rnd() * 160))];
      for (const d of digits) {
        parts.push(digitTone(d, 320 + Math.floor(rnd() * 160), { lowDbm0: lo, highDbm0: hi, phase: rnd() * 6 }));
        parts.push(silence(400 + Math.floor(rnd() * 80)));
      }
      const s = concat(...parts);
      const pairDb = 10 * Math.log10(10 ** (lo / 10) + 10 ** (hi / 10));
      const n = whiteNoise(s.length + 3200, pairDb - 15, seed * 7919);
      mixInto(n, s);
      sigs.push(toPcm16(n));
      want.push(digits.map(digitChar).join(''));
    }
    const res = detect(dsp, sigs);
    let hits = 0;
    let total = 0;
    res.forEach((r, i) => {
      const w = want[i]!;
      const got = digitString(r);
      total += w.length;
      for (let k = 0; k < w.length; k++) if (got[k] === w[k]) hits++;
      assert.ok(got.length <= w.length, `channel ${i}: extra digits, expected ${w} got ${got}`);
      assert.ok(w.startsWith(got) || got.length === w.length, `channel ${i}: false digit, expected ${w} got ${got}`);
    });
    assert.ok(hits / total >= 0.99, `detection rate ${hits}/${total}`);
  });

  test(`${variant}: Q.24 pauses: two equal digits 40 ms apart are two digits at every 7-sample offset`, () => {
    const sigs: Int16Array[] = [];
    const want: string[] = [];
    for (let off = 0; off < 160; off += 7) {
      const d = (off / 7) % 16;
      sigs.push(toPcm16(concat(silence(LEAD + off), digitTone(d, 320), silence(320), digitTone(d, 320))));
      want.push(digitChar(d).repeat(2));
    }
    assert.deepEqual(countWrong(detect(dsp, sigs), want), []);
  });

  test(`${variant}: a break of 10 ms inside a tone does not split the digit, at every 7-sample offset`, () => {
    const sigs: Int16Array[] = [];
    const want: string[] = [];
    for (let off = 0; off < 160; off += 7) {
      const d = (off / 7 + 3) % 16;
      const t = digitTone(d, 800);
      const s = concat(silence(LEAD), t);
      for (let i = 0; i < 80; i++) s[LEAD + 300 + off + i] = 0;
      sigs.push(toPcm16(s));
      want.push(digitChar(d));
    }
    assert.deepEqual(countWrong(detect(dsp, sigs), want), []);
  });

  test(`${variant}: digit start and end are within one 80-sample block of the true edges`, () => {
    const rnd = prng(99);
    const sigs: Int16Array[] = [];
    const truth: { start: number; end: number; d: number }[] = [];
    for (let i = 0; i < 64; i++) {
      const start = LEAD + Math.floor(rnd() * 400);
      const len = 320 + Math.floor(rnd() * 1600);
      const d = i % 16;
      sigs.push(toPcm16(concat(silence(start), digitTone(d, len, { phase: rnd() * 6 }))));
      truth.push({ start, end: start + len, d });
    }
    const res = detect(dsp, sigs);
    res.forEach((r, i) => {
      const t = truth[i]!;
      assert.equal(r.length, 1, `channel ${i}`);
      const got = r[0]!;
      assert.equal(got.digit, digitChar(t.d));
      assert.ok(Math.abs(got.startSample - t.start) <= 80, `start ${got.startSample} vs ${t.start}`);
      assert.ok(Math.abs(got.endSample - t.end) <= 80, `end ${got.endSample} vs ${t.end}`);
    });
  });

  test(`${variant}: slots in one tick do not leak: silent and busy channels side by side`, () => {
    const a = toPcm16(concat(silence(LEAD), digitTone(0, 480), silence(480), digitTone(5, 480)));
    const b = new Int16Array(a.length);
    const c = toPcm16(concat(silence(LEAD + 800), digitTone(15, 480, { lowDbm0: -4, highDbm0: -4 })));
    const res = detect(dsp, [a, b, c, b, a]);
    assert.deepEqual(res.map(digitString), ['15', '', 'D', '', '15']);
  });
}

test('checked build: same digits and sample times as the simd build on a mixed run', () => {
  const rnd = prng(5);
  const sigs: Int16Array[] = [];
  for (let i = 0; i < 12; i++) {
    const parts: Float64Array[] = [silence(LEAD + i * 13)];
    for (let k = 0; k < 4; k++) {
      parts.push(digitTone((i * 5 + k * 3) % 16, 320 + Math.floor(rnd() * 400)), silence(400));
    }
    const s = concat(...parts);
    mixInto(s, whiteNoise(s.length, -40, i + 1));
    sigs.push(toPcm16(s));
  }
  const checked = detect(Dsp.load({ variant: 'checked' }), sigs);
  const simd = detect(Dsp.load({ variant: 'simd' }), sigs);
  assert.deepEqual(checked, simd);
  assert.ok(checked.every((r) => r.length === 4));
});

test('a long run does not grow memory and keeps every slot usable', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const bytes = dsp.core.memoryBytes;
  const sigs = Array.from({ length: 64 }, (_, i) => toPcm16(concat(silence(LEAD), digitTone(i % 16, 480), whiteNoise(16000, -30, i))));
  for (let round = 0; round < 3; round++) detect(dsp, sigs);
  assert.equal(dsp.core.memoryBytes, bytes);
  assert.equal(dsp.dtmfRx.openSlots, 0);
});
