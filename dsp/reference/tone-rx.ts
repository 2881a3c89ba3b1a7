// Reference call-progress detector: the algorithm of wasm/kernels/tone-rx.ts
// (and wasm/lib/cpt-decide.ts) written plainly for one channel, as the test
// oracle and the ratioVsTs baseline.
//
// What it does: takes 160-sample frames and returns the class changes
// (silence 0, tone bin mask, TONE_RX_CLASS_ENERGY) and 180° phase reversals
// of the reversal bin, with the same thresholds as the kernel
// (dsp/tone-rx.ts toneRxThresholds).
//
// How (same steps as the kernel, in float64): every 80 samples a Goertzel
// filter per bin gives the complex value of the half, and Σx² is summed.
// Each step classifies the window ending there: narrow bins use the
// coherent power of the last three halves, wide bins the power of the last
// two; present bins are above the level floor and within `rel` of the
// strongest, minus leakage beside a `dominance`-stronger bin within 100 Hz;
// they must carry `share` of the last 240 samples' power; otherwise the
// energy test against the tracked floor decides between energy and silence.
// A class change is reported after `confirm` steps (`confirmEnergy` for the
// energy class). Spec references: see the kernel.
// Limits: one channel per instance; no SIMD, no batching.

import { TONE_RX_CLASS_ENERGY, type ToneRxThresholds } from '../tone-rx.ts';

/** One reported change. */
export interface ToneRxReferenceEvent {
  kind: 'start' | 'end' | 'reversal';
  /** Class (start, end) or bin (reversal). */
  value: number;
  offsetSamples: number;
}

const HALF = 80;

interface Complex {
  re: number;
  im: number;
}

/** Plain one-channel call-progress detector. */
export class ToneRxReference {
  private readonly t: ToneRxThresholds;
  private readonly w: number[];
  private prev: Complex[];
  private prev2: Complex[];
  private prevEnergy = 0;
  private prev2Energy = 0;
  private pp: Complex = { re: 0, im: 0 };
  private cls = 0;
  private candidate = 0;
  private steps = 0;
  private hold = 0;
  private floor = 1e30;

  constructor(thresholds: ToneRxThresholds) {
    this.t = thresholds;
    this.w = thresholds.bins.freqsHz.map((f) => (2 * Math.PI * f) / 8000);
    this.prev = this.w.map(() => ({ re: 0, im: 0 }));
    this.prev2 = this.w.map(() => ({ re: 0, im: 0 }));
  }

  /** Current class. */
  get current(): number {
    return this.cls;
  }

  /** Processes one frame (a multiple of 80 samples) and returns its events. */
  process(frame: ArrayLike<number>): ToneRxReferenceEvent[] {
    const events: ToneRxReferenceEvent[] = [];
    for (let h = 0; h + HALF <= frame.length; h += HALF) {
      const y = this.w.map((w) => {
        const c = 2 * Math.cos(w);
        let s1 = 0;
        let s2 = 0;
        for (let i = 0; i < HALF; i++) {
          const s0 = (frame[h + i] ?? 0) + c * s1 - s2;
          s2 = s1;
          s1 = s0;
        }
        return { re: s1 - Math.cos(w) * s2, im: Math.sin(w) * s2 };
      });
      let energy = 0;
      for (let i = 0; i < HALF; i++) energy += (frame[h + i] ?? 0) ** 2;
      const offset = h + HALF - 1;
      const raw = this.classify(y, energy);
      this.reversal(y, offset, events);
      this.prev2 = this.prev;
      this.prev = y;
      this.prev2Energy = this.prevEnergy;
      this.prevEnergy = energy;
      this.debounce(raw, offset, events);
    }
    return events;
  }

