// DtmfTxBank: typed slot API of the dtmfTx kernel (wasm/kernels/dtmf-tx.ts).
//
// What it does: opens generator slots, starts digit strings with their on
// and off times and per-group levels, and queues one output frame per slot
// per tick (overwrite or add). The kernel emits EV_DTMF_TX_DONE when a
// string ends; busy(slot) reads the kernel's result block.
//
// Defaults (docs/dsp/dtmf.md): 50 ms on, 50 ms off (10 digits/s, the Q.24
// maximum rate, pause above the 40 ms Q.24 minimum), low group -10 dBm0,
// high group -8 dBm0 (2 dB pre-emphasis, Q.23 practice).
// Limits: DTMF_TX_MAX_DIGITS digits per send; send while busy is refused.

import { HotlineError } from '../engine/core/contracts/index.ts';
import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

const DIGITS = '123A456B789C*0#D';
const DBM0_PEAK = 22825;

/** Timing and levels of one digit string. */
export interface DtmfSendOptions {
  /** Tone time per digit, ms (5..10000). Default 50. */
  onMs?: number;
  /** Silence after each digit, ms (0..10000). Default 50. */
  offMs?: number;
  /** Row (low group) tone level, dBm0 (-60..0). Default -10. */
  lowDbm0?: number;
  /** Column (high group) tone level, dBm0 (-60..0). Default -8. */
  highDbm0?: number;
}

/** How queue() writes the out frame. */
export type DtmfTxMode = 'overwrite' | 'add';

/** Slots, parameters and the per-tick work list of the dtmfTx kernel. */
export class DtmfTxBank extends KernelBank {
  /** Most digits one send() accepts. */
  readonly maxDigits: number;

  constructor(core: DspCore) {
    super(core, regionsOf(core, 'dtmfTx', 'DTMF_TX'));
    this.maxDigits = (core.layout as unknown as Record<string, number>)['DTMF_TX_MAX_DIGITS'] ?? 100;
  }

  /** Opens an idle generator slot. */
  open(): number {
    return this.allocSlot();
  }

  /** Starts sending digits ("0-9 * # A-D", case-insensitive). Throws on bad input or when busy. */
  send(slot: number, digits: string, options: DtmfSendOptions = {}): void {
    this.checkSlot(slot);
    if (this.busy(slot)) throw new HotlineError('ERR_INVALID_STATE', `dtmfTx.send: slot ${slot} is still sending`);
    if (digits.length === 0 || digits.length > this.maxDigits) {
      throw new HotlineError('ERR_INVALID_ARG', `dtmfTx.send: digits: expected 1..${this.maxDigits} digits, got ${digits.length}`);
    }
    const onMs = checkRange('onMs', options.onMs ?? 50, 5, 10000);
    const offMs = checkRange('offMs', options.offMs ?? 50, 0, 10000);
    const lowDbm0 = checkRange('lowDbm0', options.lowDbm0 ?? -10, -60, 0);
    const highDbm0 = checkRange('highDbm0', options.highDbm0 ?? -8, -60, 0);
    const i32 = this.paramsI32(slot);
    const f32 = this.paramsF32(slot);
    i32[0] = digits.length;
    i32[1] = Math.round(onMs * 8);
    i32[2] = Math.round(offMs * 8);
    f32[3] = DBM0_PEAK * Math.pow(10, lowDbm0 / 20);
    f32[4] = DBM0_PEAK * Math.pow(10, highDbm0 / 20);
    const base = this.regions.paramBase + slot * this.regions.paramBytes + 20;
    for (let i = 0; i < digits.length; i++) {
      const d = DIGITS.indexOf((digits[i] ?? '').toUpperCase());
      if (d < 0) throw new HotlineError('ERR_INVALID_ARG', `dtmfTx.send: digits[${i}]: expected one of ${DIGITS}, got ${JSON.stringify(digits[i])}`);
      this.core.u8[base + i] = d;
    }
    this.applyParams(slot);
  }

  /** Stops the current string at once (no done event). */
  stop(slot: number): void {
    this.checkSlot(slot);
    this.paramsI32(slot)[0] = 0;
    this.applyParams(slot);
  }

  /** True while a string is being sent (including its last off time). */
  busy(slot: number): boolean {
    this.checkSlot(slot);
    return (this.core.i32[this.resultIndex(slot)] ?? 0) !== 0;
  }

  /** Digits fully sent (tone and pause) of the current or last string. */
  sent(slot: number): number {
    this.checkSlot(slot);
    return this.core.i32[this.resultIndex(slot) + 1] ?? 0;
  }

  /** Queues one output frame (byte address) for the next run(). */
  queue(slot: number, outPtr: number, mode: DtmfTxMode = 'overwrite'): void {
    this.checkSlot(slot);
    this.push(slot, outPtr, mode === 'add' ? 1 : 0, 0);
  }
}

function checkRange(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isFinite(v) || v < lo || v > hi) {
    throw new HotlineError('ERR_INVALID_ARG', `dtmfTx.send: ${name}: expected ${lo}..${hi}, got ${v}`);
  }
  return v;
}
