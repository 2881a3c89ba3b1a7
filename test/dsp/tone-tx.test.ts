// toneTx kernel: cadence playback of tone plans (ITU-T E.180, Q.35; China
// plan of tones-and-dsp.md §1) through the bank, many slots per tick, on
// the simd, scalar and checked builds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp, layout, type DspVariant, type DspEvent } from '../../dsp/index.ts';
import { TONE_PLANS, TONE_NAMES, type ToneDef } from '../../dsp/tone-plans.ts';
import { compileTone, type ToneTxMode } from '../../dsp/tone-tx.ts';
import { ReferenceToneTx } from '../../dsp/reference/tone-tx.ts';
import { rmsDbm0 } from '../support/signals.ts';

const VARIANTS: readonly DspVariant[] = ['simd', 'scalar', 'checked'];
const FRAME = 160;

interface Run {
  out: Int16Array[];
  events: DspEvent[];
  slots: number[];
  dsp: Dsp;
}

/** Plays each def on its own slot, all in the same ticks, for `frames` frames. */
function play(variant: DspVariant, defs: ToneDef[], frames: number, opts: { mode?: ToneTxMode; base?: (slot: number, frame: number) => Int16Array; stopAtFrame?: number } = {}): Run {
  const dsp = Dsp.load({ variant });
  const slots = defs.map((def) => {
    const s = dsp.toneTx.open();
    dsp.toneTx.play(s, def);
    return s;
  });
  const bufs = defs.map(() => dsp.frames.alloc());
  const out = defs.map(() => new Int16Array(frames * FRAME));
  const events: DspEvent[] = [];
  for (let f = 0; f < frames; f++) {
    if (f === opts.stopAtFrame) for (const s of slots) dsp.toneTx.stop(s);
    slots.forEach((s, k) => {
      const b = bufs[k]!;
      if (opts.base) b.pcm.set(opts.base(k, f));
      else b.pcm.fill(0);
      dsp.toneTx.queue(s, b.ptr, opts.mode ?? 'overwrite');
    });
    dsp.toneTx.run();
    for (const e of dsp.events.take()) events.push({ ...e, offsetSamples: f * FRAME + e.offsetSamples });
    bufs.forEach((b, k) => out[k]!.set(b.pcm, f * FRAME));
  }
  return { out, events, slots, dsp };
}

function reference(def: ToneDef, frames: number, mode: ToneTxMode = 'overwrite', base?: (frame: number) => Int16Array, stopAtFrame?: number): Int16Array {
  const g = new ReferenceToneTx(compileTone(def));
  const out = new Int16Array(frames * FRAME);
  for (let f = 0; f < frames; f++) {
    if (f === stopAtFrame) g.stop();
    const frame = base ? Int16Array.from(base(f)) : new Int16Array(FRAME);
    g.render(frame, mode);
    out.set(frame, f * FRAME);
  }
  return out;
}

function maxDiff(a: Int16Array, b: Int16Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

/** Frequency by linearly interpolated positive-going zero crossings over x[from, to). */
function zeroCrossingHz(x: Int16Array, from: number, to: number): number {
  let first = -1;
  let last = -1;
  let n = 0;
  for (let i = from + 1; i < to; i++) {
    const a = x[i - 1] ?? 0;
    const b = x[i] ?? 0;
    if (a < 0 && b >= 0) {
      const t = i - 1 + a / (a - b);
      if (first < 0) first = t;
      else n++;
      last = t;
    }
  }
  return (n * 8000) / (last - first);
}

/** Power of x[from, to) at f Hz (DFT at one frequency, Hann window, relative units). */
function powerAt(x: Int16Array, from: number, to: number, f: number): number {
  const w = (2 * Math.PI * f) / 8000;
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i - from)) / (to - from - 1));
    re += hann * (x[i] ?? 0) * Math.cos(w * i);
    im += hann * (x[i] ?? 0) * Math.sin(w * i);
  }
  const n = to - from;
  return (re * re + im * im) / (n * n);
}

