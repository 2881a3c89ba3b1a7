// LevelBank: typed API of the level kernel (wasm/kernels/level.ts).
//
// What it does: opens level meters, sets their voice-activity parameters,
// queues one frame per meter per tick and reads the results: the frame's
// level in dBm0, a smoothed level, the noise floor estimate and the voice
// flag. Voice start and end arrive as EV_LEVEL_VOICE_START / _END events
// (value = the frame's level in centi-dBm0).
//
// How: open() writes the default parameters; configure() rewrites them
// (the kernel reads them every frame). queue(slot, inPtr) appends
// [slot, inPtr, 0, 0].
//
// Limits: one frame of 160 samples per record.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Voice activity parameters of one meter. */
export interface LevelOptions {
  /** A frame below this is never voice (default −40 dBm0). */
  thresholdDbm0?: number;
  /** A frame must also exceed the noise floor by this much (default 9 dB). */
  marginDb?: number;
  /** Quiet frames before voice ends (default 10 = 200 ms). */
  hangoverFrames?: number;
  /** Weight of the new frame in the smoothed level (default 0.2). */
  smoothing?: number;
}

/** One meter's results after the last tick. */
export interface LevelReading {
  levelDbm0: number;
  smoothedDbm0: number;
  noiseFloorDbm0: number;
  voice: boolean;
}

/** Defaults of LevelOptions. */
export const LEVEL_DEFAULTS: Readonly<Required<LevelOptions>> = {
  thresholdDbm0: -40,
  marginDb: 9,
  hangoverFrames: 10,
  smoothing: 0.2,
};

/** Level meters and voice activity detectors. */
export class LevelBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'level', 'LEVEL'));
  }

  /** Opens a meter with the given (or default) parameters. */
  open(options: LevelOptions = {}): number {
    const slot = this.allocSlot();
    this.configure(slot, options);
    return slot;
  }

  /** Sets a meter's parameters (missing ones take the defaults); history is kept. */
  configure(slot: number, options: LevelOptions = {}): void {
    this.checkSlot(slot);
    const o = { ...LEVEL_DEFAULTS, ...options };
    const f32 = this.paramsF32(slot);
    const i32 = this.paramsI32(slot);
    f32[0] = o.thresholdDbm0;
    f32[1] = o.marginDb;
    i32[2] = Math.max(0, Math.round(o.hangoverFrames));
    f32[3] = Math.min(1, Math.max(0, o.smoothing));
    this.applyParams(slot);
  }

  /** Queues one frame at inPtr for the next run(). */
  queue(slot: number, inPtr: number): void {
    this.push(slot, inPtr, 0, 0);
  }

  /** The meter's results after the last tick. */
  read(slot: number): LevelReading {
    this.checkSlot(slot);
    const at = this.resultIndex(slot);
    const f32 = this.core.f32;
    return {
      levelDbm0: f32[at] ?? 0,
      smoothedDbm0: f32[at + 1] ?? 0,
      noiseFloorDbm0: f32[at + 2] ?? 0,
      voice: (this.core.i32[at + 3] ?? 0) !== 0,
    };
  }

  /** The frame level alone (cheaper than read()). */
  levelDbm0(slot: number): number {
    return this.core.f32[this.resultIndex(slot)] ?? 0;
  }
}
