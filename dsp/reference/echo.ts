// Reference line echo canceller: plain time-domain NLMS, one channel.
//
// What it does: the textbook canceller the WASM kernel (wasm/kernels/echo.ts)
// is measured against (`ec128.ratioVsTs`) and a sanity oracle in the tests:
// an FIR estimate of the echo path of tailMs * 8 taps, adapted sample by
// sample with normalised LMS,
//   e(n) = sin(n) - w' x(n),  w += mu e(n) x(n) / (x' x + delta),
// frozen while the Geigel detector (|sin| above half the |rin| peak of the
// tail, G.168's 6 dB ERL assumption) sees double talk, with a 30 ms
// hangover. No NLP, no comfort noise, no tone disabler: the linear part only.
//
// How: the far-end history is a circular buffer stored twice in a row, so
// the dot product and the update run over one contiguous window; x' x is
// kept as a running sum.
//
// Limits: O(taps) per sample for both filtering and update, which is why the
// kernel uses a frequency-domain block filter instead.

/** Options of EchoReference, the same as EchoBank.open's linear part. */
export interface EchoReferenceOptions {
  tailMs?: 32 | 64 | 128;
  /** NLMS step, 0..2; default 0.5. */
  mu?: number;
}

const GEIGEL_RATIO = 0.5;
const DT_HANG_SAMPLES = 240;
const DELTA = 1e5;

/** One channel of time-domain NLMS echo cancellation. */
export class EchoReference {
  readonly taps: number;
  private readonly w: Float64Array;
  private readonly x: Float64Array;
  private readonly mu: number;
  private at = 0;
  private energy = 0;
  private dtHang = 0;

  constructor(options: EchoReferenceOptions = {}) {
    this.taps = (options.tailMs ?? 128) * 8;
    this.mu = options.mu ?? 0.5;
    this.w = new Float64Array(this.taps);
    this.x = new Float64Array(this.taps * 2);
  }

  /** Cancels one frame: sout = sin - echo estimate (all three the same length). */
  process(rin: Int16Array, sin: Int16Array, sout: Int16Array): void {
    const L = this.taps;
    const w = this.w;
    const x = this.x;
    for (let n = 0; n < rin.length; n++) {
      const v = rin[n] ?? 0;
      this.at = this.at === 0 ? L - 1 : this.at - 1;
      const old = x[this.at] ?? 0;
      this.energy += v * v - old * old;
      x[this.at] = v;
      x[this.at + L] = v;
      let y = 0;
      let peak = 0;
      for (let j = 0; j < L; j++) {
        const xv = x[this.at + j] ?? 0;
        y += (w[j] ?? 0) * xv;
        const a = xv < 0 ? -xv : xv;
        if (a > peak) peak = a;
      }
      const s = sin[n] ?? 0;
      const e = s - y;
      if (Math.abs(s) > GEIGEL_RATIO * peak) this.dtHang = DT_HANG_SAMPLES;
      else if (this.dtHang > 0) this.dtHang--;
      if (this.dtHang === 0 && this.energy > 0) {
        const g = (this.mu * e) / (this.energy + DELTA);
        for (let j = 0; j < L; j++) w[j] = (w[j] ?? 0) + g * (x[this.at + j] ?? 0);
      }
      sout[n] = Math.max(-32768, Math.min(32767, Math.round(e)));
    }
  }
}
