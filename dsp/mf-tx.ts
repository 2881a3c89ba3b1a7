// MfTxBank: typed slot API of the MFC/R2 generator kernel (wasm/kernels/mf-tx.ts).
//
// What it does: a slot is one register's sender. setSignal(slot, group,
// signal) starts a continuous two-tone signal (1..15) of the forward or
// backward group, or stops it (0); the tone stays on until changed, as the
// compelled cycle of china-no1.md §2.3 needs. Each tick the engine queues
// the frame the slot writes into (or mixes into).
//
// How: the bank computes the 32-bit phase increments and the per-tone peak
// amplitude and calls mfTxConfigure; the kernel ramps the old signal down
// and the new one up (rampMs, default 3 ms, smoothstep shape).
//
// Spec: Q.441 frequencies and code; send level −11.5 ± 1 dBm0 per frequency
// (china-no1.md §2.2), frequency accuracy ± 4 Hz (ours is exact to
// 2e-6 Hz).
// Limits: one frame per slot per tick; a change takes effect within the
// next frame and costs one ramp down plus one ramp up.

import type { DspCore } from './core.ts';
import { HotlineError } from '../engine/core/contracts/index.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';
import { mfSignalHz, type MfGroup } from './mf-rx.ts';

/** Options of a sender slot. */
export interface MfTxOptions {
  /** Level of each of the two frequencies (default −11.5 dBm0, Q.441 / china-no1.md §2.2). */
  levelDbm0?: number;
  /** Length of the on and off ramps (default 3 ms). */
  rampMs?: number;
}

/** Defaults of MfTxOptions. */
export const MF_TX_DEFAULTS: Readonly<Required<MfTxOptions>> = { levelDbm0: -11.5, rampMs: 3 };

const DBM0_PEAK = 22825;

/** Slots, parameters and the per-tick work list of the mfTx kernel. */
export class MfTxBank extends KernelBank {
  private readonly options: Required<MfTxOptions>[] = [];

  constructor(core: DspCore) {
    super(core, regionsOf(core, 'mfTx', 'MF_TX'));
  }

  /** Opens a silent sender slot. */
  open(options: MfTxOptions = {}): number {
    const slot = this.allocSlot();
    this.options[slot] = { ...MF_TX_DEFAULTS, ...options };
    return slot;
  }

  /** Starts signal 1..15 of a group on the slot, or stops the slot's signal (0). */
  setSignal(slot: number, group: MfGroup, signal: number): void {
    this.checkSlot(slot);
    if (!Number.isInteger(signal) || signal < 0 || signal > 15) {
      throw new HotlineError('ERR_INVALID_ARG', `mfTx.setSignal: signal: expected 0..15, got ${signal}`);
    }
    const o = this.options[slot] ?? MF_TX_DEFAULTS;
    const i = this.paramsI32(slot);
    const f = this.paramsF32(slot);
    const u = new Uint32Array(i.buffer, i.byteOffset, i.length);
    const [a, b] = signal === 0 ? [0, 0] : mfSignalHz(group, signal);
    i[0] = signal;
    f[1] = DBM0_PEAK * Math.pow(10, o.levelDbm0 / 20);
    i[2] = Math.max(1, Math.round(o.rampMs * 8));
    u[3] = Math.round((a * 2 ** 32) / 8000) >>> 0;
    u[4] = Math.round((b * 2 ** 32) / 8000) >>> 0;
    this.applyParams(slot);
  }

  /** Queues one frame for the slot: overwritten, or mixed in with saturation when mix is true. */
  queue(slot: number, framePtr: number, mix = false): void {
    this.push(slot, framePtr, mix ? 1 : 0, 0);
  }

  /** The signal sounding on the slot (0 when silent or fading out to a change). */
  sounding(slot: number): number {
    this.checkSlot(slot);
    return this.core.i32[this.resultIndex(slot)] ?? 0;
  }
}
