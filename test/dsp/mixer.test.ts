// Conference mixer: each participant hears the sum of the others, exactly
// while the sum is small, and through a click-free limiter when it is loud;
// many rooms per tick; simd, scalar and checked builds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp, type DspVariant, type Frame } from '../../dsp/index.ts';
import { ReferenceMixer } from '../../dsp/reference/mixer.ts';
import { sinePeak, tone, toPcm16, whiteNoise } from '../support/signals.ts';

const VARIANTS: readonly DspVariant[] = ['simd', 'scalar', 'checked'];
const FRAME = 160;

interface Member {
  in: Frame;
  out: Frame;
}

function room(dsp: Dsp, n: number, opts: { gains?: number[]; muted?: boolean[] } = {}): { id: number; members: Member[] } {
  const id = dsp.mixer.open();
  const members = Array.from({ length: n }, () => ({ in: dsp.frames.alloc(), out: dsp.frames.alloc() }));
  dsp.mixer.setParticipants(
    id,
    members.map((m, k) => ({ inPtr: m.in.ptr, outPtr: m.out.ptr, gain: opts.gains?.[k] ?? 1, muted: opts.muted?.[k] ?? false })),
  );
  return { id, members };
}

/** Sum of the others, exactly, as i32. */
function othersSum(signals: Int16Array[], me: number, i: number): number {
  let s = 0;
  signals.forEach((x, k) => {
    if (k !== me) s += x[i] ?? 0;
  });
  return s;
}

function thdDb(x: Int16Array, from: number, to: number, f0: number): number {
  const power = (f: number): number => {
    const w = (2 * Math.PI * f) / 8000;
    let re = 0;
    let im = 0;
    for (let i = from; i < to; i++) {
      const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i - from)) / (to - from - 1));
      re += hann * (x[i] ?? 0) * Math.cos(w * i);
      im += hann * (x[i] ?? 0) * Math.sin(w * i);
    }
    return re * re + im * im;
  };
  let h = 0;
  for (let k = 2; k * f0 < 4000; k++) h += power(k * f0);
  return 10 * Math.log10(h / power(f0));
}

for (const variant of VARIANTS) {
  test(`mixer ${variant}: below −3 dBFS every participant hears exactly the sum of the others, in 3-, 32- and 63-party rooms at once`, () => {
    const dsp = Dsp.load({ variant });
    const sizes = [3, 32, dsp.mixer.maxParticipants, 3, 2];
    const rooms = sizes.map((n) => room(dsp, n));
    for (let frame = 0; frame < 5; frame++) {
      const signals = rooms.map((r, ri) =>
        r.members.map((m, k) => {
          const level = r.members.length > 3 ? -42 : -20;
          m.in.pcm.set(toPcm16(whiteNoise(FRAME, level, 1000 * ri + 10 * k + frame)));
          return m.in.pcm;
        }),
      );
      for (const r of rooms) dsp.mixer.queue(r.id);
      assert.equal(dsp.mixer.run(), rooms.length);
      rooms.forEach((r, ri) => {
        r.members.forEach((m, k) => {
          for (let i = 0; i < FRAME; i++) {
            const want = othersSum(signals[ri]!, k, i);
            if (Math.abs(want) > 23197) continue;
            if (m.out.pcm[i] !== want) assert.fail(`room ${ri} member ${k} sample ${i}: ${m.out.pcm[i]} != ${want}`);
          }
        });
        assert.equal(dsp.mixer.result(r.id).limited, 0);
      });
    }
  });

  for (const gains of [[1, 0.5, 1.5, 1], [1, 1, 1, 1]]) {
    test(`mixer ${variant}: quiet and loud frames with gains ${gains.join('/')} match the reference limiter within 1 LSB`, () => {
      const dsp = Dsp.load({ variant });
      const muted = [false, false, false, true];
      const r = room(dsp, 4, { gains, muted });
      const ref = new ReferenceMixer();
      const outs = r.members.map(() => new Int16Array(FRAME));
      for (let frame = 0; frame < 90; frame++) {
        // quiet, loud (attack), then quiet again (release back to the exact path)
        const level = frame < 10 ? -30 : frame < 30 ? -3 + (frame % 5) : -30;
        const ins = r.members.map((m, k) => {
          m.in.pcm.set(toPcm16(whiteNoise(FRAME, level, 7 * frame + k)));
          return Int16Array.from(m.in.pcm);
        });
        dsp.mixer.queue(r.id);
        dsp.mixer.run();
        ref.mix(ins.map((input, k) => ({ input, output: outs[k]!, gain: gains[k]!, muted: muted[k]! })));
        r.members.forEach((m, k) => {
          for (let i = 0; i < FRAME; i++) {
            const d = Math.abs((m.out.pcm[i] ?? 0) - (outs[k]![i] ?? 0));
            if (d > 1) assert.fail(`frame ${frame} member ${k} sample ${i}: kernel ${m.out.pcm[i]}, reference ${outs[k]![i]}`);
          }
        });
      }
      assert.equal(dsp.mixer.result(r.id).minGain, 1, 'limiters released');
    });
  }
}

