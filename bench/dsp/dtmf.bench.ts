// DTMF detection throughput: the dtmfRx kernel (simd and scalar builds), the
// plain TS reference (dsp/reference/dtmf.ts) and spandsp's dtmf_rx, on the
// same workload in the same run.
//
// Workload: CHANNELS detector slots; per tick each gets one 160-sample
// frame, all in one dtmfRxTick call, as the engine's media tick does. The
// audio is PROGRAMMES one-second programmes, a realistic mix by p % 4:
// digit strings (50 ms on / 50 ms off, -10/-8 dBm0), near-silence (-65 dBm0
// noise), synthetic speech (test/support/speech-corpus.ts), and speech with
// digits over it. Channel ch plays programme ch % PROGRAMMES starting at
// frame (ch * 7) % LOOP_FRAMES, so digits do not line up across channels.
// The programmes are written to build/bench/dtmf-workload.raw, which the C
// harness bench/dsp/spandsp/dtmf.c reads, so spandsp sees the same samples.
// One channel = 8000 samples per second.
//
// Figures: dtmf.channelsPerCore, dtmf.channelsPerCoreScalar,
// dtmf.ratioVsTs, dtmf.ratioVsSpandsp (when spandsp is installed).

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../support/context.ts';
import { hz, channelsPerCore } from '../support/measure.ts';
import { buildHarness, runHarness } from '../support/spandsp.ts';
import { Dsp, type DspVariant, type Frame } from '../../dsp/index.ts';
import { DtmfDetectorRef, dtmfGenerate } from '../../dsp/reference/dtmf.ts';
import { speechCorpus } from '../../test/support/speech-corpus.ts';
import { whiteNoise, toPcm16 } from '../../test/support/signals.ts';

const CHANNELS = 1024;
const TS_CHANNELS = 64;
const PROGRAMMES = 64;
const FRAME = 160;
const LOOP_FRAMES = 50;
const LOOP = FRAME * LOOP_FRAMES;

function programmes(): Int16Array[] {
  const speech = speechCorpus({ seed: 9, seconds: PROGRAMMES, kinds: ['speech'] });
  const out: Int16Array[] = [];
  for (let p = 0; p < PROGRAMMES; p++) {
    const x = new Float64Array(LOOP);
    const digits = '123A456B789C*0#D'.repeat(2).slice(p % 16, (p % 16) + 10);
    const dtmf = dtmfGenerate(digits);
    const voice = speech[p % speech.length] ?? new Int16Array(0);
    const kind = p % 4;
    for (let i = 0; i < LOOP; i++) {
      if (kind === 0 || kind === 3) x[i] = (x[i] ?? 0) + (dtmf[i] ?? 0);
      if (kind === 2 || kind === 3) x[i] = (x[i] ?? 0) + (voice[i] ?? 0);
    }
    if (kind === 1) x.set(whiteNoise(LOOP, -65, p + 1));
    out.push(toPcm16(x));
  }
  return out;
}

function kernelRate(variant: DspVariant, progs: Int16Array[], quick: boolean): number {
  const dsp = Dsp.load({ variant });
  const frames: Frame[][] = progs.map((x) =>
    Array.from({ length: LOOP_FRAMES }, (_, k) => {
      const f = dsp.frames.alloc();
      f.pcm.set(x.subarray(k * FRAME, (k + 1) * FRAME));
      return f;
    }),
  );
  const slots = Array.from({ length: CHANNELS }, () => dsp.dtmfRx.open());
  const rx = dsp.dtmfRx;
  let t = 0;
  const tick = (): void => {
    for (let ch = 0; ch < CHANNELS; ch++) {
      rx.queue(slots[ch]!, frames[ch % PROGRAMMES]![(t + ch * 7) % LOOP_FRAMES]!.ptr);
    }
    t++;
    rx.run();
    dsp.events.drain(() => {});
  };
  return channelsPerCore(hz(tick, { quick, name: `dtmf ${variant}` }), CHANNELS * FRAME);
}

function referenceRate(progs: Int16Array[], quick: boolean): number {
  const rx = Array.from({ length: TS_CHANNELS }, () => new DtmfDetectorRef());
  let t = 0;
  const tick = (): void => {
    for (let ch = 0; ch < TS_CHANNELS; ch++) {
      const k = (t + ch * 7) % LOOP_FRAMES;
      rx[ch]!.process(progs[ch % PROGRAMMES]!.subarray(k * FRAME, (k + 1) * FRAME));
    }
    t++;
  };
  return channelsPerCore(hz(tick, { quick, name: 'dtmf ts' }), TS_CHANNELS * FRAME);
}

export default async function dtmfBench(ctx: BenchContext): Promise<void> {
  const progs = programmes();
  const simd = kernelRate('simd', progs, ctx.quick);
  const scalar = kernelRate('scalar', progs, ctx.quick);
  const ts = referenceRate(progs, ctx.quick);
  ctx.report('dtmf.channelsPerCore', simd, 'channels');
  ctx.report('dtmf.channelsPerCoreScalar', scalar, 'channels');
  ctx.report('dtmf.ratioVsTs', simd / ts, 'x');
  const bin = buildHarness('dtmf');
  if (bin === null) {
    ctx.note('spandsp not available: dtmf.ratioVsSpandsp not measured');
    return;
  }
  const dir = fileURLToPath(new URL('../../build/bench/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}dtmf-workload.raw`;
  const all = new Int16Array(PROGRAMMES * LOOP);
  progs.forEach((x, p) => all.set(x, p * LOOP));
  writeFileSync(file, new Uint8Array(all.buffer));
  const args = [file, String(PROGRAMMES), String(LOOP_FRAMES), String(CHANNELS), ctx.quick ? '25' : '200'];
  const spandsp = runHarness(bin, args);
  if (spandsp !== null) {
    ctx.note(`spandsp ${Math.round(spandsp)} channels per core`);
    ctx.report('dtmf.ratioVsSpandsp', simd / spandsp, 'x');
  }
}
