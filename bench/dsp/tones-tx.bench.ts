// Tone generation throughput: the toneTx kernel (simd and scalar builds),
// the plain TS reference and spandsp's tone_gen, on the same workload.
//
// Workload: CHANNELS generators, half China dial tone (450 Hz continuous)
// and half China busy tone (450 Hz 350/350 ms), all at −10 dBm0; each tick
// renders one 160-sample frame per channel in one toneTxTick call, as the
// engine's media tick does. One channel = 8000 samples per second.
//
// Figures: tonesTx.channelsPerCore, tonesTx.channelsPerCoreScalar,
// tonesTx.ratioVsTs, tonesTx.ratioVsSpandsp (when spandsp is installed).

import type { BenchContext } from '../support/context.ts';
import { hz, channelsPerCore } from '../support/measure.ts';
import { buildHarness, runHarness } from '../support/spandsp.ts';
import { Dsp, type DspVariant } from '../../dsp/index.ts';
import { TONE_PLANS } from '../../dsp/tone-plans.ts';
import { compileTone } from '../../dsp/tone-tx.ts';
import { ReferenceToneTx } from '../../dsp/reference/tone-tx.ts';

const CHANNELS = 1024;
const FRAME = 160;
const defOf = (ch: number) => (ch & 1 ? TONE_PLANS.cn.tones.busy : TONE_PLANS.cn.tones.dial);

function kernelRate(variant: DspVariant, quick: boolean): number {
  const dsp = Dsp.load({ variant });
  const legs = Array.from({ length: CHANNELS }, (_, ch) => {
    const slot = dsp.toneTx.open();
    dsp.toneTx.play(slot, defOf(ch));
    return { slot, ptr: dsp.frames.alloc().ptr };
  });
  const bank = dsp.toneTx;
  const tick = (): void => {
    for (const l of legs) bank.queue(l.slot, l.ptr);
    bank.run();
  };
  return channelsPerCore(hz(tick, { quick, name: `toneTx ${variant}` }), CHANNELS * FRAME);
}

function referenceRate(quick: boolean): number {
  const gens = Array.from({ length: CHANNELS }, (_, ch) => new ReferenceToneTx(compileTone(defOf(ch))));
  const out = Array.from({ length: CHANNELS }, () => new Int16Array(FRAME));
  const tick = (): void => {
    for (let ch = 0; ch < CHANNELS; ch++) gens[ch]!.render(out[ch]!, 'overwrite');
  };
  return channelsPerCore(hz(tick, { quick, name: 'toneTx ts' }), CHANNELS * FRAME);
}

export default async function tonesTxBench(ctx: BenchContext): Promise<void> {
  const simd = kernelRate('simd', ctx.quick);
  const scalar = kernelRate('scalar', ctx.quick);
  const ts = referenceRate(ctx.quick);
  ctx.report('tonesTx.channelsPerCore', simd, 'channels');
  ctx.report('tonesTx.channelsPerCoreScalar', scalar, 'channels');
  ctx.report('tonesTx.ratioVsTs', simd / ts, 'x');
  const bin = buildHarness('tones-tx');
  if (bin === null) {
    ctx.note('spandsp not available: tonesTx.ratioVsSpandsp not measured');
    return;
  }
  const spandsp = runHarness(bin, [String(CHANNELS), ctx.quick ? '50' : '200']);
  if (spandsp !== null) {
    ctx.note(`spandsp ${Math.round(spandsp)} channels per core`);
    ctx.report('tonesTx.ratioVsSpandsp', simd / spandsp, 'x');
  }
}
