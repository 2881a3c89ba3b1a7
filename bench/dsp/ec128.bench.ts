// Line echo canceller throughput at 128 ms of tail: the echo kernel (simd and
// scalar builds), the plain TS time-domain NLMS (dsp/reference/echo.ts) and
// spandsp's echo_can_update, on the same workload.
//
// Workload: a 4 s loop of CSS-like far-end speech (test/support/echo-paths.ts,
// -15 dBm0 active) and its echo through a hybrid path (ERL 10 dB, 20 ms bulk
// delay) plus white noise at -65 dBm0. A batch of CHANNELS cancellers, each
// fed one 160-sample frame per tick, all in one echoTick call, as the
// engine's media tick does; channel ch runs the loop 7 * ch frames ahead, so
// the batch mixes talk and pauses. The cancellers are converged (200 ticks
// = 4 s) before timing, NLP and comfort noise on. The same loop is written to
// build/bench/ec128-workload.raw for the spandsp harness
// (bench/dsp/spandsp/ec128.c). One channel = 8000 samples per second.
//
// Figures: ec128.channelsPerCore, ec128.channelsPerCoreScalar,
// ec128.ratioVsTs, ec128.ratioVsSpandsp (when spandsp is installed); a note
// gives the cost of the first second, while the cancellers converge.

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { BenchContext } from '../support/context.ts';
import { hz, channelsPerCore } from '../support/measure.ts';
import { buildHarness, runHarness } from '../support/spandsp.ts';
import { Dsp, type DspVariant, type Frame } from '../../dsp/index.ts';
import { EchoReference } from '../../dsp/reference/echo.ts';
import { echoPath, convolve, speechLike } from '../../test/support/echo-paths.ts';
import { toPcm16, whiteNoise, mixInto } from '../../test/support/signals.ts';

const CHANNELS = 256;
const TS_CHANNELS = 4;
// spandsp runs about 100 channels per core (its Debian build also prints a
// debug line per sample), so its batch is smaller to keep the run short.
const SPANDSP_CHANNELS = 64;
const FRAME = 160;
const LOOP_FRAMES = 200;
const CONVERGE_TICKS = 200;
// The first second of those: every canceller is in its fast-convergence
// mode (wasm/kernels/echo.ts), which costs more; reported as a note.
const CONVERGING_TICKS = 50;

interface Workload {
  rin: Int16Array;
  sin: Int16Array;
}

function workload(): Workload {
  const n = LOOP_FRAMES * FRAME;
  const far = speechLike(n, { seed: 1, levelDbm0: -15 });
  const echo = convolve(far, echoPath({ shape: 'undershoot', erlDb: 10, delayMs: 20 }));
  return { rin: toPcm16(far), sin: toPcm16(mixInto(echo, whiteNoise(n, -65, 2))) };
}

interface Rate {
  /** Channels per core from the wall-clock median (the published figure). */
  wall: number;
  /** Channels per CPU-second of this process: the same run, insensitive to other load on the machine. */
  cpu: number;
  /** Channels per CPU-second over the first second, while every canceller converges from zero (fast mode). */
  converging: number;
}

