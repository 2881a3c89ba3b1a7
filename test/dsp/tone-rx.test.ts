// Call-progress detector kernel (toneRx through ToneRxBank): the classes it
// reports, the bins it listens to, phase reversals, channel isolation with
// plans mixed in one batch, and agreement with dsp/reference/tone-rx.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layout, toneRxBins, toneRxThresholds, TONE_RX_CLASS_ENERGY, TONE_PLANS, type DspVariant, type ToneRxOptions } from '../../dsp/index.ts';
import { ToneRxReference } from '../../dsp/reference/tone-rx.ts';
import { tone, toPcm16, concat, silence, ms, whiteNoise } from '../support/signals.ts';
import { dspOf, feedFrames } from '../support/dsp-feed.ts';
import { speechCorpus } from '../support/speech-corpus.ts';



interface Seen {
  kind: 'start' | 'end' | 'reversal';
  value: number;
  at: number;
}

function run(variant: DspVariant, lines: { options: ToneRxOptions; pcm: Int16Array }[]): Seen[][] {
  const dsp = dspOf(variant);
  const slots = lines.map((l) => dsp.toneRx.open(l.options));
  const out: Seen[][] = lines.map(() => []);
  feedFrames(dsp, dsp.toneRx, slots, lines.map((l) => l.pcm), {
    event(i, e, at) {
      const kind = e.kind === layout.EV_TONE_RX_START ? 'start' : e.kind === layout.EV_TONE_RX_END ? 'end' : e.kind === layout.EV_TONE_RX_PHASE_REVERSAL ? 'reversal' : null;
      if (kind !== null) out[i]!.push({ kind, value: e.value, at });
    },
  });
  slots.forEach((s) => dsp.toneRx.close(s));
  return out;
}

function starts(seen: Seen[]): number[] {
  return seen.filter((e) => e.kind === 'start').map((e) => e.value);
}

test('the bins of each plan are its tones\' frequencies plus 1100 and 2100 Hz; only isolated bins are wide', () => {
  const cn = toneRxBins(TONE_PLANS.cn);
  assert.deepEqual(cn.freqsHz, [450, 1100, 2100]);
  assert.equal(cn.wideMask, 0b111);
  assert.equal(cn.reversalBin, 2);
  const us = toneRxBins(TONE_PLANS.us);
  assert.deepEqual(us.freqsHz.slice(0, 4), [350, 440, 480, 620]);
  assert.equal(us.wideMask & 0b1111, 0, '350, 440, 480 and 620 Hz are narrow');
  assert.ok(us.freqsHz.length <= 12);
  const itu = toneRxBins(TONE_PLANS.itu);
  assert.deepEqual(itu.freqsHz, [425, 950, 1400, 1800, 1100, 2100]);
});

for (const variant of ['simd', 'scalar', 'checked'] as const) {
  test(`${variant}: the kernel reports the same events at the same samples as the reference implementation`, () => {
    const lines = [
      { options: { plan: 'cn' as const }, pcm: toPcm16(concat(silence(300), tone([{ freqHz: 450, levelDbm0: -10 }], ms(350)), silence(ms(350)), tone([{ freqHz: 450, levelDbm0: -20 }], ms(700)))) },
      { options: { plan: 'us' as const }, pcm: toPcm16(concat(silence(123), tone([{ freqHz: 440, levelDbm0: -19 }, { freqHz: 480, levelDbm0: -19 }], ms(2000)), silence(ms(500)))) },
      { options: { plan: 'itu' as const }, pcm: toPcm16(concat(silence(77), tone([{ freqHz: 950, levelDbm0: -24 }], ms(330)), tone([{ freqHz: 1400, levelDbm0: -24 }], ms(330)), silence(ms(300)))) },
      { options: { plan: 'cn' as const }, pcm: speechCorpus({ seed: 5, seconds: 4, kinds: ['speech'] })[0]! },
      { options: { plan: 'cn' as const }, pcm: toPcm16(concat(silence(213), ...[0, 1, 2, 3].map((i) => tone([{ freqHz: 2100, levelDbm0: -12, phaseRad: i * Math.PI }], ms(450), i * ms(450))))) },
    ];
    const got = run(variant, lines);
    const length = Math.max(...lines.map((l) => l.pcm.length));
    lines.forEach((l, i) => {
      const ref = new ToneRxReference(toneRxThresholds(l.options));
      const want: Seen[] = [];
      for (let t = 0; t * 160 < length; t++) {
        const f = new Int16Array(160);
        f.set(l.pcm.subarray(t * 160, t * 160 + 160));
        for (const e of ref.process(f)) want.push({ kind: e.kind, value: e.value, at: t * 160 + e.offsetSamples });
      }
      assert.ok(want.length >= 2, `line ${i}: the reference reports something`);
      assert.deepEqual(got[i], want, `line ${i}`);
    });
  });
}

