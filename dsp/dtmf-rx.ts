// DtmfRxBank: typed slot API of the dtmfRx kernel (wasm/kernels/dtmf-rx.ts).
//
// What it does: opens detector slots with their Q.24 limits, queues one
// 160-sample frame per slot per tick, and turns the kernel's events into
// digits with absolute sample times since the slot opened, so RFC 4733
// durations are endSample - startSample.
//
// How: the kernel reports event offsets relative to the first sample of the
// frame it was processing (negative for a start confirmed 30 ms late). The
// bank keeps, per slot, the sample count queued so far and the start sample
// of the frame queued in the current tick. Decode a tick's events (decode()
// or takeEvents()) before queueing that slot's next frame.
// Limits: one frame per slot per tick; frames in order; see docs/dsp/dtmf.md.

import { HotlineError } from '../engine/core/contracts/index.ts';
import type { DspCore } from './core.ts';
import type { EventRing } from './events.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** The 16 digits by kernel index (row * 4 + column). */
export const DTMF_DIGITS = '123A456B789C*0#D';

/** Per-slot detector limits; defaults follow Q.24 (docs/dsp/dtmf.md). */
export interface DtmfRxOptions {
  /** Largest accepted deficit of the high group ("normal" twist), dB. Default 8. */
  normalTwistDb?: number;
  /** Largest accepted excess of the high group (reverse twist), dB. Default 4. */
  reverseTwistDb?: number;
  /** Sensitivity floor per tone, dBm0. Default -42. */
  thresholdDbm0?: number;
}

/** A digit start or end, in samples since the slot opened. */
export interface DtmfRxEvent {
  slot: number;
  type: 'start' | 'end';
  digit: string;
  sample: number;
}

/** One received digit: RFC 4733 duration is endSample - startSample. */
export interface DtmfDigit {
  digit: string;
  startSample: number;
  endSample: number;
}

/** Slots, parameters and the per-tick work list of the dtmfRx kernel. */
export class DtmfRxBank extends KernelBank {
  private readonly queuedSamples: Float64Array;
  private readonly frameStart: Float64Array;
  private readonly startSample: Float64Array;
  private readonly digitsDone: DtmfDigit[][];
  private readonly evStart: number;
  private readonly evEnd: number;
  private readonly frameSamples: number;

  constructor(core: DspCore) {
    super(core, regionsOf(core, 'dtmfRx', 'DTMF_RX'));
    const n = this.regions.maxSlots;
    this.queuedSamples = new Float64Array(n);
    this.frameStart = new Float64Array(n);
    this.startSample = new Float64Array(n);
    this.digitsDone = Array.from({ length: n }, () => []);
    this.evStart = core.layout.EV_DTMF_START;
    this.evEnd = core.layout.EV_DTMF_END;
    this.frameSamples = core.layout.FRAME_SAMPLES;
  }

  /** Opens a detector slot; its sample clock starts at 0. */
  open(options: DtmfRxOptions = {}): number {
    const slot = this.allocSlot();
    this.queuedSamples[slot] = 0;
    this.frameStart[slot] = 0;
    this.digitsDone[slot] = [];
    this.configure(slot, options);
    return slot;
  }

  /** Sets the slot's limits (missing fields take the defaults). */
  configure(slot: number, options: DtmfRxOptions): void {
    this.checkSlot(slot);
    const normal = options.normalTwistDb ?? 8;
    const reverse = options.reverseTwistDb ?? 4;
    const floor = options.thresholdDbm0 ?? -42;
    for (const [name, v, lo, hi] of [
      ['normalTwistDb', normal, 0, 20],
      ['reverseTwistDb', reverse, 0, 20],
      ['thresholdDbm0', floor, -60, 0],
    ] as const) {
      if (!Number.isFinite(v) || v < lo || v > hi) {
        throw new HotlineError('ERR_INVALID_ARG', `dtmfRx.configure: ${name}: expected ${lo}..${hi}, got ${v}`);
      }
    }
    const p = this.paramsF32(slot);
    p[0] = normal;
    p[1] = reverse;
    p[2] = floor;
    this.applyParams(slot);
  }

  /** Queues one 160-sample frame (byte address in the frame pool) for the next run(). */
  queue(slot: number, inPtr: number): void {
    this.checkSlot(slot);
    this.push(slot, inPtr, 0, 0);
    const at = this.queuedSamples[slot] ?? 0;
    this.frameStart[slot] = at;
    this.queuedSamples[slot] = at + this.frameSamples;
  }

  /** Samples queued on the slot since it opened. */
  samples(slot: number): number {
    this.checkSlot(slot);
    return this.queuedSamples[slot] ?? 0;
  }

  /** Clears the slot's detector state and its sample clock. */
  override reset(slot: number): void {
    super.reset(slot);
    this.queuedSamples[slot] = 0;
    this.frameStart[slot] = 0;
    this.digitsDone[slot] = [];
  }

  /**
   * Decodes one raw ring event; returns null when it is not a dtmfRx event.
   * A completed digit is also appended to the slot's list (takeDigits).
   */
  decode(slot: number, kind: number, value: number, offsetSamples: number): DtmfRxEvent | null {
    if (kind !== this.evStart && kind !== this.evEnd) return null;
    const digit = DTMF_DIGITS[value] ?? '?';
    const sample = (this.frameStart[slot] ?? 0) + offsetSamples;
    if (kind === this.evStart) {
      this.startSample[slot] = sample;
      return { slot, type: 'start', digit, sample };
    }
    this.digitsDone[slot]?.push({ digit, startSample: this.startSample[slot] ?? 0, endSample: sample });
    return { slot, type: 'end', digit, sample };
  }

  /** Drains the whole event ring, decodes the dtmfRx events and drops the others (tests, tools). */
  takeEvents(ring: EventRing): DtmfRxEvent[] {
    const out: DtmfRxEvent[] = [];
    ring.drain((slot, kind, value, offset) => {
      const e = this.decode(slot, kind, value, offset);
      if (e !== null) out.push(e);
    });
    return out;
  }

  /** Digits completed on the slot since the last call, oldest first. */
  takeDigits(slot: number): DtmfDigit[] {
    this.checkSlot(slot);
    const done = this.digitsDone[slot] ?? [];
    this.digitsDone[slot] = [];
    return done;
  }
}
