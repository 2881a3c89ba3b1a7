// MFC/R2 receiver (kernel mfRx through MfRxBank): every signal of both
// groups, and each acceptance bound of shared/reference/china-no1.md §2.2
// (Q.455 as tested by spandsp's r2_mf_rx_tests.c) on both sides.
// Signals are built with test/support/signals.ts and fed as 20 ms frames,
// many slots per tick, so a leak between channels would show.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layout, mfSignalHz, mfFrequencies, mfRxThresholds, type DspVariant, type MfGroup, type MfRxOptions } from '../../dsp/index.ts';
import { MfRxReference } from '../../dsp/reference/mf.ts';
import { tone, toPcm16, concat, silence, ms, whiteNoise, rmsDbm0, type Component } from '../support/signals.ts';
import { dspOf, feedFrames } from '../support/dsp-feed.ts';
import { speechCorpus, corpusSeconds } from '../support/speech-corpus.ts';

const VARIANTS: readonly DspVariant[] = ['simd', 'scalar'];
const GROUPS: readonly MfGroup[] = ['forward', 'backward'];
const SIGNALS = Array.from({ length: 15 }, (_, i) => i + 1);
/** How long after the date it reports the kernel confirms a start / an end (onSteps 2, offSteps 3). */
const START_LAG_SAMPLES = 2 * 80 + 92;
const END_LAG_SAMPLES = 3 * 80 - 13;


interface Seen {
  kind: 'start' | 'end';
  signal: number;
  /** Absolute sample where the kernel dates the change. */
  at: number;
  /** Absolute sample at the end of the frame whose tick delivered the event. */
  deliveredAt: number;
}

/** Runs one receiver per signal, all in the same ticks; returns each channel's events. */
function detect(variant: DspVariant, channels: { group: MfGroup; pcm: Int16Array; options?: Omit<MfRxOptions, 'group'> }[]): Seen[][] {
  const dsp = dspOf(variant);
  const slots = channels.map((c) => dsp.mfRx.open({ group: c.group, ...c.options }));
  const out: Seen[][] = channels.map(() => []);
  feedFrames(dsp, dsp.mfRx, slots, channels.map((c) => c.pcm), {
    event(ch, e, at, t) {
      const kind = e.kind === layout.EV_MF_START ? 'start' : e.kind === layout.EV_MF_END ? 'end' : null;
      if (kind !== null) out[ch]!.push({ kind, signal: e.value, at, deliveredAt: (t + 1) * 160 });
    },
  });
  slots.forEach((s) => dsp.mfRx.close(s));
  return out;
}

/** A two-tone MF signal: leadMs of silence, the tone, tailMs of silence. */
function mf(group: MfGroup, signal: number, o: { levels?: [number, number]; offsetsHz?: [number, number]; onMs?: number; leadSamples?: number; tailMs?: number } = {}): Int16Array {
  const [a, b] = mfSignalHz(group, signal);
  const [la, lb] = o.levels ?? [-11.5, -11.5];
  const [da, db] = o.offsetsHz ?? [0, 0];
  const comps: Component[] = [
    { freqHz: a + da, levelDbm0: la },
    { freqHz: b + db, levelDbm0: lb },
  ];
  return toPcm16(concat(silence(o.leadSamples ?? 400), tone(comps, ms(o.onMs ?? 120)), silence(ms(o.tailMs ?? 100))));
}

/** True when the channel saw exactly one start and one end of `signal`. */
function once(seen: Seen[], signal: number): boolean {
  return seen.length === 2 && seen[0]?.kind === 'start' && seen[1]?.kind === 'end' && seen.every((e) => e.signal === signal);
}

function allOnce(results: Seen[][], expected: number[]): string[] {
  const bad: string[] = [];
  results.forEach((seen, i) => {
    if (!once(seen, expected[i] ?? -1)) bad.push(`#${i} expected ${expected[i]}: ${JSON.stringify(seen)}`);
  });
  return bad;
}

