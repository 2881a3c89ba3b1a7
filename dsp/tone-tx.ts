// ToneTxBank: typed API of the toneTx kernel (wasm/kernels/tone-tx.ts).
//
// What it does: opens generator slots, compiles a ToneDef (dsp/tone-plans.ts)
// into the kernel's segment records (durations in samples, phase increments,
// linear amplitudes), starts and stops playback, and queues one frame of
// output per slot per tick, overwriting a frame or adding to it.
//
// How: `play` writes the slot's PARAM block and calls toneTxConfigure (a
// control-plane call, once per tone, not per tick); `queue` appends a work
// record [slot, outPtr, mode, 0]; `run()` (from KernelBank) renders every
// queued frame in one call. `playing` reads the RESULT block the kernel
// updates each tick. EV_TONE_TX_DONE events (value 0, offsetSamples where
// the tone ended) come through the event ring.
//
// Levels: levelDbm0 is per frequency; 0 dBm0 is a sine of peak 22 825 on
// 16-bit linear (G.711's 3.14 dB below full scale, tones-and-dsp.md §3.5).
// Durations are rounded to whole samples (8 per ms).
//
// Limits: 4 frequencies per segment, TONE_TX_MAX_SEGMENTS (31) segments,
// frequencies in (0, 4000) Hz; violations are API misuse and throw.

import { HotlineError } from '../engine/core/contracts/index.ts';
import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';
import type { ToneDef } from './tone-plans.ts';

/** Peak of a 0 dBm0 sine on 16-bit linear. */
export const DBM0_SINE_PEAK = 22825;
/** Sample rate of every DSP kernel. */
export const SAMPLE_RATE_HZ = 8000;
/** Default fade in/out of each sounding segment and of stop(). */
export const TONE_TX_DEFAULT_RAMP_MS = 2;

/** How a generator writes into its frame. */
export type ToneTxMode = 'overwrite' | 'add';

/** Options of ToneTxBank.play. */
export interface TonePlayOptions {
  /** Overrides the level (per frequency) of every sounding segment. */
  levelDbm0?: number;
  /** Fade length; default TONE_TX_DEFAULT_RAMP_MS. */
  rampMs?: number;
}

/** A segment in the kernel's terms. */
export interface CompiledSegment {
  durationSamples: number;
  /** Phase increments, one turn = 2^32. */
  increments: number[];
  /** Peak amplitude of each frequency, linear. */
  amplitude: number;
}

/** A tone in the kernel's terms. */
export interface CompiledTone {
  segments: CompiledSegment[];
  repeat: boolean;
  rampSamples: number;
}

/** Peak amplitude on 16-bit linear of a sine at levelDbm0. */
export function dbm0ToPeak(levelDbm0: number): number {
  return DBM0_SINE_PEAK * Math.pow(10, levelDbm0 / 20);
}

/** Converts a tone definition to samples, increments and amplitudes; throws on misuse. */
export function compileTone(def: ToneDef, options: TonePlayOptions = {}, maxSegments = 31): CompiledTone {
  if (def.segments.length === 0 || def.segments.length > maxSegments) {
    throw new HotlineError('ERR_INVALID_ARG', `tone ${def.name}: expected 1..${maxSegments} segments, got ${def.segments.length}`);
  }
  const rampMs = options.rampMs ?? TONE_TX_DEFAULT_RAMP_MS;
  const segments = def.segments.map((s, k): CompiledSegment => {
    if (s.freqsHz.length > 4) {
      throw new HotlineError('ERR_INVALID_ARG', `tone ${def.name}: segment ${k}: expected at most 4 frequencies, got ${s.freqsHz.length}`);
    }
    for (const f of s.freqsHz) {
      if (!(f > 0 && f < SAMPLE_RATE_HZ / 2)) {
        throw new HotlineError('ERR_INVALID_ARG', `tone ${def.name}: segment ${k}: frequency ${f} Hz outside (0, 4000)`);
      }
    }
    if (!(s.durationMs >= 0)) throw new HotlineError('ERR_INVALID_ARG', `tone ${def.name}: segment ${k}: negative duration`);
    return {
      durationSamples: Math.round((s.durationMs * SAMPLE_RATE_HZ) / 1000),
      increments: s.freqsHz.map((f) => Math.round((f / SAMPLE_RATE_HZ) * 2 ** 32) >>> 0),
      amplitude: dbm0ToPeak(options.levelDbm0 ?? s.levelDbm0),
    };
  });
  return { segments, repeat: def.repeat, rampSamples: Math.max(0, Math.round((rampMs * SAMPLE_RATE_HZ) / 1000)) };
}

/** Tone generators, one per slot. */
export class ToneTxBank extends KernelBank {
  private readonly stopFn: (slot: number) => number;
  private readonly maxSegments: number;
  private readonly segmentWords: number;
  private readonly modeOverwrite: number;
  private readonly modeAdd: number;

  constructor(core: DspCore) {
    super(core, regionsOf(core, 'toneTx', 'TONE_TX'));
    this.stopFn = core.fn('toneTxStop');
    this.maxSegments = core.layout.TONE_TX_MAX_SEGMENTS;
    this.segmentWords = core.layout.TONE_TX_SEGMENT_BYTES >> 2;
    this.modeOverwrite = core.layout.TONE_TX_MODE_OVERWRITE;
    this.modeAdd = core.layout.TONE_TX_MODE_ADD;
  }

  /** Opens an idle generator. */
  open(): number {
    return this.allocSlot();
  }

  /** Starts def from its first segment (replacing whatever the slot played). */
  play(slot: number, def: ToneDef, options: TonePlayOptions = {}): void {
    this.checkSlot(slot);
    const tone = compileTone(def, options, this.maxSegments);
    const i32 = this.paramsI32(slot);
    const f32 = this.paramsF32(slot);
    const u32 = new Uint32Array(i32.buffer, i32.byteOffset, i32.length);
    i32.fill(0);
    i32[0] = tone.segments.length;
    i32[1] = tone.repeat ? 1 : 0;
    i32[2] = tone.rampSamples;
    tone.segments.forEach((s, k) => {
      const at = 4 + k * this.segmentWords;
      i32[at] = s.durationSamples;
      i32[at + 1] = s.increments.length;
      f32[at + 2] = s.amplitude;
      s.increments.forEach((inc, j) => {
        // The SIMD build rotates 8 samples at a time by 8ω, from the increment as rounded.
        const w8 = (2 * Math.PI * 8 * inc) / 2 ** 32;
        u32[at + 4 + j] = inc;
        f32[at + 8 + j] = Math.cos(w8);
        f32[at + 12 + j] = Math.sin(w8);
      });
    });
    this.applyParams(slot);
  }

  /** Fades out (over the ramp) from the next frame and goes idle; no DONE event. */
  stop(slot: number): void {
    this.checkSlot(slot);
    this.stopFn(slot);
  }

  /** True while a tone plays (or fades out after stop). */
  playing(slot: number): boolean {
    this.checkSlot(slot);
    return (this.core.i32[this.resultIndex(slot)] ?? 0) !== 0;
  }

  /** Queues one frame of output into outPtr for the next run(). */
  queue(slot: number, outPtr: number, mode: ToneTxMode = 'overwrite'): void {
    this.push(slot, outPtr, mode === 'add' ? this.modeAdd : this.modeOverwrite, 0);
  }
}
