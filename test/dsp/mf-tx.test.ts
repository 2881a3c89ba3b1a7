// MFC/R2 generator (kernel mfTx through MfTxBank): Q.441 frequencies, the
// send level of china-no1.md §2.2 (−11.5 ± 1 dBm0 per frequency), phase
// continuity across frames, clean ramps, and a round trip through mfRx.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp, layout, mfSignalHz, type DspVariant, type MfGroup } from '../../dsp/index.ts';
import { sinePeak } from '../support/signals.ts';
import { dspOf } from '../support/dsp-feed.ts';

const VARIANTS: readonly DspVariant[] = ['simd', 'scalar', 'checked'];
const GROUPS: readonly MfGroup[] = ['forward', 'backward'];


/** Runs `frames` ticks of one sender per entry; `script(t)` may change signals before tick t. */
function generate(dsp: Dsp, slots: number[], frames: number, script: (t: number) => void = () => {}): Int16Array[] {
  const bufs = slots.map(() => dsp.frames.alloc());
  const out = slots.map(() => new Int16Array(frames * 160));
  for (let t = 0; t < frames; t++) {
    script(t);
    slots.forEach((s, i) => dsp.mfTx.queue(s, bufs[i]!.ptr));
    dsp.mfTx.run();
    bufs.forEach((b, i) => out[i]!.set(b.pcm, t * 160));
  }
  bufs.forEach((b) => dsp.frames.release(b));
  return out;
}

/** Amplitude (peak) of the component at hz over x[from, from+n), by correlation. */
function amplitudeAt(x: Int16Array, hz: number, from: number, n: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    const w = (2 * Math.PI * hz * i) / 8000;
    re += (x[from + i] ?? 0) * Math.cos(w);
    im += (x[from + i] ?? 0) * Math.sin(w);
  }
  return (2 * Math.hypot(re, im)) / n;
}

for (const variant of VARIANTS) {
  test(`${variant}: each signal of both groups is sent at −11.5 dBm0 per frequency (± 0.1 dB) with no other energy`, () => {
    const dsp = dspOf(variant);
    const list = GROUPS.flatMap((group) => Array.from({ length: 15 }, (_, i) => ({ group, signal: i + 1 })));
    const slots = list.map(() => dsp.mfTx.open());
    list.forEach((c, i) => dsp.mfTx.setSignal(slots[i]!, c.group, c.signal));
    const out = generate(dsp, slots, 10);
    list.forEach((c, i) => {
      const x = out[i]!;
      const [a, b] = mfSignalHz(c.group, c.signal);
      // 400 samples hold a whole number of cycles of every R2 frequency (multiples of 20 Hz).
      const la = 20 * Math.log10(amplitudeAt(x, a, 400, 400) / sinePeak(0));
      const lb = 20 * Math.log10(amplitudeAt(x, b, 400, 400) / sinePeak(0));
      assert.ok(Math.abs(la + 11.5) < 0.1 && Math.abs(lb + 11.5) < 0.1, `${c.group} ${c.signal}: ${la}, ${lb}`);
      let e = 0;
      for (let n = 400; n < 800; n++) e += (x[n] ?? 0) ** 2;
      const expected = 400 * sinePeak(-11.5) ** 2;
      assert.ok(Math.abs(e / expected - 1) < 0.01, 'all the power is in the two tones');
      assert.equal(dsp.mfTx.sounding(slots[i]!), c.signal);
    });
    slots.forEach((s) => dsp.mfTx.close(s));
  });

  test(`${variant}: the signal is phase-continuous across frames and matches the ideal sum of sines within 2 LSB`, () => {
    const dsp = dspOf(variant);
    const slot = dsp.mfTx.open({ levelDbm0: -8 });
    dsp.mfTx.setSignal(slot, 'forward', 13);
    const [x] = generate(dsp, [slot], 50);
    const [fa, fb] = mfSignalHz('forward', 13);
    const amp = sinePeak(-8);
    let worst = 0;
    for (let n = 24; n < x!.length; n++) {
      const ideal = amp * (Math.sin((2 * Math.PI * fa * n) / 8000) + Math.sin((2 * Math.PI * fb * n) / 8000));
      worst = Math.max(worst, Math.abs((x![n] ?? 0) - ideal));
    }
    assert.ok(worst <= 2, `largest error ${worst}`);
    dsp.mfTx.close(slot);
  });

  test(`${variant}: on and off ramps last 3 ms, both tones together, and a stopped slot is exactly silent`, () => {
    const dsp = dspOf(variant);
    const slot = dsp.mfTx.open();
    const [x] = generate(dsp, [slot], 6, (t) => {
      if (t === 0) dsp.mfTx.setSignal(slot, 'backward', 1);
      if (t === 3) dsp.mfTx.setSignal(slot, 'backward', 0);
    });
    const amp = sinePeak(-11.5);
    assert.ok(Math.abs(x![0] ?? 99) <= 1, 'starts from silence');
    const firstMs = Math.max(...Array.from(x!.subarray(0, 8), Math.abs));
    assert.ok(firstMs < 0.6 * amp, `first millisecond stays low (${firstMs})`);
    const after = Math.max(...Array.from(x!.subarray(24, 160), Math.abs));
    assert.ok(after > 1.7 * amp, 'full level after the ramp');
    const tail = x!.subarray(480 + 24);
    assert.ok(tail.every((v) => v === 0), 'silent after the off ramp');
    const ramp = Math.max(...Array.from(x!.subarray(480, 480 + 24), Math.abs));
    assert.ok(ramp > 0 && ramp <= 2 * amp + 1, 'the off ramp fades from the running tone');
    assert.equal(dsp.mfTx.sounding(slot), 0);
    dsp.mfTx.close(slot);
  });

  test(`${variant}: a change of signal goes through a ramp down and up, and mfRx reports end then start`, () => {
    const dsp = dspOf(variant);
    const tx = dsp.mfTx.open();
    const rx = dsp.mfRx.open({ group: 'forward' });
    const frame = dsp.frames.alloc();
    const seen: string[] = [];
    dsp.events.take();
    for (let t = 0; t < 30; t++) {
      if (t === 1) dsp.mfTx.setSignal(tx, 'forward', 4);
      if (t === 12) dsp.mfTx.setSignal(tx, 'forward', 11);
      if (t === 22) dsp.mfTx.setSignal(tx, 'forward', 0);
      dsp.mfTx.queue(tx, frame.ptr);
      dsp.mfTx.run();
      dsp.mfRx.queue(rx, frame.ptr);
      dsp.mfRx.run();
      for (const e of dsp.events.take()) {
        if (e.slot !== rx) continue;
        if (e.kind === layout.EV_MF_START) seen.push(`start${e.value}`);
        if (e.kind === layout.EV_MF_END) seen.push(`end${e.value}`);
      }
    }
    assert.deepEqual(seen, ['start4', 'end4', 'start11', 'end11']);
    dsp.mfTx.close(tx);
    dsp.mfRx.close(rx);
    dsp.frames.release(frame);
  });

  test(`${variant}: mix mode adds the signal to the frame's audio with saturation`, () => {
    const dsp = dspOf(variant);
    const slot = dsp.mfTx.open({ levelDbm0: 0 });
    dsp.mfTx.setSignal(slot, 'forward', 1);
    const frame = dsp.frames.alloc();
    for (let t = 0; t < 2; t++) {
      frame.pcm.fill(20000);
      dsp.mfTx.queue(slot, frame.ptr, true);
      dsp.mfTx.run();
    }
    assert.ok(frame.pcm.some((v) => v === 32767), 'saturates at the top');
    assert.ok(frame.pcm.some((v) => v < 0), 'the tone swings the sum below zero');
    dsp.mfTx.close(slot);
    dsp.frames.release(frame);
  });
}