const ALL_DEFS = (['cn', 'itu', 'us'] as const).flatMap((p) => TONE_NAMES.map((n) => TONE_PLANS[p].tones[n]));

for (const variant of VARIANTS) {
  test(`toneTx ${variant}: all 24 tones of the three plans play at once, each matching the reference within 1 LSB`, () => {
    const frames = variant === 'checked' ? 150 : 400; // 3 s or 8 s: covers every cadence but the 10-15 s record tones' second burst
    const run = play(variant, ALL_DEFS, frames);
    ALL_DEFS.forEach((def, k) => {
      const diff = maxDiff(run.out[k]!, reference(def, frames));
      assert.ok(diff <= 1, `${def.name} (slot ${run.slots[k]}): max difference ${diff}`);
    });
  });
}

test('toneTx: China busy tone is 450 Hz within 0.5% (zero crossings), and other generators do not leak into it', () => {
  const run = play('simd', [TONE_PLANS.cn.tones.busy, TONE_PLANS.us.tones.dial, TONE_PLANS.cn.tones.recordTone], 50);
  const busy = run.out[0]!;
  const f = zeroCrossingHz(busy, 40, 2760);
  assert.ok(f > 450 * 0.995 && f < 450 * 1.005, `busy ${f} Hz`);
  assert.ok(Math.abs(f - 450) < 0.2, `busy ${f} Hz is in fact within 0.05%`);
  assert.ok(powerAt(busy, 40, 2760, 440) < powerAt(busy, 40, 2760, 450) * 1e-4, 'no 440 Hz from the US dial slot');
  assert.ok(powerAt(run.out[1]!, 40, 2760, 440) > powerAt(run.out[1]!, 40, 2760, 450) * 1e2, 'while that slot has it');
  const rec = zeroCrossingHz(run.out[2]!, 40, 3160);
  assert.ok(rec > 950 * 0.995 && rec < 950 * 1.005, `record tone ${rec} Hz`);
});

test('toneTx: US dial tone carries 350 and 440 Hz at equal level and nothing 0.5% away', () => {
  const x = play('scalar', [TONE_PLANS.us.tones.dial], 50).out[0]!;
  const p350 = powerAt(x, 800, 8000, 350);
  const p440 = powerAt(x, 800, 8000, 440);
  assert.ok(Math.abs(10 * Math.log10(p350 / p440)) < 0.1, 'equal levels');
  for (const f of [350, 440]) {
    assert.ok(powerAt(x, 800, 8000, f * 1.005) < powerAt(x, 800, 8000, f) * 0.5, `${f} Hz peak is sharper than 0.5%`);
  }
});

test('toneTx: levels are within 0.2 dB (−10 dBm0 China dial, −13 dBm0 per frequency US dial = −9.99 dBm0 total)', () => {
  const run = play('simd', [TONE_PLANS.cn.tones.dial, TONE_PLANS.us.tones.dial, { ...TONE_PLANS.cn.tones.dial, name: 'dial' }], 50);
  const cn = rmsDbm0(run.out[0]!, 800, 8000);
  assert.ok(cn > -10.2 && cn < -9.8, `cn dial ${cn} dBm0`);
  const us = rmsDbm0(run.out[1]!, 800, 8000);
  const expected = -13 + 10 * Math.log10(2);
  assert.ok(us > expected - 0.2 && us < expected + 0.2, `us dial ${us} dBm0`);
});

test('toneTx: the level option overrides every segment (−25 dBm0 reads −25 ± 0.2)', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const s = dsp.toneTx.open();
  dsp.toneTx.play(s, TONE_PLANS.cn.tones.dial, { levelDbm0: -25 });
  const f = dsp.frames.alloc();
  const x = new Int16Array(FRAME * 20);
  for (let k = 0; k < 20; k++) {
    dsp.toneTx.queue(s, f.ptr);
    dsp.toneTx.run();
    x.set(f.pcm, k * FRAME);
  }
  const l = rmsDbm0(x, 160, x.length);
  assert.ok(l > -25.2 && l < -24.8, `${l} dBm0`);
});

