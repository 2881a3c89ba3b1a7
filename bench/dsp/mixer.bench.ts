// Conference mixing throughput: the mixer kernel (simd and scalar builds)
// against the plain TS reference, on the same workload.
//
// Workload: ROOMS rooms of 3 participants, all talking (speech-band noise
// at −20 dBm0, so the limiter idles as in most real frames), one 160-sample
// frame per participant per tick, all rooms in one mixerTick call. One
// channel = one participant (8000 samples per second in and out).
//
// Figures: mixer.channelsPerCore, mixer.channelsPerCoreScalar,
// mixer.ratioVsTs.

import type { BenchContext } from '../support/context.ts';
import { hz, channelsPerCore } from '../support/measure.ts';
import { Dsp, type DspVariant } from '../../dsp/index.ts';
import { ReferenceMixer, type ReferenceParticipant } from '../../dsp/reference/mixer.ts';

const ROOMS = 512;
const PARTY = 3;
const FRAME = 160;

function speech(seed: number, out: Int16Array): void {
  let s = seed >>> 0;
  for (let i = 0; i < FRAME; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.round(((s >>> 8) / 16777216 - 0.5) * 5000);
  }
}

function kernelRate(variant: DspVariant, quick: boolean): number {
  const dsp = Dsp.load({ variant });
  const rooms = Array.from({ length: ROOMS }, (_, r) => {
    const id = dsp.mixer.open();
    const members = Array.from({ length: PARTY }, (_, k) => {
      const input = dsp.frames.alloc();
      speech(r * PARTY + k + 1, input.pcm);
      return { inPtr: input.ptr, outPtr: dsp.frames.alloc().ptr };
    });
    dsp.mixer.setParticipants(id, members);
    return id;
  });
  const tick = (): void => {
    for (const id of rooms) dsp.mixer.queue(id);
    dsp.mixer.run();
  };
  return channelsPerCore(hz(tick, { quick, name: `mixer ${variant}` }), ROOMS * PARTY * FRAME);
}

function referenceRate(quick: boolean): number {
  const rooms = Array.from({ length: ROOMS }, (_, r) => ({
    mixer: new ReferenceMixer(),
    members: Array.from({ length: PARTY }, (_, k): ReferenceParticipant => {
      const input = new Int16Array(FRAME);
      speech(r * PARTY + k + 1, input);
      return { input, output: new Int16Array(FRAME), gain: 1, muted: false };
    }),
  }));
  const tick = (): void => {
    for (const r of rooms) r.mixer.mix(r.members);
  };
  return channelsPerCore(hz(tick, { quick, name: 'mixer ts' }), ROOMS * PARTY * FRAME);
}

export default async function mixerBench(ctx: BenchContext): Promise<void> {
  const simd = kernelRate('simd', ctx.quick);
  const scalar = kernelRate('scalar', ctx.quick);
  const ts = referenceRate(ctx.quick);
  ctx.report('mixer.channelsPerCore', simd, 'channels');
  ctx.report('mixer.channelsPerCoreScalar', scalar, 'channels');
  ctx.report('mixer.ratioVsTs', simd / ts, 'x');
}
