// G.711 encode + decode throughput: the g711 kernel (simd and scalar builds),
// the plain TS reference and spandsp, on the same workload.
//
// Workload: a batch of CHANNELS channels; per tick each channel encodes one
// 160-sample frame to A-law and decodes one 160-octet frame back, all in one
// g711Tick call (2 work records per channel), as the engine's media tick
// does. One channel = 8000 encodes + 8000 decodes per second. The signal is
// a speech-band tone plus noise (bench/dsp/spandsp/g711.c uses the same
// formula), so branchy encoders are not flattered or punished by the input.
//
// Figures: g711.channelsPerCore, g711.channelsPerCoreScalar, g711.ratioVsTs,
// g711.ratioVsSpandsp (when spandsp is installed).

import type { BenchContext } from '../support/context.ts';
import { hz, channelsPerCore } from '../support/measure.ts';
import { buildHarness, runHarness } from '../support/spandsp.ts';
import { Dsp, type DspVariant, type Frame } from '../../dsp/index.ts';
import { encodeBlock, decodeBlock } from '../../dsp/reference/g711.ts';

const CHANNELS = 1024;
const FRAME = 160;

function signal(ch: number, out: Int16Array): void {
  const f = 300 + (ch % 50) * 20;
  let seed = (12345 + ch * 7919) >>> 0;
  for (let i = 0; i < FRAME; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const noise = ((seed >>> 8) / 16777216 - 0.5) * 2000;
    out[i] = Math.round(8000 * Math.sin((2 * Math.PI * f * i) / 8000) + noise);
  }
}

function kernelRate(variant: DspVariant, quick: boolean): number {
  const dsp = Dsp.load({ variant });
  const legs: { pcm: Frame; oct: Frame; back: Frame }[] = [];
  for (let ch = 0; ch < CHANNELS; ch++) {
    const leg = { pcm: dsp.frames.alloc(), oct: dsp.frames.alloc(), back: dsp.frames.alloc() };
    signal(ch, leg.pcm.pcm);
    legs.push(leg);
  }
  const g = dsp.g711;
  const tick = (): void => {
    for (const l of legs) g.queueEncode('alaw', l.pcm.ptr, l.oct.ptr);
    for (const l of legs) g.queueDecode('alaw', l.oct.ptr, l.back.ptr);
    g.run();
  };
  return channelsPerCore(hz(tick, { quick, name: `g711 ${variant}` }), CHANNELS * FRAME);
}

function referenceRate(quick: boolean): number {
  const pcm = Array.from({ length: CHANNELS }, (_, ch) => {
    const f = new Int16Array(FRAME);
    signal(ch, f);
    return f;
  });
  const oct = Array.from({ length: CHANNELS }, () => new Uint8Array(FRAME));
  const back = Array.from({ length: CHANNELS }, () => new Int16Array(FRAME));
  const tick = (): void => {
    for (let ch = 0; ch < CHANNELS; ch++) {
      encodeBlock('alaw', pcm[ch]!, oct[ch]!);
      decodeBlock('alaw', oct[ch]!, back[ch]!);
    }
  };
  return channelsPerCore(hz(tick, { quick, name: 'g711 ts' }), CHANNELS * FRAME);
}

export default async function g711Bench(ctx: BenchContext): Promise<void> {
  const simd = kernelRate('simd', ctx.quick);
  const scalar = kernelRate('scalar', ctx.quick);
  const ts = referenceRate(ctx.quick);
  ctx.report('g711.channelsPerCore', simd, 'channels');
  ctx.report('g711.channelsPerCoreScalar', scalar, 'channels');
  ctx.report('g711.ratioVsTs', simd / ts, 'x');
  const bin = buildHarness('g711');
  if (bin === null) {
    ctx.note('spandsp not available: g711.ratioVsSpandsp not measured');
    return;
  }
  const spandsp = runHarness(bin, [String(CHANNELS), ctx.quick ? '50' : '400']);
  if (spandsp !== null) {
    ctx.note(`spandsp ${Math.round(spandsp)} channels per core`);
    ctx.report('g711.ratioVsSpandsp', simd / spandsp, 'x');
  }
}
