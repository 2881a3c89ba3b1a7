// Call-progress detection end to end: signals built from dsp/tone-plans.ts
// with test/support/signals.ts, fed as 20 ms frames to the toneRx kernel
// (many slots per tick, plans mixed in one batch), its events fed to one
// CallProgress per slot. Bounds from shared/reference/tones-and-dsp.md §1
// (450 Hz ± 2 %, cadence ± 10 %; busy 0.7 s vs congestion 1.4 s period) and
// §4 (2100 Hz answer tone, reversals every 450 ms).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layout, CallProgress, TONE_PLANS, type DspVariant, type CallProgressKind, type ToneName } from '../../dsp/index.ts';
import { tone, toPcm16, concat, silence, ms, whiteNoise, mixInto } from '../support/signals.ts';
import { dspOf, feedFrames } from '../support/dsp-feed.ts';
import { speechCorpus } from '../support/speech-corpus.ts';

type PlanName = 'cn' | 'itu' | 'us';
const PLANS: readonly PlanName[] = ['cn', 'itu', 'us'];
const CADENCED: readonly ToneName[] = ['ringback', 'busy', 'congestion', 'specialInformation'];


interface Line {
  plan: PlanName;
  pcm: Int16Array;
}

/** Runs one detector slot and classifier per line, all in the same ticks; returns each line's verdicts. */
function listen(variant: DspVariant, lines: Line[]): CallProgressKind[][] {
  const dsp = dspOf(variant);
  const slots = lines.map((l) => dsp.toneRx.open({ plan: l.plan }));
  const classifiers = lines.map((l, i) => new CallProgress({ plan: l.plan, bins: dsp.toneRx.binsOf(slots[i]!) }));
  const out: CallProgressKind[][] = lines.map(() => []);
  feedFrames(dsp, dsp.toneRx, slots, lines.map((l) => l.pcm), {
    event(i, e, at) {
      for (const r of classifiers[i]!.event(e.kind, e.value, at)) out[i]!.push(r.kind);
    },
    afterTick(t) {
      classifiers.forEach((c, i) => {
        for (const r of c.advance((t + 1) * 160)) out[i]!.push(r.kind);
      });
    },
  });
  slots.forEach((s) => dsp.toneRx.close(s));
  return out;
}

interface Variation {
  levelDbm0?: number;
  /** Relative frequency offset (0.015 = +1.5 %). */
  freqOffset?: number;
  /** Cadence scale (1.1 = every segment 10 % longer). */
  cadence?: number;
  /** White noise this many dB below the tone level. */
  snrDb?: number;
  leadSamples?: number;
}

/** totalMs of a plan's tone, looping its cadence, after a short silence. */
function playTone(plan: PlanName, name: ToneName, totalMs: number, v: Variation = {}): Int16Array {
  const def = TONE_PLANS[plan].tones[name];
  const parts: Float64Array[] = [silence(v.leadSamples ?? 333)];
  let n = 0;
  let level = -10;
  while (n < ms(totalMs)) {
    for (const s of def.segments) {
      const d = s.durationMs === 0 ? totalMs : s.durationMs * (v.cadence ?? 1);
      level = v.levelDbm0 ?? s.levelDbm0;
      const x = s.freqsHz.length > 0 ? tone(s.freqsHz.map((f) => ({ freqHz: f * (1 + (v.freqOffset ?? 0)), levelDbm0: level })), ms(d), n) : silence(ms(d));
      parts.push(x);
      n += x.length;
    }
    if (!def.repeat) break;
  }
  const x = Float64Array.from(concat(...parts).subarray(0, ms(totalMs)));
  if (v.snrDb !== undefined) mixInto(x, whiteNoise(x.length, level - v.snrDb, 77));
  return toPcm16(x);
}

function firstTone(verdicts: CallProgressKind[]): CallProgressKind | undefined {
  return verdicts.find((k) => k !== 'silence' && k !== 'voice');
}

