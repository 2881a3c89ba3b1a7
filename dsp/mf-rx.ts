// MfRxBank: typed slot API of the MFC/R2 detector kernel (wasm/kernels/mf-rx.ts),
// and the R2 signal code (frequencies, 2-out-of-6 numbering) the generator
// and the reference implementation share.
//
// What it does: a slot is one receiver, opened for the forward group (1380 to
// 1980 Hz, what an incoming register hears) or the backward group (1140 to
// 540 Hz, what an outgoing register hears) while register signalling runs,
// and closed afterwards. Each tick the engine queues one 20 ms frame per open
// slot; the kernel reports EV_MF_START (value = signal 1..15) and EV_MF_END
// through the event ring, dated where the change happened (the offset may
// be negative); `decode` turns them into samples since the slot opened.
//
// How: the bank turns the options (dB, Hz, ms) into the linear thresholds the
// kernel compares against, writes them into the slot's parameter block and
// calls mfRxConfigure. The detection algorithm is described in the kernel
// header and in docs/dsp/mf.md.
//
// Spec: ITU-T Q.441 (signal code), Q.455 (receiver), values as collected in
// shared/reference/china-no1.md §2.1 and §2.2 (from spandsp's
// r2_mf_rx_tests.c and openr2's r2engine.c).
//
// Limits: one frame per slot per tick; thresholds are per slot, not per
// signal.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Forward (outgoing → incoming register) or backward group. */
export type MfGroup = 'forward' | 'backward';

/** Frequencies of the forward group, index 0..5 (Q.441 f0..f5). */
export const MF_FORWARD_HZ: readonly number[] = [1380, 1500, 1620, 1740, 1860, 1980];
/** Frequencies of the backward group, index 0..5 (Q.441 f0..f5). */
export const MF_BACKWARD_HZ: readonly number[] = [1140, 1020, 900, 780, 660, 540];

/**
 * The two frequency indices of each signal 1..15 (entry 0 unused), in the
 * Q.441 numbering of china-no1.md §2.1 (signal 10 is digit 0).
 */
export const MF_SIGNAL_PAIRS: readonly (readonly [number, number])[] = [
  [-1, -1],
  [0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3], [0, 4], [1, 4],
  [2, 4], [3, 4], [0, 5], [1, 5], [2, 5], [3, 5], [4, 5],
];

/** Frequencies of a group. */
export function mfFrequencies(group: MfGroup): readonly number[] {
  return group === 'forward' ? MF_FORWARD_HZ : MF_BACKWARD_HZ;
}

/** The two frequencies (Hz) of signal 1..15 in a group. */
export function mfSignalHz(group: MfGroup, signal: number): [number, number] {
  const pair = MF_SIGNAL_PAIRS[signal];
  const f = mfFrequencies(group);
  if (pair === undefined || signal < 1) throw new RangeError(`MF signal: expected 1..15, got ${signal}`);
  return [f[pair[0]] ?? 0, f[pair[1]] ?? 0];
}

/** Signal number (1..15) of a pair of frequency indices in either order, or 0. */
export function mfSignalOf(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  for (let s = 1; s < MF_SIGNAL_PAIRS.length; s++) {
    const p = MF_SIGNAL_PAIRS[s];
    if (p !== undefined && p[0] === lo && p[1] === hi) return s;
  }
  return 0;
}

/** Options of a receiver slot; every field but group has a default. */
export interface MfRxOptions {
  group: MfGroup;
  /** Weakest tone accepted, per frequency (Q.455: operate down to −35 dBm0). */
  minLevelDbm0?: number;
  /** Largest level difference accepted between adjacent frequencies (spec: accept < 5 dB). */
  twistAdjacentDb?: number;
  /** Largest level difference accepted otherwise (spec: accept < 7 dB). */
  twistOtherDb?: number;
  /** How far below the weaker tone each of the four other frequencies must stay. */
  othersBelowDb?: number;
  /** Share of the total power the two tones must carry. */
  minToneShare?: number;
  /** Largest power change of a tone between two 10 ms halves (burst rejection). */
  balanceDb?: number;
  /** Largest frequency error accepted (spec: accept ± 10 Hz). */
  maxFreqErrorHz?: number;
  /** Consecutive positive 10 ms steps needed to report a start. */
  onSteps?: number;
  /** Consecutive negative 10 ms steps needed to report an end. */
  offSteps?: number;
}

/** Defaults of MfRxOptions (the reasons are in docs/dsp/mf.md). */
export const MF_RX_DEFAULTS: Readonly<Required<Omit<MfRxOptions, 'group'>>> = {
  minLevelDbm0: -39,
  twistAdjacentDb: 8,
  twistOtherDb: 9,
  othersBelowDb: 8,
  minToneShare: 0.8,
  balanceDb: 6,
  maxFreqErrorHz: 20,
  onSteps: 2,
  offSteps: 3,
};

/** Power of a 0 dBm0 sine on 16-bit linear (peak 22 825, tones-and-dsp.md §3.5). */
export const DBM0_POWER = (22825 * 22825) / 2;

/** Samples in one analysis half-block (10 ms). */
export const MF_HALF_SAMPLES = 80;