for (const variant of VARIANTS) {
  test(`${variant}: Q.441 every signal 1..15 of both groups is reported once, with start and end, 30 slots beside 30 silent ones`, () => {
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    const expected: number[] = [];
    for (const group of GROUPS) {
      for (const s of SIGNALS) {
        // Onsets spread over the frame so tones straddle frame boundaries differently.
        channels.push({ group, pcm: mf(group, s, { leadSamples: 400 + s * 37 }) });
        expected.push(s);
        channels.push({ group, pcm: new Int16Array(4000) });
        expected.push(0);
      }
    }
    const results = detect(variant, channels);
    const bad = results.flatMap((seen, i) => {
      if (expected[i] === 0) return seen.length === 0 ? [] : [`silent #${i}: ${JSON.stringify(seen)}`];
      return once(seen, expected[i]!) ? [] : [`#${i} expected ${expected[i]}: ${JSON.stringify(seen)}`];
    });
    assert.deepEqual(bad, []);
    results.forEach((seen, i) => {
      if (expected[i] === 0) return;
      const onset = 400 + expected[i]! * 37;
      const end = onset + ms(120);
      // Events are dated where the tone began and ended, within 8 ms (steps are 10 ms).
      assert.ok(Math.abs(seen[0]!.at - onset) <= ms(8), `start dated ${(seen[0]!.at - onset) / 8} ms off`);
      assert.ok(Math.abs(seen[1]!.at - end) <= ms(8), `end dated ${(seen[1]!.at - end) / 8} ms off`);
      // The kernel confirmed at the end of a 10 ms step, a fixed lag after the
      // date it reports (docs/dsp/mf.md), inside the delivering frame.
      const confirmStart = seen[0]!.at + START_LAG_SAMPLES;
      const confirmEnd = seen[1]!.at + END_LAG_SAMPLES;
      for (const c of [confirmStart, confirmEnd]) assert.equal(c % 80, 79, 'confirmed at the end of a step');
      assert.ok(seen[0]!.deliveredAt - 160 <= confirmStart && confirmStart < seen[0]!.deliveredAt);
      assert.ok(seen[1]!.deliveredAt - 160 <= confirmEnd && confirmEnd < seen[1]!.deliveredAt);
      // china-no1.md §2.2: operate + release <= 80 ms.
      const operate = (confirmStart - onset) / 8;
      const release = (confirmEnd - end) / 8;
      assert.ok(operate > 0 && operate <= 40, `operate ${operate} ms`);
      assert.ok(release > 0 && release <= 40, `release ${release} ms`);
      assert.ok(operate + release <= 80, `operate + release ${operate + release} ms`);
    });
  });

  test(`${variant}: the kernel reports the same events at the same samples as the reference implementation`, () => {
    const inputs: { group: MfGroup; pcm: Int16Array }[] = [];
    for (const group of GROUPS) {
      for (const s of [1, 5, 10, 15]) {
        inputs.push({ group, pcm: mf(group, s, { levels: [-20, -24], offsetsHz: [7, -7], leadSamples: 333 + s }) });
        inputs.push({ group, pcm: toPcm16(concat(tone(mfFreqs(group, s, -15), ms(90)), silence(ms(50)), tone(mfFreqs(group, 16 - s, -9), ms(70)), silence(ms(60)))) });
      }
    }
    const results = detect(variant, inputs);
    inputs.forEach((c, i) => {
      const ref = new MfRxReference(mfRxThresholds({ group: c.group }));
      const want: Seen[] = [];
      for (let t = 0; t * 160 < c.pcm.length; t++) {
        const f = new Int16Array(160);
        f.set(c.pcm.subarray(t * 160, t * 160 + 160));
        for (const e of ref.process(f)) want.push({ kind: e.kind, signal: e.signal, at: t * 160 + e.offsetSamples, deliveredAt: (t + 1) * 160 });
      }
      assert.ok(want.length >= 2, 'the reference detects the signal');
      assert.deepEqual(results[i], want);
    });
  });

  test(`${variant}: Q.455 accepts a frequency error of ±10 Hz on either or both tones`, () => {
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    const expected: number[] = [];
    const offsets: [number, number][] = [[10, 10], [-10, -10], [10, -10], [-10, 10], [10, 0], [0, -10]];
    for (const group of GROUPS) {
      for (const s of SIGNALS) {
        for (const o of offsets) {
          channels.push({ group, pcm: mf(group, s, { offsetsHz: o }) });
          expected.push(s);
        }
      }
    }
    assert.deepEqual(allOnce(detect(variant, channels), expected), []);
  });

  test(`${variant}: rejects a frequency error of ±30 Hz on either tone (our bound; tones are 120 Hz apart)`, () => {
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    const offsets: [number, number][] = [[30, 30], [-30, -30], [30, 0], [0, -30], [-30, 0], [0, 30]];
    for (const group of GROUPS) for (const s of SIGNALS) for (const o of offsets) channels.push({ group, pcm: mf(group, s, { offsetsHz: o }) });
    const hits = detect(variant, channels).filter((seen) => seen.length > 0);
    assert.equal(hits.length, 0);
  });

  test(`${variant}: Q.455 operates from −5 to −35 dBm0 per tone (with ±10 Hz) and not at −42 dBm0`, () => {
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    const expected: number[] = [];
    for (const group of GROUPS) {
      for (const s of SIGNALS) {
        for (const level of [-5, -35]) {
          for (const o of [[10, -10], [-10, 10]] as [number, number][]) {
            channels.push({ group, pcm: mf(group, s, { levels: [level, level], offsetsHz: o }) });
            expected.push(s);
          }
        }
      }
    }
    assert.deepEqual(allOnce(detect(variant, channels), expected), []);
    const quiet = GROUPS.flatMap((group) => SIGNALS.map((s) => ({ group, pcm: mf(group, s, { levels: [-42, -42] }) })));
    assert.equal(detect(variant, quiet).filter((seen) => seen.length > 0).length, 0);
  });

  test(`${variant}: Q.455 accepts twist up to 5 dB between adjacent and 7 dB between other frequencies, either tone stronger`, () => {
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    const expected: number[] = [];
    for (const group of GROUPS) {
      const f = mfFrequencies(group);
      for (const s of SIGNALS) {
        const [a, b] = mfSignalHz(group, s);
        const adjacent = Math.abs(f.indexOf(a) - f.indexOf(b)) === 1;
        const twist = adjacent ? 4.9 : 6.9;
        for (const levels of [[-11.5, -11.5 - twist], [-11.5 - twist, -11.5]] as [number, number][]) {
          for (const o of [[0, 0], [10, 10], [-10, -10]] as [number, number][]) {
            channels.push({ group, pcm: mf(group, s, { levels, offsetsHz: o }) });
            expected.push(s);
          }
        }
      }
    }
    assert.deepEqual(allOnce(detect(variant, channels), expected), []);
  });

  test(`${variant}: Q.455 rejects a level difference of 20 dB, and of 12 dB (beyond our 8 / 9 dB limits)`, () => {
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    for (const group of GROUPS) {
      for (const s of SIGNALS) {
        for (const twist of [12, 20]) {
          channels.push({ group, pcm: mf(group, s, { levels: [-8, -8 - twist] }) });
          channels.push({ group, pcm: mf(group, s, { levels: [-8 - twist, -8] }) });
        }
      }
    }
    assert.equal(detect(variant, channels).filter((seen) => seen.length > 0).length, 0);
  });

  test(`${variant}: Q.455 ignores bursts of 7 ms at −5 dBm0 at every sample offset, and recognises 40 ms tones at every offset`, () => {
    const short: { group: MfGroup; pcm: Int16Array }[] = [];
    const long: { group: MfGroup; pcm: Int16Array }[] = [];
    const expected: number[] = [];
    for (const group of GROUPS) {
      for (const s of [1, 6, 10, 15]) {
        for (let offset = 0; offset < 160; offset += 3) {
          short.push({ group, pcm: mf(group, s, { levels: [-5, -5], onMs: 7, leadSamples: 320 + offset }) });
          long.push({ group, pcm: mf(group, s, { onMs: 40, leadSamples: 320 + offset }) });
          expected.push(s);
        }
      }
    }
    assert.equal(detect(variant, short).filter((seen) => seen.length > 0).length, 0);
    assert.deepEqual(allOnce(detect(variant, long), expected), []);
  });

  test(`${variant}: Q.455 does not release for breaks of 7 ms at any offset, and releases for breaks of 50 ms`, () => {
    const withBreak = (group: MfGroup, s: number, at: number, breakMs: number): Int16Array => {
      const x = tone(mfFreqs(group, s, -20), ms(240));
      x.fill(0, at, at + ms(breakMs));
      return toPcm16(concat(silence(400), x, silence(ms(80))));
    };
    const seven: { group: MfGroup; pcm: Int16Array }[] = [];
    const fifty: { group: MfGroup; pcm: Int16Array }[] = [];
    const expected: number[] = [];
    for (const group of GROUPS) {
      for (const s of [2, 9, 14]) {
        for (let at = 800; at < 960; at += 4) {
          seven.push({ group, pcm: withBreak(group, s, at, 7) });
          expected.push(s);
        }
        fifty.push({ group, pcm: withBreak(group, s, 800, 50) });
      }
    }
    assert.deepEqual(allOnce(detect(variant, seven), expected), []);
    for (const seen of detect(variant, fifty)) assert.deepEqual(seen.map((e) => e.kind), ['start', 'end', 'start', 'end']);
  });

  test(`${variant}: a compelled sequence (each tone on until answered, then off) is reported in order`, () => {
    // Forward digits of a China call: 8 6 1 0 (=10), KA 1, end of ANI 15; pauses between as the backward side answers.
    const digits = [8, 6, 1, 10, 1, 15];
    const parts: Float64Array[] = [silence(ms(30))];
    for (const d of digits) parts.push(tone(mfFreqs('forward', d, -11.5), ms(130)), silence(ms(70)));
    const pcm = toPcm16(concat(...parts));
    const [seen] = detect(variant, [{ group: 'forward', pcm }]);
    assert.deepEqual(seen!.filter((e) => e.kind === 'start').map((e) => e.signal), digits);
    assert.deepEqual(seen!.map((e) => e.kind), digits.flatMap(() => ['start', 'end']));
  });

  test(`${variant}: a direct change from one backward signal to another (pulsed A3) reports the end of the first, then the second`, () => {
    const pcm = toPcm16(concat(silence(200), tone(mfFreqs('backward', 1, -11.5), ms(200)), tone(mfFreqs('backward', 3, -11.5), ms(150)), silence(ms(80))));
    const [seen] = detect(variant, [{ group: 'backward', pcm }]);
    assert.deepEqual(seen!.map((e) => `${e.kind}${e.signal}`), ['start1', 'end1', 'start3', 'end3']);
  });

  test(`${variant}: does not trigger on the 16 DTMF digits at several levels, twists and ±1.5 % offsets`, () => {
    const rows = [697, 770, 852, 941];
    const cols = [1209, 1336, 1477, 1633];
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    for (const group of GROUPS) {
      for (const r of rows) {
        for (const c of cols) {
          for (const [lr, lc] of [[-4, -4], [-10, -8], [-25, -25], [-30, -26], [-6, -14], [-14, -6]] as [number, number][]) {
            for (const d of [0, 0.015, -0.015]) {
              channels.push({ group, pcm: toPcm16(tone([{ freqHz: r * (1 + d), levelDbm0: lr }, { freqHz: c * (1 + d), levelDbm0: lc }], ms(300))) });
            }
          }
        }
      }
    }
    assert.equal(detect(variant, channels).filter((seen) => seen.length > 0).length, 0);
  });

  test(`${variant}: does not trigger on the other group's signals, on single tones from 300 to 3400 Hz, or on three-tone mixtures`, () => {
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    for (const group of GROUPS) {
      const other: MfGroup = group === 'forward' ? 'backward' : 'forward';
      for (const s of SIGNALS) channels.push({ group, pcm: mf(other, s, { levels: [-5, -5] }) });
      for (let f = 300; f <= 3400; f += 10) channels.push({ group, pcm: toPcm16(tone([{ freqHz: f, levelDbm0: -8 }], ms(200))) });
      const hz = mfFrequencies(group);
      for (let i = 0; i < 6; i++) {
        for (let j = i + 1; j < 6; j++) {
          for (let k = j + 1; k < 6; k++) {
            channels.push({ group, pcm: toPcm16(tone([i, j, k].map((n) => ({ freqHz: hz[n]!, levelDbm0: -12 })), ms(200))) });
          }
        }
      }
    }
    assert.equal(detect(variant, channels).filter((seen) => seen.length > 0).length, 0);
  });

  test(`${variant}: does not trigger on the talk-off corpus (120 s of speech, 40 s of music and whistles) in either group`, () => {
    const corpus = [
      ...speechCorpus({ seed: 11, seconds: 120, kinds: ['speech'] }),
      ...speechCorpus({ seed: 12, seconds: 40, kinds: ['music', 'whistle'] }),
    ];
    assert.ok(corpusSeconds(corpus) >= 160);
    const channels = GROUPS.flatMap((group) => corpus.map((pcm) => ({ group, pcm })));
    assert.equal(detect(variant, channels).filter((seen) => seen.length > 0).length, 0);
  });

  test(`${variant}: does not trigger on white noise from −40 to −5 dBm0 or on steady synthetic vowels`, () => {
    const channels: { group: MfGroup; pcm: Int16Array }[] = [];
    for (const group of GROUPS) {
      for (let seed = 1; seed <= 8; seed++) {
        for (const level of [-40, -20, -5]) channels.push({ group, pcm: toPcm16(whiteNoise(ms(2000), level, seed * 7 + level)) });
        const speech = speechLike(seed, ms(4000));
        const level = rmsDbm0(speech);
        assert.ok(level > -25 && level < -8, `speech-like level ${level.toFixed(1)} dBm0`);
        channels.push({ group, pcm: speech });
      }
    }
    assert.equal(detect(variant, channels).filter((seen) => seen.length > 0).length, 0);
  });
}

