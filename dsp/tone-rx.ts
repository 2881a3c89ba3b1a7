// ToneRxBank: typed slot API of the call-progress detector kernel
// (wasm/kernels/tone-rx.ts).
//
// What it does: a slot listens to one channel for the tones of one tone
// plan (dsp/tone-plans.ts) plus fax CNG (1100 Hz) and CED/ANS (2100 Hz).
// The kernel reports, every time the 10 ms class changes for two steps,
// EV_TONE_RX_END (old class) and EV_TONE_RX_START (new class), where a class
// is 0 (silence), a bit mask of the bins present (a tone), or
// TONE_RX_CLASS_ENERGY (speech or other non-tone energy); and
// EV_TONE_RX_PHASE_REVERSAL on 180° reversals of the 2100 Hz bin; class
// changes are dated where they happened (`decode` gives samples since the
// slot opened). The
// cadence (busy or congestion, ringback, ...) is classified from these
// events by CallProgress (dsp/call-progress.ts), which this bank's
// `binsOf` result feeds.
//
// How: `toneRxBins` turns a plan into the bin list (frequencies, which bins
// use the wide 80-sample power because no other bin is within 150 Hz, the
// 2100 Hz reversal bin); the bank writes it with the thresholds into the
// parameter block and calls toneRxConfigure.
//
// Spec: shared/reference/tones-and-dsp.md §1 (China 450 Hz tones, ±2 %,
// cadences ±10 %), §4 (2100 Hz ±15 Hz, reversals every 450 ms).
// Limits: 12 bins per slot; plans' record (warning) tones are left out by
// default (their 1400 Hz would crowd the US SIT's 1370.6 Hz).

import type { DspCore } from './core.ts';
import { HotlineError } from '../engine/core/contracts/index.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';
import { TONE_PLANS, type TonePlan, type ToneName } from './tone-plans.ts';
import { DBM0_POWER } from './mf-rx.ts';

/** Class value of non-tone energy (speech, noise, music). */
export const TONE_RX_CLASS_ENERGY = 0x1000;
/** Most bins one slot listens to. */
export const TONE_RX_MAX_BINS = 12;
/** Fax calling tone, T.30. */
export const CNG_HZ = 1100;
/** Answer tone (CED, ANS, ANSam), V.25 / T.30. */
export const ANS_HZ = 2100;

/** The frequencies one slot listens to. */
export interface ToneRxBins {
  freqsHz: number[];
  /** Bit k set: bin k uses the wide (80-sample) power. */
  wideMask: number;
  /** Index of the 2100 Hz bin, or −1. */
  reversalBin: number;
}

/** Options of a detector slot. */
export interface ToneRxOptions {
  /** A built-in plan name or a plan. */
  plan: 'cn' | 'itu' | 'us' | TonePlan;
  /** Tones of the plan not listened for (default: recordTone). */
  skipTones?: readonly ToneName[];
  /** Weakest tone accepted, per frequency (default −40 dBm0). */
  minLevelDbm0?: number;
  /** A bin counts as present within this many dB of the strongest (default 6). */
  relDb?: number;
  /** Share of the window's power the present bins must carry (default 0.75). */
  minToneShare?: number;
  /** Weakest non-tone energy reported as energy (default −50 dBm0). */
  energyMinDbm0?: number;
  /** Energy must stand this far above the tracked noise floor (default 10 dB). */
  overFloorDb?: number;
  /** Rise of the noise floor tracker (default 3 dB/s). */
  floorRiseDbPerS?: number;
  /** A bin this many dB below a present bin within 100 Hz is leakage, not a tone (default 5). */
  dominanceDb?: number;
  /** Steps of 10 ms a new class must last to be reported (default 2). */
  confirmSteps?: number;
  /** Steps of 10 ms non-tone energy must last to be reported (default 4: a tone's edges last 2 or 3). */
  confirmEnergySteps?: number;
}