test('setSignal refuses a signal outside 0..15 and a closed slot', () => {
  const dsp = dspOf('scalar');
  const slot = dsp.mfTx.open();
  assert.throws(() => dsp.mfTx.setSignal(slot, 'forward', 16), /expected 0\.\.15/);
  dsp.mfTx.close(slot);
  assert.throws(() => dsp.mfTx.setSignal(slot, 'forward', 1), /not open/);
});

test('two registers run the compelled cycle of china-no1.md §2.3 through mfTx and mfRx: every digit arrives, in order, one cycle each', () => {
  // Forward register F sends the digits; backward register B answers each
  // forward tone-on with A1 (A3 after the last), F stops on backward
  // tone-on, B stops on forward tone-off, F sends the next digit on
  // backward tone-off. Each direction of the line delays one 20 ms frame.
  const dsp = dspOf('simd');
  const digits = [8, 6, 1, 10, 5, 5, 1, 2, 3, 4];
  const fTx = dsp.mfTx.open();
  const bTx = dsp.mfTx.open();
  const fRx = dsp.mfRx.open({ group: 'backward' });
  const bRx = dsp.mfRx.open({ group: 'forward' });
  const fOut = dsp.frames.alloc();
  const bOut = dsp.frames.alloc();
  const fIn = dsp.frames.alloc();
  const bIn = dsp.frames.alloc();
  const received: number[] = [];
  const cycleTicks: number[] = [];
  let next = 0;
  let cycleStart = 0;
  dsp.mfTx.setSignal(fTx, 'forward', digits[next]!);
  dsp.events.take();
  for (let t = 0; t < 400 && cycleTicks.length < digits.length; t++) {
    dsp.mfTx.queue(fTx, fOut.ptr);
    dsp.mfTx.queue(bTx, bOut.ptr);
    dsp.mfTx.run();
    dsp.mfRx.queue(fRx, fIn.ptr);
    dsp.mfRx.queue(bRx, bIn.ptr);
    dsp.mfRx.run();
    // The line: what each side sent this tick arrives at the other side next tick.
    bIn.pcm.set(fOut.pcm);
    fIn.pcm.set(bOut.pcm);
    for (const e of dsp.events.take()) {
      if (e.slot === bRx && e.kind === layout.EV_MF_START) {
        received.push(e.value);
        dsp.mfTx.setSignal(bTx, 'backward', received.length === digits.length ? 3 : 1);
      } else if (e.slot === bRx && e.kind === layout.EV_MF_END) {
        dsp.mfTx.setSignal(bTx, 'backward', 0);
      } else if (e.slot === fRx && e.kind === layout.EV_MF_START) {
        dsp.mfTx.setSignal(fTx, 'forward', 0);
      } else if (e.slot === fRx && e.kind === layout.EV_MF_END) {
        cycleTicks.push(t - cycleStart);
        cycleStart = t;
        next++;
        if (next < digits.length) dsp.mfTx.setSignal(fTx, 'forward', digits[next]!);
      }
    }
  }
  assert.deepEqual(received, digits);
  assert.equal(cycleTicks.length, digits.length);
  // Four recognitions and four 20 ms path delays per cycle: china-no1.md §2.3 expects roughly 120-200 ms.
  for (const ticks of cycleTicks) assert.ok(ticks * 20 >= 100 && ticks * 20 <= 300, `cycle of ${ticks * 20} ms`);
  for (const s of [fTx, bTx]) dsp.mfTx.close(s);
  for (const s of [fRx, bRx]) dsp.mfRx.close(s);
  for (const f of [fOut, bOut, fIn, bIn]) dsp.frames.release(f);
});
