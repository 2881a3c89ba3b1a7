// Synthetic echo paths and G.168-style test signals for the echo canceller.
//
// What it builds:
// - Hybrid-like echo paths in the manner of G.168 Annex D (a short
//   dispersive response after a bulk delay), our own four shapes: a damped
//   band-pass ring, a peak with a negative undershoot, an exponentially
//   decaying random response (4 ms), and a slow two-resonance response.
//   Each is scaled so that a speech-like probe signal (speechLike below)
//   sees the requested ERL, then delayed by 0..100 ms; the total stays
//   within 1024 taps (128 ms).
// - A speech-like far-end or near-end signal in the spirit of the G.168
//   composite source signal (CSS): voiced segments (a pulse train with
//   drifting pitch plus a little breath noise, through three formant
//   resonators, formants changing per segment), noise bursts through the
//   same resonators (the CSS's shaped pseudo-noise part), and pauses, at a
//   chosen active level in dBm0. Deterministic from its seed.
// - `runEcho` drives EchoBank exactly as the engine does: 160-sample
//   frames, several slots per tick, one run() per tick.
//
// Limits: linear time-invariant paths (a path change is a switch between
// two of them); the levels are those of 16-bit linear (0 dBm0 sine peak
// 22 825, test/support/signals.ts).

import { prng, DBM0_PEAK } from './signals.ts';
import type { Dsp } from '../../dsp/index.ts';

/** Echo path shapes. */
export type PathShape = 'ring' | 'undershoot' | 'decay' | 'slow';

/** An echo path: impulse response taps (index = delay in samples). */
export interface EchoPathOptions {
  shape: PathShape;
  erlDb: number;
  delayMs: number;
  seed?: number;
}

/** Impulse response of a hybrid-like echo path. */
export function echoPath(o: EchoPathOptions): Float64Array {
  const shape = new Float64Array(200);
  const rnd = prng(o.seed ?? 7);
  for (let n = 0; n < shape.length; n++) {
    switch (o.shape) {
      case 'ring':
        shape[n] = Math.exp(-n / 10) * Math.sin((2 * Math.PI * 600 * n) / 8000 + 0.3);
        break;
      case 'undershoot':
        shape[n] = Math.exp(-((n - 4) ** 2) / 4) - 0.45 * Math.exp(-((n - 14) ** 2) / 40);
        break;
      case 'decay':
        shape[n] = (rnd() * 2 - 1) * Math.exp(-n / 32);
        break;
      case 'slow':
        shape[n] =
          Math.exp(-n / 40) * (Math.sin((2 * Math.PI * 350 * n) / 8000) + 0.6 * Math.sin((2 * Math.PI * 1900 * n) / 8000 + 1));
        break;
    }
  }
  // ERL as G.168 measures it, with a speech-like signal rather than white
  // noise (hybrids differ mostly in how much of their gain sits in the
  // speech band).
  const probe = speechLike(8000, { seed: 1234, levelDbm0: -15, pauseShare: 0 });
  const probeEcho = convolve(probe, Float64Array.from(shape));
  const gain = Math.pow(10, -o.erlDb / 20) / Math.pow(10, ratioDb(probeEcho, probe) / 20);
  const delay = Math.round(o.delayMs * 8);
  const h = new Float64Array(Math.min(1024, delay + shape.length));
  for (let n = 0; n < shape.length && delay + n < h.length; n++) h[delay + n] = (shape[n] ?? 0) * gain;
  return h;
}

/** Causal convolution of x with h, same length as x. */
export function convolve(x: ArrayLike<number>, h: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  const taps: number[] = [];
  for (let j = 0; j < h.length; j++) if ((h[j] ?? 0) !== 0) taps.push(j);
  for (let n = 0; n < x.length; n++) {
    let acc = 0;
    for (const j of taps) if (j <= n) acc += (h[j] ?? 0) * (x[n - j] ?? 0);
    out[n] = acc;
  }
  return out;
}

/** Options of speechLike. */
export interface SpeechOptions {
  seed: number;
  /** RMS level over the active (non-pause) parts, dBm0. */
  levelDbm0: number;
  /** Mean pitch; default 120 Hz. */
  pitchHz?: number;
  /** Share of time in pauses, 0..1; default 0.2. */
  pauseShare?: number;
}

const FORMANTS: readonly (readonly [number, number, number])[] = [
  [700, 1220, 2600],
  [300, 2300, 3000],
  [500, 900, 2400],
  [400, 1900, 2550],
  [650, 1700, 2450],
];