function kernelRate(variant: DspVariant, w: Workload, quick: boolean): Rate {
  const dsp = Dsp.load({ variant });
  const rin: Frame[] = [];
  const sin: Frame[] = [];
  for (let k = 0; k < LOOP_FRAMES; k++) {
    const a = dsp.frames.alloc();
    a.pcm.set(w.rin.subarray(k * FRAME, (k + 1) * FRAME));
    rin.push(a);
    const b = dsp.frames.alloc();
    b.pcm.set(w.sin.subarray(k * FRAME, (k + 1) * FRAME));
    sin.push(b);
  }
  const slots: number[] = [];
  const outs: Frame[] = [];
  for (let ch = 0; ch < CHANNELS; ch++) {
    slots.push(dsp.echo.open({ tailMs: 128, nlp: true, comfortNoise: true }));
    outs.push(dsp.frames.alloc());
  }
  const ec = dsp.echo;
  let t = 0;
  const tick = (): void => {
    for (let ch = 0; ch < CHANNELS; ch++) {
      const k = (t + 7 * ch) % LOOP_FRAMES;
      ec.queue(slots[ch]!, rin[k]!.ptr, sin[k]!.ptr, outs[ch]!.ptr);
    }
    ec.run();
    dsp.events.drain(() => {});
    t++;
  };
  const fresh = process.cpuUsage();
  for (let i = 0; i < CONVERGING_TICKS; i++) tick();
  const freshUsed = process.cpuUsage(fresh);
  const converging = channelsPerCore(CONVERGING_TICKS / ((freshUsed.user + freshUsed.system) / 1e6), CHANNELS * FRAME);
  for (let i = CONVERGING_TICKS; i < CONVERGE_TICKS; i++) tick();
  const wall = channelsPerCore(hz(tick, { quick, name: `ec128 ${variant}` }), CHANNELS * FRAME);
  const ticks = quick ? 20 : 100;
  const before = process.cpuUsage();
  for (let i = 0; i < ticks; i++) tick();
  const used = process.cpuUsage(before);
  const cpu = channelsPerCore(ticks / ((used.user + used.system) / 1e6), CHANNELS * FRAME);
  return { wall, cpu, converging };
}

function referenceRate(w: Workload, quick: boolean): number {
  const ecs = Array.from({ length: TS_CHANNELS }, () => new EchoReference({ tailMs: 128 }));
  const out = new Int16Array(FRAME);
  let t = 0;
  const tick = (): void => {
    for (let ch = 0; ch < TS_CHANNELS; ch++) {
      const at = ((t + 7 * ch) % LOOP_FRAMES) * FRAME;
      ecs[ch]!.process(w.rin.subarray(at, at + FRAME), w.sin.subarray(at, at + FRAME), out);
    }
    t++;
  };
  for (let i = 0; i < (quick ? 10 : 50); i++) tick();
  return channelsPerCore(hz(tick, { quick, name: 'ec128 ts' }), TS_CHANNELS * FRAME);
}

function writeWorkload(w: Workload): string {
  const dir = fileURLToPath(new URL('../../build/bench', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ec128-workload.raw');
  const both = new Int16Array(w.rin.length * 2);
  both.set(w.rin);
  both.set(w.sin, w.rin.length);
  writeFileSync(file, new Uint8Array(both.buffer));
  return file;
}

export default async function ec128Bench(ctx: BenchContext): Promise<void> {
  const w = workload();
  const simd = kernelRate('simd', w, ctx.quick);
  const scalar = kernelRate('scalar', w, ctx.quick);
  const ts = referenceRate(w, ctx.quick);
  ctx.note(`cpu-time based: simd ${Math.round(simd.cpu)}, scalar ${Math.round(scalar.cpu)} channels per CPU-second`);
  ctx.note(`converging (first second from zero, cpu-time based): simd ${Math.round(simd.converging)}, scalar ${Math.round(scalar.converging)} channels per CPU-second`);
  ctx.report('ec128.channelsPerCore', simd.wall, 'channels');
  ctx.report('ec128.channelsPerCoreScalar', scalar.wall, 'channels');
  ctx.report('ec128.ratioVsTs', simd.wall / ts, 'x');
  const bin = buildHarness('ec128');
  if (bin === null) {
    ctx.note('spandsp not available: ec128.ratioVsSpandsp not measured');
    return;
  }
  const spandsp = runHarness(bin, [writeWorkload(w), String(SPANDSP_CHANNELS), ctx.quick ? '10' : '50']);
  if (spandsp !== null) {
    ctx.note(`spandsp ${Math.round(spandsp)} channels per core`);
    ctx.report('ec128.ratioVsSpandsp', simd.wall / spandsp, 'x');
  }
}
