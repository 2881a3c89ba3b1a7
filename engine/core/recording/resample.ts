// Sample-rate conversion by a rational factor with a polyphase FIR.
//
// What it does: converts a whole signal from one rate to another (16 kHz
// prompts to 8 kHz, also 11.025/22.05/44.1/48 kHz and upsampling), with a
// proper anti-aliasing / anti-imaging low-pass.
//
// How: the ratio is reduced to L/M (up by L, down by M). A windowed-sinc
// prototype low-pass is designed at the virtual rate L * fin: cutoff halfway
// between the passband edge (0.85 of the lower Nyquist frequency: 3400 Hz
// when converting to 8 kHz, the top of the telephone band, ITU-T G.712) and
// the lower Nyquist frequency itself, Kaiser window (beta 7.86, about 80 dB
// stopband), length from Kaiser's formula for that transition. Each output
// sample m sits at virtual time m * M; only the taps that land on real input
// samples (one polyphase branch, n ≡ t mod L) are summed, so the zeros of
// the upsampled signal are never multiplied. The filter's delay is
// compensated, so output sample m is aligned with input time m * M / L.
//
// Limits: whole signals only (prompts are decoded once and cached), edges
// are zero-padded; the passband ripple is below 0.1 dB up to the passband
// edge; coefficient count grows with L (44.1 kHz -> 8 kHz is L = 80: about
// 370 taps per output sample).

const STOPBAND_DB = 80;
const KAISER_BETA = 0.1102 * (STOPBAND_DB - 8.7);
const PASSBAND_FRACTION = 0.85;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/** A designed converter from one rate to another. */
export class PolyphaseResampler {
  readonly fromHz: number;
  readonly toHz: number;
  /** Up factor. */
  readonly up: number;
  /** Down factor. */
  readonly down: number;
  /** Prototype filter at the virtual rate up * fromHz (gain up, so the output keeps the input's level). */
  readonly taps: Float64Array;

  constructor(fromHz: number, toHz: number) {
    if (!Number.isInteger(fromHz) || !Number.isInteger(toHz) || fromHz <= 0 || toHz <= 0) {
      throw new RangeError(`resample: rates must be positive integers, got ${fromHz} -> ${toHz}`);
    }
    const g = gcd(fromHz, toHz);
    this.fromHz = fromHz;
    this.toHz = toHz;
    this.up = toHz / g;
    this.down = fromHz / g;
    const virtualHz = this.up * fromHz;
    const nyquist = Math.min(fromHz, toHz) / 2;
    const passHz = PASSBAND_FRACTION * nyquist;
    const cutoff = (passHz + nyquist) / 2 / virtualHz;
    const transition = (2 * Math.PI * (nyquist - passHz)) / virtualHz;
    let n = Math.ceil((STOPBAND_DB - 8) / (2.285 * transition)) + 1;
    if (n % 2 === 0) n++;
    const taps = new Float64Array(n);
    const mid = (n - 1) / 2;
    const i0Beta = besselI0(KAISER_BETA);
    for (let i = 0; i < n; i++) {
      const x = i - mid;
      const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
      const r = x / mid;
      taps[i] = this.up * sinc * (besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta);
    }
    this.taps = taps;
  }

  /** Output length for an input of `samples`. */
  outputLength(samples: number): number {
    return Math.floor((samples * this.up) / this.down);
  }

  /** Converts a whole signal; the result is rounded and clipped to 16 bits. */
  process(input: ArrayLike<number>): Int16Array {
    const { up, down, taps } = this;
    const out = new Int16Array(this.outputLength(input.length));
    if (up === 1 && down === 1) {
      for (let i = 0; i < out.length; i++) out[i] = clip(input[i] ?? 0);
      return out;
    }
    const delay = (taps.length - 1) / 2;
    const n = taps.length;
    const len = input.length;
    for (let m = 0; m < out.length; m++) {
      const t = m * down + delay;
      const phase = t % up;
      let xi = (t - phase) / up;
      let acc = 0;
      for (let k = phase; k < n; k += up, xi--) {
        if (xi >= 0 && xi < len) acc += (taps[k] ?? 0) * (input[xi] ?? 0);
      }
      out[m] = clip(acc);
    }
    return out;
  }
}

function clip(v: number): number {
  const r = Math.round(v);
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}

/** Converts a whole signal from fromHz to toHz (see PolyphaseResampler). */
export function resample(input: ArrayLike<number>, fromHz: number, toHz: number): Int16Array {
  return new PolyphaseResampler(fromHz, toHz).process(input);
}
