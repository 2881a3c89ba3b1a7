// Reference MFC/R2 receiver: the algorithm of wasm/kernels/mf-rx.ts written
// plainly for one channel, as the test oracle and the ratioVsTs baseline.
//
// What it does: takes 160-sample frames and returns the start and end of
// R2 signals 1..15 of one group, with the same thresholds as the kernel
// (dsp/mf-rx.ts mfRxThresholds).
//
// How (same steps as the kernel, in float64):
//   1. Every 80 samples (10 ms) a Goertzel filter per frequency of the group
//      gives the complex value y of that half-block, and Σx² is summed.
//   2. Each step judges the window made of the previous and the current
//      half (20 ms): W_k = |y_prev + R_k y_cur|² (R_k = e^{-jω_k 80}) is the
//      coherent 160-sample DFT power at f_k; the two strongest frequencies
//      must pass the level, twist, other-frequency and tone-share tests;
//      each tone's power must be steady across the halves (bursts and edges
//      fail) and its phase must advance by ω_k·80 within the drift limit
//      (the frequency error test, Q.455 ± 10 Hz).
//   3. onSteps consecutive positive steps report a start, offSteps
//      consecutive negative steps an end.
// Spec: shared/reference/china-no1.md §2.2.
// Limits: one channel per instance; no SIMD, no batching.

import { mfFrequencies, mfSignalOf, MF_HALF_SAMPLES, type MfRxThresholds } from '../mf-rx.ts';

/** One reported change. */
export interface MfRxReferenceEvent {
  kind: 'start' | 'end';
  signal: number;
  /** Where the change happened, from the first sample of the frame (may be negative), as the kernel dates it. */
  offsetSamples: number;
}

/** Plain one-channel R2 receiver. */
export class MfRxReference {
  private readonly t: MfRxThresholds;
  private readonly coef: number[];
  private readonly cosw: number[];
  private readonly sinw: number[];
  private readonly rotRe: number[];
  private readonly rotIm: number[];
  private prevRe = [0, 0, 0, 0, 0, 0];
  private prevIm = [0, 0, 0, 0, 0, 0];
  private prevEnergy = 0;
  private current = 0;
  private candidate = 0;
  private candidateSteps = 0;
  private missSteps = 0;

  constructor(thresholds: MfRxThresholds) {
    this.t = thresholds;
    const hz = mfFrequencies(thresholds.group === 0 ? 'forward' : 'backward');
    const w = hz.map((f) => (2 * Math.PI * f) / 8000);
    this.coef = w.map((x) => 2 * Math.cos(x));
    this.cosw = w.map((x) => Math.cos(x));
    this.sinw = w.map((x) => Math.sin(x));
    this.rotRe = w.map((x) => Math.cos(x * MF_HALF_SAMPLES));
    this.rotIm = w.map((x) => -Math.sin(x * MF_HALF_SAMPLES));
  }

  /** Signal currently recognised, or 0. */
  get signal(): number {
    return this.current;
  }

  /** Processes one frame (any multiple of 80 samples) and returns its events. */
  process(frame: ArrayLike<number>): MfRxReferenceEvent[] {
    const events: MfRxReferenceEvent[] = [];
    for (let h = 0; h + MF_HALF_SAMPLES <= frame.length; h += MF_HALF_SAMPLES) {
      const re: number[] = [];
      const im: number[] = [];
      let energy = 0;
      for (let k = 0; k < 6; k++) {
        let s1 = 0;
        let s2 = 0;
        const c = this.coef[k] ?? 0;
        for (let i = 0; i < MF_HALF_SAMPLES; i++) {
          const s0 = (frame[h + i] ?? 0) + c * s1 - s2;
          s2 = s1;
          s1 = s0;
        }
        re.push(s1 - (this.cosw[k] ?? 0) * s2);
        im.push((this.sinw[k] ?? 0) * s2);
      }
      for (let i = 0; i < MF_HALF_SAMPLES; i++) energy += (frame[h + i] ?? 0) ** 2;
      const raw = this.judge(re, im, energy);
      this.prevRe = re;
      this.prevIm = im;
      this.prevEnergy = energy;
      this.debounce(raw, h + MF_HALF_SAMPLES - 1, events);
    }
    return events;
  }