test('checked build: every signal of both groups is reported, and the result block follows the current signal', () => {
  const dsp = dspOf('checked');
  const channels = GROUPS.flatMap((group) => SIGNALS.map((s) => ({ group, pcm: mf(group, s) })));
  assert.deepEqual(allOnce(detect('checked', channels), channels.map((_, i) => (i % 15) + 1)), []);
  const slot = dsp.mfRx.open({ group: 'forward' });
  const frame = dsp.frames.alloc();
  const pcm = toPcm16(tone(mfFreqs('forward', 7, -11.5), ms(100)));
  for (let t = 0; t < 5; t++) {
    frame.pcm.set(pcm.subarray(t * 160, t * 160 + 160));
    dsp.mfRx.queue(slot, frame.ptr);
    dsp.mfRx.run();
  }
  assert.equal(dsp.mfRx.current(slot), 7);
  dsp.mfRx.reset(slot);
  assert.equal(dsp.mfRx.current(slot), 0);
  dsp.mfRx.close(slot);
  dsp.frames.release(frame);
  dsp.events.take();
  assert.throws(() => dsp.mfRx.current(slot), /not open/);
});

function mfFreqs(group: MfGroup, signal: number, levelDbm0: number): Component[] {
  return mfSignalHz(group, signal).map((freqHz) => ({ freqHz, levelDbm0 }));
}

