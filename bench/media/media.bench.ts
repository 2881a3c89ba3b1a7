// Media tick cost per channel: G.711 decode, echo cancellation (128 ms
// tail), DTMF detection, two-party bridge copy, G.711 encode, for 60, 240
// and 480 channels, through the engine's own MediaTick on the real DSP banks.
//
// How: N synthetic A-law legs (a minimal Channel on ChannelBase) bridged in
// pairs; a synthetic driver copies one pre-encoded noise frame (-20 dBm0,
// speech-like level, different per leg) into every leg's rx frame per tick
// (one bulk copy per channel, as a TDM driver would), so each canceller sees
// far-end activity on Rin (its peer's audio) and adapts every block. Each
// measured call is one whole tick; its cost is the median process CPU time
// per tick (`tick<N>WallUs` adds the wall-clock median for comparison, which
// on a loaded machine includes other processes' time). Figures: `media.costPerChannelUs` (per
// 20 ms tick, at 480), `media.channelsPerCore` (real time, from the 480
// run), `media.tick480LoadPct` (share of one core for 480 channels), and
// per size `media.tick<N>Us`.
//
// Limits: the drivers' own cost (DAHDI reads, RTP) is not included.

import { Dsp } from '../../dsp/index.ts';
import {
  ChannelBase,
  TypedEmitter,
  silentLog,
  type ChannelDriver,
  type DriverEvents,
  type MediaBinding,
} from '../../engine/core/contracts/index.ts';
import { bindMediaDsp, MediaTick, type LegMedia, type LegMediaOwner } from '../../engine/core/media/index.ts';
import type { BenchContext } from '../support/context.ts';
import { hz } from '../support/measure.ts';

class BenchChannel extends ChannelBase {
  constructor(id: string) {
    super({ id, technology: 'china1', address: { kind: 'tdm', board: 'bench', span: 0, timeslot: 1 }, driver: 'bench', direction: 'incoming', codec: 'alaw', echoCancel: true, log: silentLog });
  }
  protected lineDial(): void {}
  protected lineProgress(): void {}
  protected lineAnswer(): void {}
  protected lineSendDigits(): boolean {
    return false;
  }
  protected lineFlash(): boolean {
    return false;
  }
  protected lineHangup(): void {}
}

class BenchDriver implements ChannelDriver {
  readonly name = 'bench';
  readonly technology = 'china1' as const;
  readonly capabilities = { originate: false, earlyMedia: false, flash: false, codecs: ['alaw' as const] };
  readonly events = new TypedEmitter<DriverEvents>();
  readonly bindings: { binding: MediaBinding; frame: Uint8Array }[] = [];
  start(): void {}
  stop(): void {}
  spans() {
    return [];
  }
  circuits() {
    return [];
  }
  originate() {
    return { ok: false as const, cause: 63, reason: 'bench' };
  }
  mediaIn(): void {
    for (const b of this.bindings) b.binding.rx.octets.set(b.frame);
  }
  mediaOut(): void {}
}

const OWNER: LegMediaOwner = { digit() {}, digitStart() {}, playbackDone() {}, voice() {}, echoDisabler() {}, fault() {} };

function noiseFrames(dsp: Dsp, n: number, seed: number): Uint8Array[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out: Uint8Array[] = [];
  const rms = 16140 * Math.pow(10, -20 / 20);
  for (let f = 0; f < n; f++) {
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++) pcm[i] = Math.round((rnd() + rnd() + rnd() - 1.5) * 2 * rms);
    const oct = new Uint8Array(160);
    dsp.g711.encode('alaw', pcm, oct);
    out.push(oct);
  }
  return out;
}

function setup(dsp: Dsp, channels: number): { tick: () => void; close: () => void; missing: readonly string[] } {
  const driver = new BenchDriver();
  const mdsp = bindMediaDsp(dsp);
  const media = new MediaTick({ dsp: mdsp, drivers: () => [driver], log: silentLog });
  const frames = noiseFrames(dsp, 64, 7);
  const legs: LegMedia[] = [];
  for (let i = 0; i < channels; i++) {
    const ch = new BenchChannel(`bench/${i}`);
    const leg = media.open(`leg${i}`, ch, OWNER);
    legs.push(leg);
    const binding = ch.mediaBinding;
    if (!binding) throw new Error('no binding');
    driver.bindings.push({ binding, frame: frames[i % frames.length]! });
  }
  for (let i = 0; i + 1 < channels; i += 2) {
    media.setSource(legs[i]!, { kind: 'leg', from: legs[i + 1]! });
    media.setSource(legs[i + 1]!, { kind: 'leg', from: legs[i]! });
  }
  let now = 0;
  const tick = () => media.tick((now += 20));
  for (let i = 0; i < 100; i++) tick();
  return { tick, close: () => legs.forEach((l) => media.close(l)), missing: mdsp.missing };
}

/**
 * Median CPU time of one call of fn (process user + system time over
 * batches of 10 calls). CPU time rather than wall time: on a shared machine
 * the wall time of a tick includes the time other processes held the core,
 * which is not the tick's cost.
 */
function cpuMedianUs(fn: () => void, quick: boolean): number {
  const batches: number[] = [];
  const until = performance.now() + (quick ? 1500 : 8000);
  while (performance.now() < until || batches.length < 9) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < 10; i++) fn();
    const d = process.cpuUsage(t0);
    batches.push((d.user + d.system) / 10);
  }
  batches.sort((a, b) => a - b);
  return batches[batches.length >> 1] ?? 0;
}

export default async function (ctx: BenchContext): Promise<void> {
  const sizes = [60, 240, 480];
  let cost480Us = 0;
  const dsp = Dsp.load();
  ctx.note(`dsp variant ${dsp.variant}`);
  for (const n of sizes) {
    const s = setup(dsp, n);
    if (s.missing.length > 0) ctx.note(`dsp stages missing in this build (figures not meaningful): ${s.missing.join(', ')}`);
    const tickUs = cpuMedianUs(s.tick, ctx.quick);
    const wallUs = 1e6 / hz(s.tick, { quick: true, name: `tick${n}` });
    ctx.report(`media.tick${n}WallUs`, wallUs, 'us');
    ctx.report(`media.tick${n}Us`, tickUs, 'us');
    ctx.report(`media.costPerChannel${n}Us`, tickUs / n, 'us');
    ctx.note(`${n} channels: ${tickUs.toFixed(0)} us per tick, ${(tickUs / n).toFixed(2)} us per channel`);
    if (n === 480) cost480Us = tickUs;
    s.close();
  }
  ctx.report('media.costPerChannelUs', cost480Us / 480, 'us');
  ctx.report('media.channelsPerCore', (480 * 20_000) / cost480Us, 'channels');
  ctx.report('media.tick480LoadPct', (cost480Us / 20_000) * 100, '%');
}