test('toneTx: cadence on/off boundaries fall on the exact sample across frames (China busy 350/350, odd custom cadence)', () => {
  const odd: ToneDef = {
    name: 'busy',
    repeat: true,
    segments: [
      { freqsHz: [620], levelDbm0: -10, durationMs: 37.125 },
      { freqsHz: [], levelDbm0: 0, durationMs: 11 },
      { freqsHz: [1000], levelDbm0: -10, durationMs: 3 },
      { freqsHz: [], levelDbm0: 0, durationMs: 19.875 },
    ],
  };
  const run = play('simd', [TONE_PLANS.cn.tones.busy, odd], 100);
  const windowsOf = (pattern: [boolean, number][], total: number): [number, number][] => {
    const w: [number, number][] = [];
    let t = 0;
    while (t < total) for (const [on, n] of pattern) {
      if (on) w.push([t, t + n]);
      t += n;
    }
    return w;
  };
  const cases: [Int16Array, [number, number][]][] = [
    [run.out[0]!, windowsOf([[true, 2800], [false, 2800]], 16000)],
    [run.out[1]!, windowsOf([[true, 297], [false, 88], [true, 24], [false, 159]], 16000)],
  ];
  for (const [x, windows] of cases) {
    const inside = new Uint8Array(x.length);
    for (const [a, b] of windows) {
      for (let i = a; i < Math.min(b, x.length); i++) inside[i] = 1;
      if (b > x.length) continue;
      let first = -1;
      let last = -1;
      for (let i = a; i < b; i++) if (x[i] !== 0) { if (first < 0) first = i; last = i; }
      assert.ok(first >= a && first <= a + 2, `burst [${a}, ${b}) starts at ${first}`);
      assert.ok(last <= b - 1 && last >= b - 3, `burst [${a}, ${b}) ends at ${last}`);
    }
    for (let i = 0; i < x.length; i++) if (!inside[i] && x[i] !== 0) assert.fail(`sample ${i} is ${x[i]} in a pause`);
  }
});

test('toneTx: the phase is continuous at every frame boundary (a sine recursion holds within 2 LSB everywhere)', () => {
  const x = play('simd', [TONE_PLANS.itu.tones.dial], 30).out[0]!;
  const c = 2 * Math.cos((2 * Math.PI * 425) / 8000);
  let worst = 0;
  for (let i = 20; i < x.length - 1; i++) worst = Math.max(worst, Math.abs((x[i + 1] ?? 0) + (x[i - 1] ?? 0) - c * (x[i] ?? 0)));
  assert.ok(worst <= 2.5, `worst residual ${worst}`);
});

test('toneTx: segments fade in and out over 2 ms, so no step larger than the tone itself makes', () => {
  const x = play('scalar', [TONE_PLANS.cn.tones.busy], 40).out[0]!;
  const peak = 7218; // −10 dBm0
  const maxStep = peak * 2 * Math.sin((Math.PI * 450) / 8000);
  for (const edge of [0, 2800, 5600]) {
    assert.ok(Math.abs(x[edge] ?? 0) < peak / 8, `sample at edge ${edge} is small (${x[edge]})`);
    assert.ok(Math.abs(x[edge + 1] ?? 0) < peak / 4, `and grows gradually (${x[edge + 1]})`);
  }
  for (let i = 1; i < x.length; i++) assert.ok(Math.abs((x[i] ?? 0) - (x[i - 1] ?? 0)) <= maxStep + 2, `step at ${i}`);
});

