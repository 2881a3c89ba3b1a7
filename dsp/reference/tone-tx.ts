// Plain TypeScript tone generator: the test oracle and bench baseline of the
// toneTx kernel (wasm/kernels/tone-tx.ts).
//
// What it does: the same cadence player as the kernel, one channel at a
// time: segments in sample counts, a u32 phase accumulator per frequency,
// linear fades of R samples at both ends of each sounding segment and on
// stop, overwrite or add with 16-bit saturation, "done" at the sample where
// a non-repeating list ends.
//
// How: the sine is Math.sin of the exact accumulator phase (double
// precision) rather than the kernel's interpolated table, so the two agree
// within one LSB and a table or indexing bug in the kernel shows up.
//
// Limits: slow by design.

import type { CompiledTone } from '../tone-tx.ts';

const TURN = 2 ** 32;

/** One generator channel. */
export class ReferenceToneTx {
  private readonly tone: CompiledTone;
  private readonly phases = [0, 0, 0, 0];
  private seg = 0;
  private pos = 0;
  private status: 'idle' | 'playing' | 'stopping';
  private stopPos = 0;

  constructor(tone: CompiledTone) {
    this.tone = tone;
    this.status = tone.segments.length > 0 ? 'playing' : 'idle';
  }

  get playing(): boolean {
    return this.status !== 'idle';
  }

  stop(): void {
    if (this.status === 'playing') {
      this.status = 'stopping';
      this.stopPos = 0;
    }
  }

  /** Renders one frame; returns the sample offset where the tone ended, or -1. */
  render(out: Int16Array, mode: 'overwrite' | 'add'): number {
    let done = -1;
    const ramp = this.tone.rampSamples;
    for (let i = 0; i < out.length; i++) {
      if (this.status === 'idle') {
        if (mode === 'overwrite') out[i] = 0;
        continue;
      }
      const s = this.tone.segments[this.seg];
      if (s === undefined) throw new Error('reference tone: segment out of range');
      const dur = s.durationSamples > 0 ? s.durationSamples : Infinity;
      let v = 0;
      if (s.increments.length > 0) {
        let env = Math.min(1, Math.min(this.pos + 1, dur - this.pos) / (ramp + 1));
        if (this.status === 'stopping') env = Math.min(env, (ramp - this.stopPos) / (ramp + 1));
        let sum = 0;
        s.increments.forEach((inc, j) => {
          const p = this.phases[j] ?? 0;
          sum += Math.sin((2 * Math.PI * p) / TURN);
          this.phases[j] = (p + inc) % TURN;
        });
        v = Math.round(sum * s.amplitude * env);
      }
      if (s.increments.length > 0 || mode === 'overwrite') {
        const x = mode === 'add' ? (out[i] ?? 0) + v : v;
        out[i] = Math.max(-32768, Math.min(32767, x));
      }
      this.pos++;
      if (this.status === 'stopping') {
        this.stopPos++;
        if (this.stopPos >= ramp) {
          this.status = 'idle';
          continue;
        }
      }
      if (this.pos >= dur) {
        this.pos = 0;
        this.seg++;
        if (this.seg >= this.tone.segments.length) {
          this.seg = 0;
          if (!this.tone.repeat) {
            this.status = 'idle';
            done = i + 1;
          }
        }
      }
    }
    return done;
  }
}