/** Defaults of ToneRxOptions. */
export const TONE_RX_DEFAULTS = {
  skipTones: ['recordTone'] as readonly ToneName[],
  minLevelDbm0: -40,
  relDb: 6,
  minToneShare: 0.75,
  energyMinDbm0: -50,
  overFloorDb: 10,
  floorRiseDbPerS: 3,
  dominanceDb: 5,
  confirmSteps: 2,
  confirmEnergySteps: 4,
} as const;

/** Samples per analysis step (10 ms); the kernel judges a 20 ms window every step. */
export const TONE_RX_STEP_SAMPLES = 80;

/** The plan of options (a name resolves to the built-in plan). */
export function planOf(plan: ToneRxOptions['plan']): TonePlan {
  if (typeof plan !== 'string') return plan;
  const p = TONE_PLANS[plan];
  if (p === undefined) throw new HotlineError('ERR_INVALID_ARG', `toneRx: plan: expected cn, itu or us, got ${JSON.stringify(plan)}`);
  return p;
}

/** The bins a slot listens to for a plan: every frequency of its tones, then 1100 and 2100 Hz. */
export function toneRxBins(plan: TonePlan, skipTones: readonly ToneName[] = TONE_RX_DEFAULTS.skipTones): ToneRxBins {
  const freqs: number[] = [];
  for (const tone of Object.values(plan.tones)) {
    if (skipTones.includes(tone.name)) continue;
    for (const seg of tone.segments) for (const f of seg.freqsHz) if (!freqs.includes(f)) freqs.push(f);
  }
  for (const f of [CNG_HZ, ANS_HZ]) if (!freqs.includes(f)) freqs.push(f);
  if (freqs.length > TONE_RX_MAX_BINS) {
    throw new HotlineError('ERR_UNSUPPORTED', `toneRx: plan ${plan.country} needs ${freqs.length} frequencies, at most ${TONE_RX_MAX_BINS}`);
  }
  let wideMask = 0;
  freqs.forEach((f, k) => {
    if (freqs.every((g) => g === f || Math.abs(g - f) >= 150)) wideMask |= 1 << k;
  });
  return { freqsHz: freqs, wideMask, reversalBin: freqs.indexOf(ANS_HZ) };
}

/** The linear thresholds of the kernel (and the reference), in the units of its sums. */
export interface ToneRxThresholds {
  bins: ToneRxBins;
  /** Minimum power of a present bin, in |X_160|² units. */
  minTone: number;
  rel: number;
  /** share × 12800/240: present power must reach this times Σx² of the last 240 samples. */
  share: number;
  /** Σx² of a window (160 samples) for the energy class. */
  energyMin: number;
  overFloor: number;
  floorRise: number;
  /** Power ratio above which a neighbour within 100 Hz makes a bin leakage. */
  dominance: number;
  confirm: number;
  confirmEnergy: number;
}

/** Converts options to kernel thresholds. */
export function toneRxThresholds(options: ToneRxOptions): ToneRxThresholds {
  const o = { ...TONE_RX_DEFAULTS, ...options };
  const bins = toneRxBins(planOf(o.plan), o.skipTones);
  return {
    bins,
    minTone: 12800 * DBM0_POWER * Math.pow(10, o.minLevelDbm0 / 10),
    rel: Math.pow(10, -o.relDb / 10),
    // Present power (|X_160|² = 12800 P units) against Σx² of 240 samples (= 240 P).
    share: o.minToneShare * (12800 / 240),
    energyMin: 160 * DBM0_POWER * Math.pow(10, o.energyMinDbm0 / 10),
    overFloor: Math.pow(10, o.overFloorDb / 10),
    floorRise: Math.pow(10, (o.floorRiseDbPerS * (TONE_RX_STEP_SAMPLES / 8000)) / 10),
    dominance: Math.pow(10, o.dominanceDb / 10),
    confirm: Math.max(1, Math.round(o.confirmSteps)),
    confirmEnergy: Math.max(1, Math.round(o.confirmEnergySteps)),
  };
}