for (const variant of ['simd', 'scalar'] as const) {
  test(`${variant}: slots of different plans in one batch keep their own bins, and silent slots stay silent`, () => {
    const cnTone = toPcm16(concat(silence(200), tone([{ freqHz: 450, levelDbm0: -10 }], ms(600)), silence(ms(200))));
    const usTone = toPcm16(concat(silence(200), tone([{ freqHz: 350, levelDbm0: -13 }, { freqHz: 440, levelDbm0: -13 }], ms(600)), silence(ms(200))));
    const lines: { options: ToneRxOptions; pcm: Int16Array }[] = [];
    for (let i = 0; i < 9; i++) {
      lines.push({ options: { plan: 'cn' }, pcm: cnTone });
      lines.push({ options: { plan: 'us' }, pcm: usTone });
      lines.push({ options: { plan: i % 2 ? 'us' : 'cn' }, pcm: new Int16Array(ms(1000)) });
    }
    const got = run(variant, lines);
    got.forEach((seen, i) => {
      if (i % 3 === 0) assert.deepEqual(starts(seen), [0b1, 0], `cn slot ${i}`);
      if (i % 3 === 1) assert.deepEqual(starts(seen), [0b11, 0], `us slot ${i}`);
      if (i % 3 === 2) assert.deepEqual(seen, [], `silent slot ${i}`);
    });
  });

  test(`${variant}: a 450 Hz tone is reported from −5 to −38 dBm0 and ±2 %, and not at −46 dBm0`, () => {
    const lines = [-5, -20, -38].flatMap((levelDbm0) =>
      [0.98, 1, 1.02].map((k) => ({ options: { plan: 'cn' as const }, pcm: toPcm16(concat(silence(240), tone([{ freqHz: 450 * k, levelDbm0 }], ms(500)))) })),
    );
    for (const seen of run(variant, lines)) assert.deepEqual(starts(seen), [0b1]);
    const [quiet] = run(variant, [{ options: { plan: 'cn' }, pcm: toPcm16(tone([{ freqHz: 450, levelDbm0: -46 }], ms(500))) }]);
    assert.deepEqual(starts(quiet!), []);
  });

  test(`${variant}: 180° reversals of 2100 Hz are reported within 20 ms of where they happen, and a steady 2100 Hz has none`, () => {
    const at = [450, 900, 1350, 1800].map(ms);
    const parts = [silence(400)];
    for (let i = 0; i < 5; i++) parts.push(tone([{ freqHz: 2100, levelDbm0: -15, phaseRad: (i % 2) * Math.PI }], ms(450), i * ms(450)));
    const [rev, steady] = run(variant, [
      { options: { plan: 'itu' }, pcm: toPcm16(concat(...parts)) },
      { options: { plan: 'itu' }, pcm: toPcm16(concat(silence(400), tone([{ freqHz: 2100, levelDbm0: -15 }], ms(2250)))) },
    ]);
    const seen = rev!.filter((e) => e.kind === 'reversal').map((e) => e.at - 400);
    assert.equal(seen.length, at.length);
    seen.forEach((s, i) => assert.ok(s >= at[i]! && s - at[i]! <= ms(20), `reversal ${i} at ${s / 8} ms`));
    assert.equal(steady!.filter((e) => e.kind === 'reversal').length, 0);
  });

  test(`${variant}: speech is reported as energy, steady noise is not (the floor tracker), and the result block follows the class`, () => {
    const dsp = dspOf(variant);
    const speech = speechCorpus({ seed: 9, seconds: 3, kinds: ['speech'] })[0]!;
    const [sp, noise] = run(variant, [
      { options: { plan: 'cn' }, pcm: speech },
      { options: { plan: 'cn' }, pcm: toPcm16(whiteNoise(ms(3000), -30, 4)) },
    ]);
    assert.ok(starts(sp!).includes(TONE_RX_CLASS_ENERGY));
    assert.deepEqual(starts(noise!), []);
    const slot = dsp.toneRx.open({ plan: 'cn' });
    const frame = dsp.frames.alloc();
    const pcm = toPcm16(tone([{ freqHz: 450, levelDbm0: -10 }], ms(100)));
    for (let t = 0; t < 5; t++) {
      frame.pcm.set(pcm.subarray(t * 160, t * 160 + 160));
      dsp.toneRx.queue(slot, frame.ptr);
      dsp.toneRx.run();
    }
    assert.equal(dsp.toneRx.current(slot), 0b1);
    dsp.toneRx.reset(slot);
    assert.equal(dsp.toneRx.current(slot), 0);
    dsp.toneRx.close(slot);
    dsp.frames.release(frame);
    dsp.events.take();
  });
}

test('decode dates class changes in samples since the slot opened, within 8 ms of the tone edges', () => {
  const dsp = dspOf('simd');
  const lines = [
    { plan: 'cn' as const, freqs: [450] },
    { plan: 'us' as const, freqs: [480, 620] },
  ];
  for (const l of lines) {
    const slot = dsp.toneRx.open({ plan: l.plan });
    const frame = dsp.frames.alloc();
    const onset = 1234;
    const pcm = toPcm16(concat(silence(onset), tone(l.freqs.map((freqHz) => ({ freqHz, levelDbm0: -20 })), ms(500)), silence(ms(200))));
    const starts: { value: number; sample: number }[] = [];
    dsp.events.take();
    for (let t = 0; t * 160 < pcm.length; t++) {
      frame.pcm.fill(0);
      frame.pcm.set(pcm.subarray(t * 160, t * 160 + 160));
      dsp.toneRx.queue(slot, frame.ptr);
      dsp.toneRx.run();
      dsp.events.drain((s, kind, value, offset) => {
        const e = dsp.toneRx.decode(s, kind, value, offset);
        if (e !== null && s === slot && e.type === 'start') starts.push(e);
      });
    }
    assert.equal(starts.length, 2, l.plan);
    assert.ok(starts[0]!.value !== 0 && Math.abs(starts[0]!.sample - onset) <= ms(8), `${l.plan} onset ${(starts[0]!.sample - onset) / 8} ms`);
    assert.ok(starts[1]!.value === 0 && Math.abs(starts[1]!.sample - (onset + ms(500))) <= ms(8), `${l.plan} end`);
    dsp.toneRx.close(slot);
    dsp.frames.release(frame);
  }
});