/**
 * Steady synthetic vowels, harsher than the corpus: a glottal pulse train (pitch 90..250 Hz gliding) through
 * three formant resonators that move every 60..200 ms, with syllable-rate
 * amplitude and pauses. Deterministic per seed.
 */
function speechLike(seed: number, samples: number): Int16Array {
  let s = seed * 2654435761 >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out = new Float64Array(samples);
  const state = [0, 0, 0, 0, 0, 0];
  let formants = [500, 1500, 2500];
  let pitch = 90 + 160 * rnd();
  let phase = 0;
  let nextChange = 0;
  let gain = 1;
  for (let i = 0; i < samples; i++) {
    if (i >= nextChange) {
      formants = [300 + 600 * rnd(), 900 + 1400 * rnd(), 2000 + 1200 * rnd()];
      pitch = 90 + 160 * rnd();
      gain = rnd() < 0.2 ? 0 : 0.3 + rnd();
      nextChange = i + Math.round(480 + 1120 * rnd());
    }
    phase += pitch / 8000;
    let x = 0;
    if (phase >= 1) {
      phase -= 1;
      x = 6000 * gain;
    }
    x += (rnd() - 0.5) * 300 * gain;
    let y = 0;
    formants.forEach((f, k) => {
      const r = 0.97;
      const c = 2 * r * Math.cos((2 * Math.PI * f) / 8000);
      const v = x + c * (state[2 * k] ?? 0) - r * r * (state[2 * k + 1] ?? 0);
      state[2 * k + 1] = state[2 * k] ?? 0;
      state[2 * k] = v;
      y += v / (k + 1);
    });
    out[i] = y * 0.5;
  }
  return toPcm16(out);
}