  private power(k: number, y: Complex[]): number {
    const p = this.prev[k] ?? { re: 0, im: 0 };
    const c = y[k] ?? { re: 0, im: 0 };
    if ((this.t.bins.wideMask >> k) & 1) return 2 * (p.re ** 2 + p.im ** 2 + c.re ** 2 + c.im ** 2);
    const w = this.w[k] ?? 0;
    const rr = Math.cos(w * HALF);
    const ri = -Math.sin(w * HALF);
    const a = p.re + rr * c.re - ri * c.im;
    const b = p.im + rr * c.im + ri * c.re;
    const q = this.prev2[k] ?? { re: 0, im: 0 };
    const xr = q.re + rr * a - ri * b;
    const xi = q.im + rr * b + ri * a;
    return (xr * xr + xi * xi) * (4 / 9);
  }

  private classify(y: Complex[], energyNow: number): number {
    const t = this.t;
    const n = this.w.length;
    const p = Array.from({ length: n }, (_, k) => this.power(k, y));
    const top = Math.max(0, ...p);
    const energy = this.prev2Energy + this.prevEnergy + energyNow;
    const floor = Math.max(t.minTone, top * t.rel);
    let mask = 0;
    for (let k = 0; k < n; k++) if ((p[k] ?? 0) >= floor) mask |= 1 << k;
    let sum = 0;
    const freqs = t.bins.freqsHz;
    for (let k = 0; k < n; k++) {
      if (((mask >> k) & 1) === 0) continue;
      let leak = false;
      for (let j = 0; j < n; j++) {
        if (j === k || ((mask >> j) & 1) === 0) continue;
        if (Math.abs((freqs[j] ?? 0) - (freqs[k] ?? 0)) < 100 && (p[j] ?? 0) > t.dominance * (p[k] ?? 0)) leak = true;
      }
      if (leak) mask &= ~(1 << k);
      else sum += p[k] ?? 0;
    }
    if (mask !== 0 && sum >= t.share * energy) return mask;
    const floor0 = this.floor;
    this.floor = energy < floor0 ? Math.max(energy, t.energyMin / t.overFloor) : floor0 * t.floorRise;
    return energy >= t.energyMin && energy >= floor0 * t.overFloor ? TONE_RX_CLASS_ENERGY : 0;
  }

  private reversal(y: Complex[], offset: number, events: ToneRxReferenceEvent[]): void {
    const k = this.t.bins.reversalBin;
    if (k < 0) return;
    const c = y[k] ?? { re: 0, im: 0 };
    const q = this.pp;
    this.pp = this.prev[k] ?? { re: 0, im: 0 };
    if (this.hold > 0) {
      this.hold--;
      return;
    }
    if (((this.cls >> k) & 1) === 0 || this.cls === TONE_RX_CLASS_ENERGY) return;
    const w = this.w[k] ?? 0;
    const ar = c.re * q.re + c.im * q.im;
    const ai = c.im * q.re - c.re * q.im;
    const zr = ar * Math.cos(w * 2 * HALF) + ai * Math.sin(w * 2 * HALF);
    const hc = c.re ** 2 + c.im ** 2;
    const hq = q.re ** 2 + q.im ** 2;
    if (zr < 0 && zr * zr > 0.25 * hc * hq) {
      events.push({ kind: 'reversal', value: k, offsetSamples: offset });
      this.hold = 3;
    }
  }

  private debounce(raw: number, offset: number, events: ToneRxReferenceEvent[]): void {
    if (raw === this.cls) {
      this.steps = 0;
      return;
    }
    if (raw === this.candidate) this.steps++;
    else {
      this.candidate = raw;
      this.steps = 1;
    }
    const confirm = raw === TONE_RX_CLASS_ENERGY ? this.t.confirmEnergy : this.t.confirm;
    if (this.steps >= confirm) {
      // Dated where the change happened, with the kernel's leads (lib/cpt-decide.ts).
      const lead = raw === 0 ? 197 : raw === TONE_RX_CLASS_ENERGY || (raw & ~this.t.bins.wideMask) === 0 ? 7 : 138;
      const at = offset - (this.steps * HALF + lead);
      events.push({ kind: 'end', value: this.cls, offsetSamples: at });
      events.push({ kind: 'start', value: raw, offsetSamples: at });
      this.cls = raw;
      this.steps = 0;
    }
  }
}