  private judge(re: number[], im: number[], energy: number): number {
    const t = this.t;
    const w: number[] = [];
    for (let k = 0; k < 6; k++) {
      const rr = this.rotRe[k] ?? 0;
      const ri = this.rotIm[k] ?? 0;
      const a = (this.prevRe[k] ?? 0) + rr * (re[k] ?? 0) - ri * (im[k] ?? 0);
      const b = (this.prevIm[k] ?? 0) + rr * (im[k] ?? 0) + ri * (re[k] ?? 0);
      w.push(a * a + b * b);
    }
    let k1 = 0;
    for (let k = 1; k < 6; k++) if ((w[k] ?? 0) > (w[k1] ?? 0)) k1 = k;
    let k2 = k1 === 0 ? 1 : 0;
    for (let k = 0; k < 6; k++) if (k !== k1 && (w[k] ?? 0) > (w[k2] ?? 0)) k2 = k;
    const w1 = w[k1] ?? 0;
    const w2 = w[k2] ?? 0;
    if (w2 < t.minWindow) return 0;
    if (w1 > w2 * (Math.abs(k1 - k2) === 1 ? t.twistAdjacent : t.twistOther)) return 0;
    for (let k = 0; k < 6; k++) if (k !== k1 && k !== k2 && (w[k] ?? 0) > w2 * t.others) return 0;
    if (w1 + w2 < t.energyFactor * (this.prevEnergy + energy)) return 0;
    for (const k of [k1, k2]) {
      const pr = this.prevRe[k] ?? 0;
      const pi = this.prevIm[k] ?? 0;
      const cr = re[k] ?? 0;
      const ci = im[k] ?? 0;
      const hp = pr * pr + pi * pi;
      const hc = cr * cr + ci * ci;
      if (hp > t.balance * hc || hc > t.balance * hp) return 0;
      // z = y_cur · conj(y_prev) · R: its angle is the drift δ·80 of the tone.
      const ar = cr * pr + ci * pi;
      const ai = ci * pr - cr * pi;
      const zr = ar * (this.rotRe[k] ?? 0) - ai * (this.rotIm[k] ?? 0);
      const zi = ar * (this.rotIm[k] ?? 0) + ai * (this.rotRe[k] ?? 0);
      if (!(zr > 0) || Math.abs(zi) > t.tanDrift * zr) return 0;
    }
    return mfSignalOf(k1, k2);
  }

  private debounce(raw: number, offset: number, events: MfRxReferenceEvent[]): void {
    if (raw !== 0 && raw !== this.current) {
      if (raw === this.candidate) this.candidateSteps++;
      else {
        this.candidate = raw;
        this.candidateSteps = 1;
      }
    } else {
      this.candidate = 0;
      this.candidateSteps = 0;
    }
    if (this.current !== 0) {
      if (raw === this.current) {
        this.missSteps = 0;
        return;
      }
      this.missSteps++;
      if (this.missSteps < this.t.offSteps) return;
      events.push({ kind: 'end', signal: this.current, offsetSamples: offset - (this.missSteps * MF_HALF_SAMPLES - 13) });
      this.current = 0;
      this.missSteps = 0;
    }
    if (this.candidate !== 0 && this.candidateSteps >= this.t.onSteps) {
      events.push({ kind: 'start', signal: this.candidate, offsetSamples: offset - (this.candidateSteps * MF_HALF_SAMPLES + 92) });
      this.current = this.candidate;
      this.candidate = 0;
      this.candidateSteps = 0;
    }
  }
}
