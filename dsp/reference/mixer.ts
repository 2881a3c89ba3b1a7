// Plain TypeScript conference mixer: the test oracle and bench baseline of
// the mixer kernel (wasm/kernels/mixer.ts).
//
// What it does: the same algorithm, one room at a time, in double
// precision: sum of the talking participants (gain applied, muted ones
// left out), each listener gets the sum minus itself through the per-frame
// gain ramp (attack within the frame to THRESHOLD / peak, release by 1/8 of
// the distance per frame) and the soft knee above −3 dBFS.
//
// Limits: slow by design; agrees with the kernel within one LSB (f32 vs f64).

/** One participant of a reference room. */
export interface ReferenceParticipant {
  input: Int16Array;
  output: Int16Array | null;
  gain: number;
  muted: boolean;
}

const THRESHOLD = 23197;
const CEILING = 32767;
const RELEASE = 0.125;

/** The soft knee: identity up to −3 dBFS, then asymptotic to full scale. */
export function knee(x: number): number {
  const m = Math.abs(x);
  if (m <= THRESHOLD) return x;
  const z = (m - THRESHOLD) / (CEILING - THRESHOLD);
  const y = THRESHOLD + (CEILING - THRESHOLD) * (z / (1 + z));
  return x < 0 ? -y : y;
}

/** One room with its limiter gains. */
export class ReferenceMixer {
  private gains: number[] = [];
  private sum = new Float64Array(160);
  private mixed = new Float64Array(160);

  /** Mixes one frame for every participant. */
  mix(participants: readonly ReferenceParticipant[]): void {
    const n = participants[0]?.input.length ?? 0;
    if (this.sum.length !== n) {
      this.sum = new Float64Array(n);
      this.mixed = new Float64Array(n);
    }
    const sum = this.sum;
    const mix = this.mixed;
    sum.fill(0);
    for (const p of participants) if (!p.muted) for (let i = 0; i < n; i++) sum[i] = (sum[i] ?? 0) + (p.input[i] ?? 0) * p.gain;
    participants.forEach((p, j) => {
      if (p.output === null) return;
      const own = p.muted ? 0 : p.gain;
      let peak = 0;
      for (let i = 0; i < n; i++) {
        mix[i] = (sum[i] ?? 0) - (p.input[i] ?? 0) * own;
        peak = Math.max(peak, Math.abs(mix[i] ?? 0));
      }
      const g0 = this.gains[j] ?? 1;
      const target = peak > THRESHOLD ? THRESHOLD / peak : 1;
      let g1 = target < g0 ? target : g0 + (target - g0) * RELEASE;
      if (g1 > 0.999) g1 = 1;
      this.gains[j] = g1;
      for (let i = 0; i < n; i++) {
        const g = g0 + ((g1 - g0) * (i + 1)) / n;
        p.output[i] = Math.round(knee((mix[i] ?? 0) * g));
      }
    });
  }
}