test('decode dates start and end in samples since the slot opened, within 8 ms of the tone, and reset restarts the clock', () => {
  const dsp = dspOf('simd');
  const slot = dsp.mfRx.open({ group: 'backward' });
  const frame = dsp.frames.alloc();
  const onset = 1000;
  const pcm = toPcm16(concat(silence(onset), tone(mfFreqs('backward', 4, -11.5), ms(150)), silence(ms(100))));
  const seen: { type: string; signal: number; sample: number }[] = [];
  dsp.events.take();
  for (let t = 0; t * 160 < pcm.length; t++) {
    frame.pcm.fill(0);
    frame.pcm.set(pcm.subarray(t * 160, t * 160 + 160));
    dsp.mfRx.queue(slot, frame.ptr);
    dsp.mfRx.run();
    dsp.events.drain((s, kind, value, offset) => {
      const e = dsp.mfRx.decode(s, kind, value, offset);
      if (e !== null && s === slot) seen.push(e);
    });
  }
  assert.deepEqual(seen.map((e) => `${e.type}${e.signal}`), ['start4', 'end4']);
  assert.ok(Math.abs(seen[0]!.sample - onset) <= ms(8));
  assert.ok(Math.abs(seen[1]!.sample - (onset + ms(150))) <= ms(8));
  assert.equal(dsp.mfRx.decode(slot, layout.EV_TONE_RX_START, 1, 0), null);
  dsp.mfRx.reset(slot);
  assert.equal(dsp.mfRx.decode(slot, layout.EV_MF_START, 1, -5)?.sample, -5);
  dsp.mfRx.close(slot);
  dsp.frames.release(frame);
});