test('mixer: a loud 3-party sum never sticks at ±32767 and its distortion stays 25 dB below a hard clip', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const r = room(dsp, 3);
  const frames = 50;
  const heard = new Int16Array(frames * FRAME);
  const clipped = new Int16Array(frames * FRAME);
  const a = toPcm16(tone([{ freqHz: 500, levelDbm0: 0 }], frames * FRAME));
  const b = toPcm16(tone([{ freqHz: 500, levelDbm0: 0 }], frames * FRAME));
  for (let f = 0; f < frames; f++) {
    r.members[0]!.in.pcm.set(a.subarray(f * FRAME, (f + 1) * FRAME));
    r.members[1]!.in.pcm.set(b.subarray(f * FRAME, (f + 1) * FRAME));
    r.members[2]!.in.pcm.fill(0);
    dsp.mixer.queue(r.id);
    dsp.mixer.run();
    heard.set(r.members[2]!.out.pcm, f * FRAME);
  }
  for (let i = 0; i < clipped.length; i++) clipped[i] = Math.max(-32768, Math.min(32767, (a[i] ?? 0) + (b[i] ?? 0)));
  assert.ok(sinePeak(0) * 2 > 32767, 'the sum is really beyond full scale');
  assert.ok(heard.every((v) => Math.abs(v) < 32767), 'no sample at the rails');
  const ours = thdDb(heard, 2 * FRAME, frames * FRAME, 500);
  const hard = thdDb(clipped, 2 * FRAME, frames * FRAME, 500);
  assert.ok(hard > -20, `a hard clip distorts (${hard.toFixed(1)} dB)`);
  assert.ok(ours < hard - 25, `limiter THD ${ours.toFixed(1)} dB vs hard clip ${hard.toFixed(1)} dB`);
  const res = dsp.mixer.result(r.id);
  assert.ok(res.minGain > 0.45 && res.minGain < 0.6, `steady limiter gain ${res.minGain}`);
  assert.equal(res.limited, 1, 'only the listener of both is limited');
  assert.ok(r.members[0]!.out.pcm.every((v, i) => v === b[(frames - 1) * FRAME + i]), 'each talker hears the other unchanged');
});

test('mixer: the limiter gain ramps, so a sudden loud talker causes no step larger than the signal itself', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const r = room(dsp, 3);
  const frames = 60;
  const x = toPcm16(tone([{ freqHz: 300, levelDbm0: 0 }], frames * FRAME));
  const heard = new Int16Array(frames * FRAME);
  for (let f = 0; f < frames; f++) {
    const loud = f >= 10 && f < 20;
    r.members[0]!.in.pcm.set(x.subarray(f * FRAME, (f + 1) * FRAME));
    r.members[1]!.in.pcm.set(loud ? x.subarray(f * FRAME, (f + 1) * FRAME) : new Int16Array(FRAME));
    dsp.mixer.queue(r.id);
    dsp.mixer.run();
    heard.set(r.members[2]!.out.pcm, f * FRAME);
  }
  // The un-limited sum (two 0 dBm0 sines in phase) changes by at most this per sample.
  const sumStep = 2 * sinePeak(0) * 2 * Math.sin((Math.PI * 300) / 8000);
  for (let i = 1; i < heard.length; i++) assert.ok(Math.abs((heard[i] ?? 0) - (heard[i - 1] ?? 0)) <= sumStep + 2, `step at ${i}`);
  const peakOf = (from: number, to: number): number => Math.max(...heard.subarray(from * FRAME, to * FRAME).map(Math.abs));
  assert.ok(peakOf(15, 20) < 23500, 'limited while both talk');
  assert.ok(peakOf(21, 23) < 20000, 'release is gradual (about 150 ms)');
  assert.ok(peakOf(55, 60) > 22700, 'and complete after the loud part');
});

test('mixer: muted (listen-only) participants are not summed but hear the others; gains scale what they say', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const r = room(dsp, 3, { gains: [1, 0.5, 1], muted: [false, false, true] });
  const v = [1000, 2000, 3000];
  r.members.forEach((m, k) => m.in.pcm.fill(v[k]!));
  dsp.mixer.queue(r.id);
  dsp.mixer.run();
  assert.ok(r.members[0]!.out.pcm.every((s) => s === 1000), 'hears 0.5 × 2000, not the muted 3000');
  assert.ok(r.members[1]!.out.pcm.every((s) => s === 1000));
  assert.ok(r.members[2]!.out.pcm.every((s) => s === 2000), 'the muted one hears 1000 + 0.5 × 2000');
  dsp.mixer.setMuted(r.id, 2, false);
  dsp.mixer.setGain(r.id, 1, 1);
  dsp.mixer.queue(r.id);
  dsp.mixer.run();
  assert.ok(r.members[0]!.out.pcm.every((s) => s === 5000), 'unmuted on the next tick');
  dsp.mixer.setMuted(r.id, 0, true);
  dsp.mixer.queue(r.id);
  dsp.mixer.run();
  assert.ok(r.members[0]!.out.pcm.every((s) => s === 5000), 'all gains 1: the muted one hears everyone');
  assert.ok(r.members[1]!.out.pcm.every((s) => s === 3000), 'and is not heard');
  assert.ok(r.members[2]!.out.pcm.every((s) => s === 2000));
  assert.throws(() => dsp.mixer.setGain(r.id, 3, 1), /no participant 3/);
});

test('mixer: a source with no out frame is heard by all and written nowhere; too many participants is refused', () => {
  const dsp = Dsp.load({ variant: 'scalar' });
  const id = dsp.mixer.open();
  const music = dsp.frames.alloc();
  const a = { in: dsp.frames.alloc(), out: dsp.frames.alloc() };
  music.pcm.fill(700);
  a.in.pcm.fill(5);
  dsp.mixer.setParticipants(id, [{ inPtr: music.ptr, outPtr: 0 }, { inPtr: a.in.ptr, outPtr: a.out.ptr }]);
  dsp.mixer.queue(id);
  dsp.mixer.run();
  assert.ok(a.out.pcm.every((s) => s === 700));
  assert.ok(music.pcm.every((s) => s === 700));
  const many = Array.from({ length: dsp.mixer.maxParticipants + 1 }, () => ({ inPtr: music.ptr, outPtr: 0 }));
  assert.throws(() => dsp.mixer.setParticipants(id, many), /at most 63/);
});
