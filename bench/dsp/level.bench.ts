// Level and voice activity throughput: the level kernel (simd and scalar
// builds) against the plain TS reference, on the same workload.
//
// Workload: CHANNELS meters, each measuring one 160-sample frame of
// speech-band noise per tick, all in one levelTick call. One channel =
// 8000 samples per second.
//
// Figures: level.channelsPerCore, level.channelsPerCoreScalar,
// level.ratioVsTs.

import type { BenchContext } from '../support/context.ts';
import { hz, channelsPerCore } from '../support/measure.ts';
import { Dsp, type DspVariant } from '../../dsp/index.ts';
import { ReferenceLevel } from '../../dsp/reference/level.ts';

const CHANNELS = 2048;
const FRAME = 160;

function signal(seed: number, out: Int16Array): void {
  let s = seed >>> 0;
  for (let i = 0; i < FRAME; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.round(((s >>> 8) / 16777216 - 0.5) * (seed % 7) * 2000);
  }
}

function kernelRate(variant: DspVariant, quick: boolean): number {
  const dsp = Dsp.load({ variant });
  const legs = Array.from({ length: CHANNELS }, (_, ch) => {
    const f = dsp.frames.alloc();
    signal(ch + 1, f.pcm);
    return { slot: dsp.level.open(), ptr: f.ptr };
  });
  const bank = dsp.level;
  const tick = (): void => {
    for (const l of legs) bank.queue(l.slot, l.ptr);
    bank.run();
    dsp.events.drain(() => undefined);
  };
  return channelsPerCore(hz(tick, { quick, name: `level ${variant}` }), CHANNELS * FRAME);
}

function referenceRate(quick: boolean): number {
  const legs = Array.from({ length: CHANNELS }, (_, ch) => {
    const f = new Int16Array(FRAME);
    signal(ch + 1, f);
    return { meter: new ReferenceLevel(), f };
  });
  const tick = (): void => {
    for (const l of legs) l.meter.frame(l.f);
  };
  return channelsPerCore(hz(tick, { quick, name: 'level ts' }), CHANNELS * FRAME);
}

export default async function levelBench(ctx: BenchContext): Promise<void> {
  const simd = kernelRate('simd', ctx.quick);
  const scalar = kernelRate('scalar', ctx.quick);
  const ts = referenceRate(ctx.quick);
  ctx.report('level.channelsPerCore', simd, 'channels');
  ctx.report('level.channelsPerCoreScalar', scalar, 'channels');
  ctx.report('level.ratioVsTs', simd / ts, 'x');
}