for (const variant of ['simd', 'scalar'] as const) {
  test(`${variant}: each plan's dial, ringback, busy, congestion and special information tones are classified, at −5 to −30 dBm0 and ±1.5 %`, () => {
    const lines: Line[] = [];
    const want: string[] = [];
    for (const plan of PLANS) {
      for (const name of ['dial', ...CADENCED] as ToneName[]) {
        for (const v of [{}, { levelDbm0: -5 }, { levelDbm0: -30 }, { freqOffset: 0.015 }, { freqOffset: -0.015 }] as Variation[]) {
          lines.push({ plan, pcm: playTone(plan, name, 12000, { ...v, leadSamples: 200 + lines.length * 13 }) });
          want.push(`${plan} ${name} ${JSON.stringify(v)}: ${name}`);
        }
      }
    }
    const got = listen(variant, lines).map((v, i) => want[i]!.replace(/: .*$/, `: ${firstTone(v) ?? 'nothing'}`));
    assert.deepEqual(got, want);
  });

  test(`${variant}: tones-and-dsp.md §1: cadences ±10 % (with ±1.5 % frequency) are accepted`, () => {
    const lines: Line[] = [];
    const want: string[] = [];
    for (const plan of PLANS) {
      for (const name of CADENCED) {
        for (const v of [{ cadence: 1.1, freqOffset: 0.015 }, { cadence: 0.9, freqOffset: -0.015 }, { cadence: 1.1 }, { cadence: 0.9 }] as Variation[]) {
          lines.push({ plan, pcm: playTone(plan, name, 13000, v) });
          want.push(`${plan} ${name} ${JSON.stringify(v)}: ${name}`);
        }
      }
    }
    const got = listen(variant, lines).map((v, i) => want[i]!.replace(/: .*$/, `: ${firstTone(v) ?? 'nothing'}`));
    assert.deepEqual(got, want);
  });

  test(`${variant}: cadences off by ±25 % are not taken for the tone (busy at 437 ms is neither busy nor congestion)`, () => {
    const lines: Line[] = [];
    const names: string[] = [];
    for (const plan of PLANS) {
      for (const name of CADENCED) {
        for (const cadence of [1.25, 0.75]) {
          lines.push({ plan, pcm: playTone(plan, name, 13000, { cadence }) });
          names.push(`${plan} ${name} ×${cadence}`);
        }
      }
    }
    const wrong = listen(variant, lines).flatMap((v, i) => {
      const name = names[i]!.split(' ')[1] as ToneName;
      const bad = v.filter((k) => k === name || (name === 'busy' && k === 'congestion') || (name === 'congestion' && k === 'busy'));
      return bad.length > 0 ? [`${names[i]}: ${v.join(',')}`] : [];
    });
    assert.deepEqual(wrong, []);
  });

  test(`${variant}: tones under white noise at 20 dB SNR are classified`, () => {
    const lines: Line[] = [];
    const want: string[] = [];
    for (const plan of PLANS) {
      for (const name of ['dial', ...CADENCED] as ToneName[]) {
        lines.push({ plan, pcm: playTone(plan, name, 12000, { levelDbm0: -15, snrDb: 20 }) });
        want.push(`${plan} ${name}: ${name}`);
      }
    }
    const got = listen(variant, lines).map((v, i) => want[i]!.replace(/: .*$/, `: ${firstTone(v) ?? 'nothing'}`));
    assert.deepEqual(got, want);
  });

  test(`${variant}: China call waiting (400 ms / 4 s) is told from busy and ringback`, () => {
    const [v] = listen(variant, [{ plan: 'cn', pcm: playTone('cn', 'callWaiting', 10000) }]);
    assert.equal(firstTone(v!), 'callWaiting');
    assert.ok(!v!.includes('busy') && !v!.includes('ringback'));
  });

  test(`${variant}: fax CNG (1100 Hz, 0.5 s on, 3 s off) and CED / ANS (2100 Hz) are classified under every plan`, () => {
    const cng = (): Int16Array => {
      const parts: Float64Array[] = [silence(240)];
      for (let i = 0; i < 2; i++) parts.push(tone([{ freqHz: 1100, levelDbm0: -12 }], ms(500)), silence(ms(3000)));
      return toPcm16(concat(...parts));
    };
    const ced = (offsetHz: number): Int16Array => toPcm16(concat(silence(400), tone([{ freqHz: 2100 + offsetHz, levelDbm0: -12 }], ms(3000)), silence(ms(200))));
    const lines: Line[] = PLANS.flatMap((plan) => [
      { plan, pcm: cng() },
      { plan, pcm: ced(0) },
      { plan, pcm: ced(15) },
      { plan, pcm: ced(-15) },
    ]);
    const got = listen(variant, lines).map((v) => firstTone(v));
    assert.deepEqual(got, PLANS.flatMap(() => ['faxCng', 'ans', 'ans', 'ans']));
  });

  test(`${variant}: 2100 Hz with 180° phase reversals every 450 ms (ANS/, ANSam/) is reported as such, not as plain ANS`, () => {
    const reversing = (levelDbm0: number): Int16Array => {
      const parts: Float64Array[] = [silence(300)];
      let n = 0;
      for (let i = 0; i < 7; i++) {
        parts.push(tone([{ freqHz: 2100, levelDbm0, phaseRad: (i % 2) * Math.PI }], ms(450), n));
        n += ms(450);
      }
      return toPcm16(concat(...parts));
    };
    const got = listen(variant, PLANS.flatMap((plan) => [{ plan, pcm: reversing(-12) }, { plan, pcm: reversing(-30) }]));
    for (const v of got) assert.deepEqual(v, ['ansPhaseReversal']);
  });

  test(`${variant}: speech from the talk-off corpus is classified as voice and never as a tone`, () => {
    const utterances = speechCorpus({ seed: 21, seconds: 60, kinds: ['speech'] }).filter((u) => u.length >= ms(1500));
    assert.ok(utterances.length >= 10);
    const lines: Line[] = PLANS.flatMap((plan) => utterances.map((pcm) => ({ plan, pcm })));
    const got = listen(variant, lines);
    const tones = got.flatMap((v, i) => (firstTone(v) === undefined ? [] : [`#${i}: ${v.join(',')}`]));
    assert.deepEqual(tones, []);
    const voiced = got.filter((v) => v.includes('voice')).length;
    assert.ok(voiced >= got.length * 0.9, `${voiced} of ${got.length} utterances classified as voice`);
  });

  test(`${variant}: silence, and steady line noise at −45 dBm0, are classified as silence after 5 s and as nothing else`, () => {
    const lines: Line[] = PLANS.flatMap((plan) => [
      { plan, pcm: new Int16Array(ms(6000)) },
      { plan, pcm: toPcm16(whiteNoise(ms(6000), -45, 3)) },
    ]);
    for (const v of listen(variant, lines)) assert.deepEqual(v, ['silence']);
  });
}