test('toneTx: a non-repeating plan ends with EV_TONE_TX_DONE at the exact sample and stops playing; a repeating one never does', () => {
  const once: ToneDef = { name: 'callWaiting', repeat: false, segments: [{ freqsHz: [440], levelDbm0: -13, durationMs: 100 }, { freqsHz: [], levelDbm0: 0, durationMs: 50 }] };
  const run = play('simd', [once, TONE_PLANS.cn.tones.busy], 20);
  const done = run.events.filter((e) => e.kind === layout.EV_TONE_TX_DONE);
  assert.deepEqual(done, [{ slot: run.slots[0], kind: layout.EV_TONE_TX_DONE, value: 0, offsetSamples: 1200 }]);
  assert.equal(run.dsp.toneTx.playing(run.slots[0]!), false);
  assert.equal(run.dsp.toneTx.playing(run.slots[1]!), true);
});

test('toneTx: add mode mixes the tone onto speech and saturates instead of wrapping', () => {
  const speech = (_slot: number, f: number): Int16Array => Int16Array.from({ length: FRAME }, (_, i) => Math.round(30000 * Math.sin(0.05 * (f * FRAME + i))));
  const def = TONE_PLANS.cn.tones.congestion;
  const run = play('simd', [def], 40, { mode: 'add', base: speech });
  const ref = reference(def, 40, 'add', (f) => speech(0, f));
  assert.ok(maxDiff(run.out[0]!, ref) <= 1);
  assert.ok(run.out[0]!.some((v) => v === 32767), 'saturates at the top');
  for (let i = 1; i < run.out[0]!.length; i++) assert.ok(Math.abs((run.out[0]![i] ?? 0) - (run.out[0]![i - 1] ?? 0)) < 12000, `no wrap-around at ${i}`);
});

test('toneTx: stop fades out over 2 ms from the next frame, goes silent and reports no DONE', () => {
  const def = TONE_PLANS.cn.tones.dial;
  const run = play('checked', [def], 10, { stopAtFrame: 5 });
  const x = run.out[0]!;
  assert.ok(maxDiff(x, reference(def, 10, 'overwrite', undefined, 5)) <= 1);
  assert.ok(x.subarray(800 + 16).every((v) => v === 0), 'silent after the ramp');
  assert.ok(x.subarray(790, 800).some((v) => Math.abs(v) > 3000), 'full level just before stop');
  assert.equal(run.dsp.toneTx.playing(run.slots[0]!), false);
  assert.equal(run.events.length, 0);
});

test('toneTx: an idle generator writes silence in overwrite mode and leaves the frame alone in add mode', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const s = dsp.toneTx.open();
  const a = dsp.frames.alloc();
  const b = dsp.frames.alloc();
  a.pcm.fill(111);
  b.pcm.fill(222);
  dsp.toneTx.queue(s, a.ptr, 'overwrite');
  dsp.toneTx.queue(s, b.ptr, 'add');
  dsp.toneTx.run();
  assert.ok(a.pcm.every((v) => v === 0));
  assert.ok(b.pcm.every((v) => v === 222));
  assert.equal(dsp.toneTx.playing(s), false);
});

test('toneTx: misuse throws (5 frequencies, 32 segments, 4000 Hz, closed slot)', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const s = dsp.toneTx.open();
  const seg = { freqsHz: [400], levelDbm0: -10, durationMs: 10 };
  assert.throws(() => dsp.toneTx.play(s, { name: 'dial', repeat: false, segments: [{ ...seg, freqsHz: [1, 2, 3, 4, 5] }] }), /at most 4 frequencies/);
  assert.throws(() => dsp.toneTx.play(s, { name: 'dial', repeat: false, segments: Array.from({ length: 32 }, () => seg) }), /1\.\.31 segments/);
  assert.doesNotThrow(() => dsp.toneTx.play(s, { name: 'dial', repeat: false, segments: Array.from({ length: 31 }, () => seg) }));
  assert.throws(() => dsp.toneTx.play(s, { name: 'dial', repeat: false, segments: [{ ...seg, freqsHz: [4000] }] }), /outside/);
  dsp.toneTx.close(s);
  assert.throws(() => dsp.toneTx.play(s, TONE_PLANS.cn.tones.dial), /not open/);
});