/** Speech-like signal: voiced, unvoiced and pause segments (see the header). */
export function speechLike(samples: number, o: SpeechOptions): Float64Array {
  const rnd = prng(o.seed);
  const out = new Float64Array(samples);
  const active = new Uint8Array(samples);
  const pauseShare = o.pauseShare ?? 0.2;
  let n = 0;
  let phase = 0;
  while (n < samples) {
    // The signal starts with speech, not a pause: G.168 times convergence
    // from the start of the Rin signal.
    const r = n === 0 ? pauseShare + rnd() * (1 - pauseShare) : rnd();
    const kind = r < pauseShare ? 'pause' : r < pauseShare + (1 - pauseShare) * 0.4 ? 'noise' : 'voiced';
    const len = Math.round(8 * (kind === 'pause' ? 60 + 200 * rnd() : kind === 'noise' ? 100 + 150 * rnd() : 60 + 150 * rnd()));
    const end = Math.min(samples, n + len);
    if (kind === 'pause') {
      n = end;
      continue;
    }
    const f = FORMANTS[Math.floor(rnd() * FORMANTS.length)] ?? FORMANTS[0]!;
    const res = f.map((fc, i) => resonator(fc, 60 + 40 * i));
    const pitch = (o.pitchHz ?? 120) * (0.85 + 0.3 * rnd());
    for (let i = n; i < end; i++) {
      const breath = (rnd() * 2 - 1) * (kind === 'voiced' ? 0.1 : 0.5);
      let src = breath;
      if (kind === 'voiced') {
        phase += (pitch * (1 + 0.02 * Math.sin(i / 300))) / 8000;
        if (phase >= 1) {
          src += 1;
          phase -= 1;
        }
      }
      let y = 0;
      for (const rz of res) y += rz(src);
      const edge = Math.min(1, (i - n) / 80, (end - 1 - i) / 80);
      out[i] = y * edge;
      active[i] = 1;
    }
    n = end;
  }
  let e = 0;
  let count = 0;
  for (let i = 0; i < samples; i++) {
    if (active[i]) {
      e += (out[i] ?? 0) ** 2;
      count++;
    }
  }
  const target = (DBM0_PEAK / Math.SQRT2) * Math.pow(10, o.levelDbm0 / 20);
  const g = count > 0 && e > 0 ? target / Math.sqrt(e / count) : 0;
  for (let i = 0; i < samples; i++) out[i] = (out[i] ?? 0) * g;
  return out;
}

function resonator(freqHz: number, bandwidthHz: number): (x: number) => number {
  const r = Math.exp((-Math.PI * bandwidthHz) / 8000);
  const a1 = 2 * r * Math.cos((2 * Math.PI * freqHz) / 8000);
  const a2 = -r * r;
  let y1 = 0;
  let y2 = 0;
  return (x) => {
    const y = x * (1 - r) + a1 * y1 + a2 * y2;
    y2 = y1;
    y1 = y;
    return y;
  };
}

/** Energy ratio in dB of a over b on [from, to) (for ERLE: echo over residual). */
export function ratioDb(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length): number {
  let ea = 0;
  let eb = 0;
  for (let i = from; i < to; i++) {
    ea += (a[i] ?? 0) ** 2;
    eb += (b[i] ?? 0) ** 2;
  }
  return 10 * Math.log10((ea + 1e-9) / (eb + 1e-9));
}

/** Difference a - b sample by sample. */
export function minus(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) - (b[i] ?? 0);
  return out;
}

/** One leg for runEcho: the signals of a slot for the whole run. */
export interface EchoLeg {
  slot: number;
  rin: Int16Array;
  sin: Int16Array;
}

/** A per-tick hook: called after each run() with the frame index (stats, events, path switches). */
export type TickHook = (frameIndex: number) => void;

/**
 * Runs every leg through the canceller, 160 samples per tick, all legs in
 * one run() per tick; returns Sout per leg.
 */
export function runEcho(dsp: Dsp, legs: EchoLeg[], onTick?: TickHook): Int16Array[] {
  const io = legs.map(() => ({ rin: dsp.frames.alloc(), sin: dsp.frames.alloc(), sout: dsp.frames.alloc() }));
  const outs = legs.map((l) => new Int16Array(l.rin.length));
  const frames = Math.floor(Math.min(...legs.map((l) => l.rin.length)) / 160);
  for (let f = 0; f < frames; f++) {
    legs.forEach((l, i) => {
      const b = io[i]!;
      b.rin.pcm.set(l.rin.subarray(f * 160, f * 160 + 160));
      b.sin.pcm.set(l.sin.subarray(f * 160, f * 160 + 160));
      dsp.echo.queue(l.slot, b.rin.ptr, b.sin.ptr, b.sout.ptr);
    });
    dsp.echo.run();
    legs.forEach((_, i) => outs[i]!.set(io[i]!.sout.pcm, f * 160));
    onTick?.(f);
  }
  for (const b of io) {
    dsp.frames.release(b.rin);
    dsp.frames.release(b.sin);
    dsp.frames.release(b.sout);
  }
  return outs;
}
