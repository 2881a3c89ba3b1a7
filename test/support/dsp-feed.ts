// Drives a detector bank the way the engine's media tick does: each input
// signal goes to its own slot as consecutive 20 ms frames (the last one
// zero-padded), every slot is queued before the bank runs once per tick,
// and the tick's events are handed back per input with absolute sample
// times (tick * 160 + offsetSamples).

import { Dsp, type DspEvent, type DspVariant } from '../../dsp/index.ts';

const instances = new Map<DspVariant, Dsp>();

/** One DSP instance per build, shared by the tests of one file. */
export function dspOf(variant: DspVariant): Dsp {
  let d = instances.get(variant);
  if (d === undefined) {
    d = Dsp.load({ variant });
    instances.set(variant, d);
  }
  return d;
}

/** The bank calls feedFrames needs. */
export interface FedBank {
  queue(slot: number, ptr: number): void;
  run(): number;
}

/** What feedFrames reports after each tick. */
export interface FeedHooks {
  /** One event of input `line`, dated at absolute sample `atSample`, delivered by tick `tick`. */
  event(line: number, e: DspEvent, atSample: number, tick: number): void;
  /** After the tick's events (frames up to sample (tick + 1) * 160 are in). */
  afterTick?(tick: number): void;
}

/** Feeds inputs[i] to slots[i] frame by frame until the longest input ends; events of other slots are dropped. */
export function feedFrames(dsp: Dsp, bank: FedBank, slots: readonly number[], inputs: readonly Int16Array[], hooks: FeedHooks): void {
  const frames = inputs.map(() => dsp.frames.alloc());
  const bySlot = new Map<number, number>(slots.map((s, i) => [s, i]));
  const length = Math.max(...inputs.map((x) => x.length));
  dsp.events.take();
  try {
    for (let t = 0; t * 160 < length; t++) {
      inputs.forEach((x, i) => {
        const f = frames[i]!;
        f.pcm.fill(0);
        f.pcm.set(x.subarray(Math.min(x.length, t * 160), Math.min(x.length, t * 160 + 160)));
        bank.queue(slots[i]!, f.ptr);
      });
      bank.run();
      for (const e of dsp.events.take()) {
        const i = bySlot.get(e.slot);
        if (i !== undefined) hooks.event(i, e, t * 160 + e.offsetSamples, t);
      }
      hooks.afterTick?.(t);
    }
  } finally {
    frames.forEach((f) => dsp.frames.release(f));
  }
}