/** A decoded detector event at an absolute sample of the slot. */
export interface ToneRxEvent {
  slot: number;
  /** start / end of a class, or a 180° phase reversal of the reversal bin. */
  type: 'start' | 'end' | 'reversal';
  /** The class (start, end) or the bin (reversal). */
  value: number;
  /** Samples since the slot opened (or was reset). */
  sample: number;
}

/** Slots, parameters and the per-tick work list of the toneRx kernel. */
export class ToneRxBank extends KernelBank {
  private readonly binsBySlot: ToneRxBins[] = [];
  private readonly queuedSamples: number[] = [];
  private readonly frameStart: number[] = [];
  private readonly kinds: { start: number; end: number; reversal: number };

  constructor(core: DspCore) {
    super(core, regionsOf(core, 'toneRx', 'TONE_RX'));
    const L = core.layout;
    this.kinds = { start: L.EV_TONE_RX_START, end: L.EV_TONE_RX_END, reversal: L.EV_TONE_RX_PHASE_REVERSAL };
  }

  /** Opens a detector slot for a plan. */
  open(options: ToneRxOptions): number {
    const t = toneRxThresholds(options);
    const slot = this.allocSlot();
    this.queuedSamples[slot] = 0;
    this.frameStart[slot] = 0;
    this.write(slot, t);
    return slot;
  }

  /** Clears the slot's detection state and its sample clock. */
  override reset(slot: number): void {
    super.reset(slot);
    this.queuedSamples[slot] = 0;
    this.frameStart[slot] = 0;
  }

  /**
   * Decodes one raw ring event into absolute sample time (class changes are
   * dated where they happened, reversals where they were seen, 0–20 ms
   * later); null when it is not a toneRx event. Decode a tick's events
   * before queueing the slot's next frame. CallProgress.event takes the
   * raw kind with this sample.
   */
  decode(slot: number, kind: number, value: number, offsetSamples: number): ToneRxEvent | null {
    const k = this.kinds;
    const type = kind === k.start ? 'start' : kind === k.end ? 'end' : kind === k.reversal ? 'reversal' : null;
    if (type === null) return null;
    return { slot, type, value, sample: (this.frameStart[slot] ?? 0) + offsetSamples };
  }

  /** Changes a slot's options; detection restarts. */
  configure(slot: number, options: ToneRxOptions): void {
    this.checkSlot(slot);
    this.write(slot, toneRxThresholds(options));
  }

  private write(slot: number, t: ToneRxThresholds): void {
    const i = this.paramsI32(slot);
    const f = this.paramsF32(slot);
    i[0] = t.bins.freqsHz.length;
    i[1] = t.bins.wideMask;
    i[2] = t.bins.reversalBin;
    f[3] = t.minTone;
    f[4] = t.rel;
    f[5] = t.share;
    f[6] = t.energyMin;
    i[7] = t.confirm;
    for (let k = 0; k < TONE_RX_MAX_BINS; k++) f[8 + k] = t.bins.freqsHz[k] ?? 0;
    f[20] = t.overFloor;
    f[21] = t.floorRise;
    f[22] = t.dominance;
    i[23] = t.confirmEnergy;
    this.binsBySlot[slot] = t.bins;
    this.applyParams(slot);
  }

  /** The bins of an open slot (to map class masks to frequencies). */
  binsOf(slot: number): ToneRxBins {
    this.checkSlot(slot);
    const b = this.binsBySlot[slot];
    if (b === undefined) throw new HotlineError('ERR_INVALID_STATE', `toneRx: slot ${slot} has no configuration`);
    return b;
  }

  /** Queues one 160-sample frame (byte address in WASM memory) for the slot. */
  queue(slot: number, framePtr: number): void {
    this.push(slot, framePtr, 0, 0);
    const at = this.queuedSamples[slot] ?? 0;
    this.frameStart[slot] = at;
    this.queuedSamples[slot] = at + 2 * TONE_RX_STEP_SAMPLES;
  }

  /** The slot's current class (0 silence, a bin mask, or TONE_RX_CLASS_ENERGY). */
  current(slot: number): number {
    this.checkSlot(slot);
    return this.core.i32[this.resultIndex(slot)] ?? 0;
  }
}
