// Test signal generators: exact tones, levels, noise and framing, so DSP
// tests build their inputs from parameters rather than from recordings.
//
// Levels: 0 dBm0 is a sine of peak 22 825 (RMS 16 140) on 16-bit linear
// (G.711's 3.14 dB below the largest code; shared/reference/tones-and-dsp.md
// §3.5). All generators are deterministic; noise uses a seeded PRNG.

/** Peak amplitude of a 0 dBm0 sine on 16-bit linear. */
export const DBM0_PEAK = 22825;
export const SAMPLE_RATE = 8000;

/** Peak amplitude of a sine at levelDbm0. */
export function sinePeak(levelDbm0: number): number {
  return DBM0_PEAK * Math.pow(10, levelDbm0 / 20);
}

/** RMS of a signal expressed in dBm0 (a 0 dBm0 sine gives 0). */
export function rmsDbm0(x: ArrayLike<number>, from = 0, to = x.length): number {
  let e = 0;
  for (let i = from; i < to; i++) e += (x[i] ?? 0) * (x[i] ?? 0);
  const rms = Math.sqrt(e / Math.max(1, to - from));
  return 20 * Math.log10(Math.max(rms, 1e-9) / (DBM0_PEAK / Math.SQRT2));
}

/** One tone component. */
export interface Component {
  freqHz: number;
  levelDbm0: number;
  phaseRad?: number;
}

/** Float samples of a sum of sines (not rounded, not clipped). */
export function tone(components: Component[], samples: number, startSample = 0): Float64Array {
  const out = new Float64Array(samples);
  for (const c of components) {
    const a = sinePeak(c.levelDbm0);
    const w = (2 * Math.PI * c.freqHz) / SAMPLE_RATE;
    const p = c.phaseRad ?? 0;
    for (let i = 0; i < samples; i++) out[i] = (out[i] ?? 0) + a * Math.sin(w * (i + startSample) + p);
  }
  return out;
}

/** Samples for ms milliseconds. */
export function ms(milliseconds: number): number {
  return Math.round((milliseconds * SAMPLE_RATE) / 1000);
}

/** Silence of n samples. */
export function silence(samples: number): Float64Array {
  return new Float64Array(samples);
}

/** Concatenates float signals. */
export function concat(...parts: ArrayLike<number>[]): Float64Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Float64Array(n);
  let at = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) out[at + i] = p[i] ?? 0;
    at += p.length;
  }
  return out;
}

/** Deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian white noise of the given RMS level in dBm0. */
export function whiteNoise(samples: number, levelDbm0: number, seed = 1): Float64Array {
  const rnd = prng(seed);
  const sigma = (DBM0_PEAK / Math.SQRT2) * Math.pow(10, levelDbm0 / 20);
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i += 2) {
    const u = Math.max(rnd(), 1e-12);
    const v = rnd();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = sigma * r * Math.cos(2 * Math.PI * v);
    if (i + 1 < samples) out[i + 1] = sigma * r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Adds b into a (same length or shorter) and returns a. */
export function mixInto(a: Float64Array, b: ArrayLike<number>, at = 0): Float64Array {
  for (let i = 0; i < b.length && at + i < a.length; i++) a[at + i] = (a[at + i] ?? 0) + (b[i] ?? 0);
  return a;
}

/** Rounds and saturates to 16-bit linear. */
export function toPcm16(x: ArrayLike<number>): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(x[i] ?? 0)));
  return out;
}

/** Splits a signal into 160-sample frames, zero-padding the last one. */
export function frames(x: Int16Array, frameSamples = 160): Int16Array[] {
  const out: Int16Array[] = [];
  for (let i = 0; i < x.length; i += frameSamples) {
    const f = new Int16Array(frameSamples);
    f.set(x.subarray(i, Math.min(x.length, i + frameSamples)));
    out.push(f);
  }
  return out;
}
