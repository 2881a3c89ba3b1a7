// Plain TypeScript level meter and voice activity detector: the test
// oracle and bench baseline of the level kernel (wasm/kernels/level.ts).
//
// What it does: the same algorithm, one channel, in double precision: frame
// power in dBm0 (0 dBm0 = a sine of peak 22 825), smoothed level, noise
// floor that falls fast and rises slowly, voice when above the threshold and
// the floor plus a margin, with hangover.
//
// Limits: slow by design; agrees with the kernel within 0.01 dB.

import type { LevelOptions } from '../level.ts';
import { LEVEL_DEFAULTS } from '../level.ts';

const DBM0_POWER = (22825 * 22825) / 2;
const MIN_DBM0 = -100;

/** What one frame produced. */
export interface ReferenceLevelFrame {
  levelDbm0: number;
  smoothedDbm0: number;
  noiseFloorDbm0: number;
  voice: boolean;
  event: 'start' | 'end' | null;
}

/** One channel's meter. */
export class ReferenceLevel {
  private readonly o: Required<LevelOptions>;
  private smoothed = MIN_DBM0;
  private floor = -60;
  private hangLeft = 0;
  private voice = false;
  private started = false;

  constructor(options: LevelOptions = {}) {
    this.o = { ...LEVEL_DEFAULTS, ...options };
  }

  /** Measures one frame. */
  frame(x: ArrayLike<number>): ReferenceLevelFrame {
    let e = 0;
    for (let i = 0; i < x.length; i++) e += (x[i] ?? 0) * (x[i] ?? 0);
    const power = e / x.length;
    const level = power > 0 ? Math.max(MIN_DBM0, 10 * Math.log10(power / DBM0_POWER)) : MIN_DBM0;
    this.smoothed = this.started ? this.smoothed + this.o.smoothing * (level - this.smoothed) : level;
    this.started = true;
    this.floor = Math.max(-80, this.floor + (level < this.floor ? 0.5 : 0.01) * (level - this.floor));
    const active = level > this.o.thresholdDbm0 && level > this.floor + this.o.marginDb;
    let event: 'start' | 'end' | null = null;
    if (active) {
      this.hangLeft = this.o.hangoverFrames;
      if (!this.voice) {
        this.voice = true;
        event = 'start';
      }
    } else if (this.voice) {
      if (this.hangLeft > 0) this.hangLeft--;
      if (this.hangLeft <= 0) {
        this.voice = false;
        event = 'end';
      }
    }
    return { levelDbm0: level, smoothedDbm0: this.smoothed, noiseFloorDbm0: this.floor, voice: this.voice, event };
  }
}
