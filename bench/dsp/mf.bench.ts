// MFC/R2 detection throughput: the mfRx kernel (simd and scalar builds), the
// plain TS reference (dsp/reference/mf.ts) and spandsp's r2_mf_rx, on the
// same workload.
//
// Workload: a batch of CHANNELS receivers (forward group); per tick each
// gets one 160-sample frame, all in one mfRxTick call, as the engine's
// media tick does. Channel ch carries forward signal (ch % 15) + 1 at
// −11.5 dBm0 per tone plus uniform noise of ±200, as a continuous loop of
// five frames (800 samples hold a whole number of cycles of every R2
// frequency), so the detectors see a steady signal, not frame-edge clicks.
// bench/dsp/spandsp/mf.c builds the same signal. One channel = 8000
// samples per second.
//
// Figures: mf.channelsPerCore, mf.channelsPerCoreScalar, mf.ratioVsTs,
// mf.ratioVsSpandsp (when spandsp is installed).

import type { BenchContext } from '../support/context.ts';
import { hz, channelsPerCore } from '../support/measure.ts';
import { buildHarness, runHarness } from '../support/spandsp.ts';
import { Dsp, mfRxThresholds, mfSignalHz, type DspVariant, type Frame } from '../../dsp/index.ts';
import { MfRxReference } from '../../dsp/reference/mf.ts';

const CHANNELS = 1024;
const TS_CHANNELS = 64;
const FRAME = 160;
const LOOP_FRAMES = 5;

function loop(ch: number): Int16Array {
  const [fa, fb] = mfSignalHz('forward', (ch % 15) + 1);
  let seed = (12345 + ch * 7919) >>> 0;
  const out = new Int16Array(FRAME * LOOP_FRAMES);
  for (let i = 0; i < out.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const noise = ((seed >>> 8) / 16777216 - 0.5) * 400;
    const w = (2 * Math.PI * i) / 8000;
    out[i] = Math.round(6074 * (Math.sin(w * fa) + Math.sin(w * fb)) + noise);
  }
  return out;
}

function kernelRate(variant: DspVariant, quick: boolean): number {
  const dsp = Dsp.load({ variant });
  const slots: number[] = [];
  const frames: Frame[][] = [];
  for (let ch = 0; ch < CHANNELS; ch++) {
    slots.push(dsp.mfRx.open({ group: 'forward' }));
    const x = loop(ch);
    const fs: Frame[] = [];
    for (let k = 0; k < LOOP_FRAMES; k++) {
      const f = dsp.frames.alloc();
      f.pcm.set(x.subarray(k * FRAME, (k + 1) * FRAME));
      fs.push(f);
    }
    frames.push(fs);
  }
  const rx = dsp.mfRx;
  let t = 0;
  const tick = (): void => {
    const k = t++ % LOOP_FRAMES;
    for (let ch = 0; ch < CHANNELS; ch++) rx.queue(slots[ch]!, frames[ch]![k]!.ptr);
    rx.run();
    dsp.events.drain(() => {});
  };
  return channelsPerCore(hz(tick, { quick, name: `mf ${variant}` }), CHANNELS * FRAME);
}

function referenceRate(quick: boolean): number {
  const loops = Array.from({ length: TS_CHANNELS }, (_, ch) => loop(ch));
  const rx = loops.map(() => new MfRxReference(mfRxThresholds({ group: 'forward' })));
  let t = 0;
  const tick = (): void => {
    const k = t++ % LOOP_FRAMES;
    for (let ch = 0; ch < TS_CHANNELS; ch++) rx[ch]!.process(loops[ch]!.subarray(k * FRAME, (k + 1) * FRAME));
  };
  return channelsPerCore(hz(tick, { quick, name: 'mf ts' }), TS_CHANNELS * FRAME);
}

export default async function mfBench(ctx: BenchContext): Promise<void> {
  const simd = kernelRate('simd', ctx.quick);
  const scalar = kernelRate('scalar', ctx.quick);
  const ts = referenceRate(ctx.quick);
  ctx.report('mf.channelsPerCore', simd, 'channels');
  ctx.report('mf.channelsPerCoreScalar', scalar, 'channels');
  ctx.report('mf.ratioVsTs', simd / ts, 'x');
  const bin = buildHarness('mf');
  if (bin === null) {
    ctx.note('spandsp not available: mf.ratioVsSpandsp not measured');
    return;
  }
  const spandsp = runHarness(bin, [String(CHANNELS), ctx.quick ? '25' : '200']);
  if (spandsp !== null) {
    ctx.note(`spandsp ${Math.round(spandsp)} channels per core`);
    ctx.report('mf.ratioVsSpandsp', simd / spandsp, 'x');
  }
}