test('checked build: busy and congestion are told apart by their period', () => {
  const got = listen('checked', [
    { plan: 'cn', pcm: playTone('cn', 'busy', 3000) },
    { plan: 'cn', pcm: playTone('cn', 'congestion', 4000) },
  ]);
  assert.deepEqual(got.map(firstTone), ['busy', 'congestion']);
});

test('a classifier reports each verdict once, at the sample it was reached, and follows a change of tone', () => {
  const dsp = dspOf('scalar');
  const slot = dsp.toneRx.open({ plan: 'cn' });
  const cp = new CallProgress({ plan: 'cn', bins: dsp.toneRx.binsOf(slot) });
  const pcm = toPcm16(concat(playTone('cn', 'ringback', 6000), playTone('cn', 'busy', 3000, { leadSamples: 0 })));
  const frame = dsp.frames.alloc();
  const reports: { kind: CallProgressKind; atSample: number }[] = [];
  for (let t = 0; t * 160 < pcm.length; t++) {
    frame.pcm.set(pcm.subarray(t * 160, t * 160 + 160));
    dsp.toneRx.queue(slot, frame.ptr);
    dsp.toneRx.run();
    for (const e of dsp.events.take()) if (e.slot === slot) reports.push(...cp.event(e.kind, e.value, t * 160 + e.offsetSamples));
    reports.push(...cp.advance((t + 1) * 160));
  }
  assert.deepEqual(reports.map((r) => r.kind), ['ringback', 'busy']);
  // Ringback: one 1 s burst and most of the 4 s gap; busy: one 0.7 s period after the ringback ended at 6 s.
  assert.ok(reports[0]!.atSample > ms(4000) && reports[0]!.atSample < ms(5000));
  assert.ok(reports[1]!.atSample > ms(6600) && reports[1]!.atSample < ms(7600));
  assert.equal(cp.current, 'busy');
  assert.equal(layout.EV_TONE_RX_START, 0x301);
  dsp.toneRx.close(slot);
  dsp.frames.release(frame);
});