/**
 * The linear thresholds the kernel and the reference compare against, in
 * the raw units of their Goertzel outputs (|y|² of 80-sample halves, Σx²).
 */
export interface MfRxThresholds {
  group: 0 | 1;
  /** Minimum |y_a + R y_b|² of each tone (160-sample coherent window). */
  minWindow: number;
  twistAdjacent: number;
  twistOther: number;
  /** Ratio (≤ 1) every other frequency must stay under, times the weaker tone. */
  others: number;
  /** W1 + W2 must reach energyFactor · Σx² of the window. */
  energyFactor: number;
  balance: number;
  /** tan of the largest phase drift over one half-block. */
  tanDrift: number;
  onSteps: number;
  offSteps: number;
}

/** Converts receiver options to kernel thresholds. */
export function mfRxThresholds(options: MfRxOptions): MfRxThresholds {
  const o = { ...MF_RX_DEFAULTS, ...options };
  const n = 2 * MF_HALF_SAMPLES;
  // A sine of power P at a bin frequency gives |X_N|² = P N² / 2.
  const windowPerPower = (n * n) / 2;
  const driftRad = (2 * Math.PI * o.maxFreqErrorHz * MF_HALF_SAMPLES) / 8000;
  return {
    group: o.group === 'forward' ? 0 : 1,
    minWindow: windowPerPower * DBM0_POWER * Math.pow(10, o.minLevelDbm0 / 10),
    twistAdjacent: Math.pow(10, o.twistAdjacentDb / 10),
    twistOther: Math.pow(10, o.twistOtherDb / 10),
    others: Math.pow(10, -o.othersBelowDb / 10),
    // Σx² over n samples is n·P, and |X|² is P n²/2: the factor is n/2.
    energyFactor: o.minToneShare * (n / 2),
    balance: Math.pow(10, o.balanceDb / 10),
    tanDrift: Math.tan(Math.min(driftRad, 1.5)),
    onSteps: Math.max(1, Math.round(o.onSteps)),
    offSteps: Math.max(1, Math.round(o.offSteps)),
  };
}

/** A decoded receiver event: a signal started or ended at an absolute sample of the slot. */
export interface MfRxEvent {
  slot: number;
  type: 'start' | 'end';
  /** Signal 1..15. */
  signal: number;
  /** Samples since the slot opened (or was reset) where the change happened. */
  sample: number;
}

/** Slots, parameters and the per-tick work list of the mfRx kernel. */
export class MfRxBank extends KernelBank {
  private readonly queuedSamples: number[] = [];
  private readonly frameStart: number[] = [];
  private readonly evStart: number;
  private readonly evEnd: number;

  constructor(core: DspCore) {
    super(core, regionsOf(core, 'mfRx', 'MF_RX'));
    this.evStart = core.layout.EV_MF_START;
    this.evEnd = core.layout.EV_MF_END;
  }

  /** Opens a receiver slot for one group; cheap (switch it on only during register signalling). */
  open(options: MfRxOptions): number {
    const slot = this.allocSlot();
    this.queuedSamples[slot] = 0;
    this.frameStart[slot] = 0;
    this.configure(slot, options);
    return slot;
  }

  /** Clears the slot's detection state and its sample clock. */
  override reset(slot: number): void {
    super.reset(slot);
    this.queuedSamples[slot] = 0;
    this.frameStart[slot] = 0;
  }

  /**
   * Decodes one raw ring event into absolute sample time (the kernel dates
   * changes where they happened, relative to the frame it was processing,
   * so the offset may be negative); null when it is not an mfRx event.
   * Decode a tick's events before queueing the slot's next frame.
   */
  decode(slot: number, kind: number, value: number, offsetSamples: number): MfRxEvent | null {
    if (kind !== this.evStart && kind !== this.evEnd) return null;
    const sample = (this.frameStart[slot] ?? 0) + offsetSamples;
    return { slot, type: kind === this.evStart ? 'start' : 'end', signal: value, sample };
  }

  /** Changes a slot's options; the detection state restarts. */
  configure(slot: number, options: MfRxOptions): void {
    this.checkSlot(slot);
    const t = mfRxThresholds(options);
    const i = this.paramsI32(slot);
    const f = this.paramsF32(slot);
    i[0] = t.group;
    f[1] = t.minWindow;
    f[2] = t.twistAdjacent;
    f[3] = t.twistOther;
    f[4] = t.others;
    f[5] = t.energyFactor;
    f[6] = t.balance;
    f[7] = t.tanDrift;
    i[8] = t.onSteps;
    i[9] = t.offSteps;
    this.applyParams(slot);
  }

  /** Queues one 160-sample frame (byte address in WASM memory) for the slot. */
  queue(slot: number, framePtr: number): void {
    this.push(slot, framePtr, 0, 0);
    const at = this.queuedSamples[slot] ?? 0;
    this.frameStart[slot] = at;
    this.queuedSamples[slot] = at + MF_HALF_SAMPLES * 2;
  }

  /** Signal currently recognised on the slot (1..15), or 0. */
  current(slot: number): number {
    this.checkSlot(slot);
    return this.core.i32[this.resultIndex(slot)] ?? 0;
  }
}
