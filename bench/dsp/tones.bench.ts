// Call-progress detection throughput: the toneRx kernel (simd and scalar
// builds) with the CallProgress cadence classifier, against the plain TS
// reference (dsp/reference/tone-rx.ts) with the same classifier, on the
// same workload.
//
// Workload: a batch of CHANNELS detectors on the China plan (450, 1100 and
// 2100 Hz bins); per tick each gets one 160-sample frame, all in one
// toneRxTick call, then the events are drained into one CallProgress per
// channel and every classifier is advanced, as the engine's media tick will
// do. Channel ch carries 450 Hz at −10 dBm0 with noise (±200), in a loop of
// five frames (100 ms: a whole number of cycles) that switches the tone off
// for its last 40 ms on every other channel, so classes change and events
// flow. One channel = 8000 samples per second. A second figure-free note
// gives the North American plan (9 bins).
//
// spandsp: bench/dsp/spandsp/tones.c runs the same signal through
// super_tone_rx with a descriptor of the China plan plus CNG and CED (its
// Goertzel bank and cadence matcher together, like our kernel plus
// classifier).
//
// Figures: tones.channelsPerCore, tones.channelsPerCoreScalar,
// tones.ratioVsTs, tones.ratioVsSpandsp (when spandsp is installed).

import type { BenchContext } from '../support/context.ts';
import { hz, channelsPerCore } from '../support/measure.ts';
import { buildHarness, runHarness } from '../support/spandsp.ts';
import { Dsp, CallProgress, toneRxThresholds, type DspVariant, type Frame } from '../../dsp/index.ts';
import { ToneRxReference } from '../../dsp/reference/tone-rx.ts';

const CHANNELS = 1024;
const TS_CHANNELS = 64;
const FRAME = 160;
const LOOP_FRAMES = 5;

function loop(ch: number): Int16Array {
  let seed = (4242 + ch * 7919) >>> 0;
  const out = new Int16Array(FRAME * LOOP_FRAMES);
  const gated = ch % 2 === 1;
  for (let i = 0; i < out.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const noise = ((seed >>> 8) / 16777216 - 0.5) * 400;
    const on = !gated || i < out.length - 320;
    out[i] = Math.round((on ? 7218 * Math.sin((2 * Math.PI * 450 * i) / 8000) : 0) + noise);
  }
  return out;
}

function kernelRate(variant: DspVariant, plan: 'cn' | 'us', quick: boolean, withClassifier: boolean): number {
  const dsp = Dsp.load({ variant });
  const slots: number[] = [];
  const frames: Frame[][] = [];
  const classifiers: CallProgress[] = [];
  const index = new Int32Array(dsp.core.layout.TONE_RX_MAX_SLOTS);
  for (let ch = 0; ch < CHANNELS; ch++) {
    const slot = dsp.toneRx.open({ plan });
    slots.push(slot);
    index[slot] = ch;
    classifiers.push(new CallProgress({ plan, bins: dsp.toneRx.binsOf(slot) }));
    const x = loop(ch);
    const fs: Frame[] = [];
    for (let k = 0; k < LOOP_FRAMES; k++) {
      const f = dsp.frames.alloc();
      f.pcm.set(x.subarray(k * FRAME, (k + 1) * FRAME));
      fs.push(f);
    }
    frames.push(fs);
  }
  const rx = dsp.toneRx;
  let t = 0;
  const onEvent = (slot: number, kind: number, value: number, offset: number): void => {
    classifiers[index[slot] ?? 0]!.event(kind, value, t * FRAME + offset);
  };
  const tick = (): void => {
    const k = t % LOOP_FRAMES;
    for (let ch = 0; ch < CHANNELS; ch++) rx.queue(slots[ch]!, frames[ch]![k]!.ptr);
    rx.run();
    if (withClassifier) {
      dsp.events.drain(onEvent);
      for (let ch = 0; ch < CHANNELS; ch++) classifiers[ch]!.advance((t + 1) * FRAME);
    } else {
      dsp.events.drain(() => {});
    }
    t++;
  };
  return channelsPerCore(hz(tick, { quick, name: `tones ${variant} ${plan}` }), CHANNELS * FRAME);
}

function referenceRate(quick: boolean): number {
  const loops = Array.from({ length: TS_CHANNELS }, (_, ch) => loop(ch));
  const t0 = toneRxThresholds({ plan: 'cn' });
  const rx = loops.map(() => new ToneRxReference(t0));
  const cps = loops.map(() => new CallProgress({ plan: 'cn', bins: t0.bins }));
  let t = 0;
  const tick = (): void => {
    const k = t % LOOP_FRAMES;
    for (let ch = 0; ch < TS_CHANNELS; ch++) {
      const cp = cps[ch]!;
      for (const e of rx[ch]!.process(loops[ch]!.subarray(k * FRAME, (k + 1) * FRAME))) {
        if (e.kind === 'start') cp.event(0x301, e.value, t * FRAME + e.offsetSamples);
      }
      cp.advance((t + 1) * FRAME);
    }
    t++;
  };
  return channelsPerCore(hz(tick, { quick, name: 'tones ts' }), TS_CHANNELS * FRAME);
}

export default async function tonesBench(ctx: BenchContext): Promise<void> {
  const simd = kernelRate('simd', 'cn', ctx.quick, true);
  const scalar = kernelRate('scalar', 'cn', ctx.quick, true);
  const ts = referenceRate(ctx.quick);
  ctx.report('tones.channelsPerCore', simd, 'channels');
  ctx.report('tones.channelsPerCoreScalar', scalar, 'channels');
  ctx.report('tones.ratioVsTs', simd / ts, 'x');
  const bin = buildHarness('tones');
  if (bin === null) ctx.note('spandsp not available: tones.ratioVsSpandsp not measured');
  else {
    const spandsp = runHarness(bin, [String(CHANNELS), ctx.quick ? '25' : '200']);
    if (spandsp !== null) {
      ctx.note(`spandsp ${Math.round(spandsp)} channels per core`);
      ctx.report('tones.ratioVsSpandsp', simd / spandsp, 'x');
    }
  }
  const kernelOnly = kernelRate('simd', 'cn', ctx.quick, false);
  const us = kernelRate('simd', 'us', ctx.quick, true);
  ctx.note(`kernel alone (China plan) ${Math.round(kernelOnly)} channels per core; North American plan (9 bins) ${Math.round(us)}`);
}
