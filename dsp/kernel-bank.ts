// KernelBank: the TS side of one kernel's slots, parameters and work list.
//
// What it does: allocates slots (free list, no allocation per tick), writes
// work records (four i32 each: usually slot, inPtr, outPtr, aux) for the
// current tick, and calls `<kernel>Tick(count)` once per tick, so the
// JS/WASM boundary is crossed once per kernel per tick, never per channel.
// Subclasses add the kernel's typed API (configure, results, events).

import { HotlineError } from '../engine/core/contracts/index.ts';
import type { DspCore } from './core.ts';

/** Names of one kernel's regions in the generated layout. */
export interface KernelRegions {
  /** Export prefix: `dtmfRx` for dtmfRxTick, dtmfRxReset, ... */
  name: string;
  maxSlots: number;
  stateBase: number;
  stateBytes: number;
  paramBase: number;
  paramBytes: number;
  resultBase: number;
  resultBytes: number;
  workBase: number;
  workRecords: number;
}

/** Base class of every kernel bank. */
export class KernelBank {
  protected readonly core: DspCore;
  protected readonly regions: KernelRegions;
  private readonly freeSlots: number[] = [];
  private readonly inUse: Uint8Array;
  private readonly tickFn: (count: number) => number;
  private readonly resetFn: (slot: number) => number;
  private readonly configureFn: (slot: number) => number;
  private readonly work: Int32Array;
  private count = 0;

  constructor(core: DspCore, regions: KernelRegions) {
    this.core = core;
    this.regions = regions;
    this.inUse = new Uint8Array(regions.maxSlots);
    for (let s = regions.maxSlots - 1; s >= 0; s--) this.freeSlots.push(s);
    this.tickFn = core.fn(`${regions.name}Tick`);
    this.resetFn = core.fn(`${regions.name}Reset`);
    this.configureFn = core.fn(`${regions.name}Configure`);
    this.work = core.i32.subarray(regions.workBase >> 2, (regions.workBase >> 2) + regions.workRecords * 4);
  }

  /** Slots currently open. */
  get openSlots(): number {
    return this.regions.maxSlots - this.freeSlots.length;
  }

  /** Work records queued for the next run(). */
  get queued(): number {
    return this.count;
  }

  /** Takes a free slot and resets its state; throws ERR_CAPACITY when none is left. */
  protected allocSlot(): number {
    const slot = this.freeSlots.pop();
    if (slot === undefined) {
      throw new HotlineError('ERR_CAPACITY', `dsp ${this.regions.name}: all ${this.regions.maxSlots} slots in use`);
    }
    this.inUse[slot] = 1;
    this.paramsI32(slot).fill(0);
    this.resetFn(slot);
    return slot;
  }

  /** Returns a slot to the free list. */
  close(slot: number): void {
    this.checkSlot(slot);
    this.inUse[slot] = 0;
    this.freeSlots.push(slot);
  }

  /** Clears a slot's state (the kernel's Reset). */
  reset(slot: number): void {
    this.checkSlot(slot);
    this.resetFn(slot);
  }

  /** Throws if slot is not open: using a closed slot is a bug. */
  protected checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.regions.maxSlots || this.inUse[slot] !== 1) {
      throw new HotlineError('ERR_INVALID_STATE', `dsp ${this.regions.name}: slot ${slot} is not open`);
    }
  }

  /** The slot's parameter block as i32 (a fresh view; cache it outside hot paths). */
  protected paramsI32(slot: number): Int32Array {
    const at = (this.regions.paramBase + slot * this.regions.paramBytes) >> 2;
    return this.core.i32.subarray(at, at + (this.regions.paramBytes >> 2));
  }

  /** The slot's parameter block as f32. */
  protected paramsF32(slot: number): Float32Array {
    const at = (this.regions.paramBase + slot * this.regions.paramBytes) >> 2;
    return this.core.f32.subarray(at, at + (this.regions.paramBytes >> 2));
  }

  /** Index (in i32/f32 units) of the slot's result block. */
  protected resultIndex(slot: number): number {
    return (this.regions.resultBase + slot * this.regions.resultBytes) >> 2;
  }

  /** Calls the kernel's Configure after the params block was written. */
  protected applyParams(slot: number): void {
    this.configureFn(slot);
  }

  /** Appends one work record for the next run(). */
  protected push(a: number, b: number, c: number, d: number): void {
    if (this.count >= this.regions.workRecords) {
      throw new HotlineError('ERR_CAPACITY', `dsp ${this.regions.name}: more than ${this.regions.workRecords} work records in one tick`);
    }
    const at = this.count << 2;
    const w = this.work;
    w[at] = a;
    w[at + 1] = b;
    w[at + 2] = c;
    w[at + 3] = d;
    this.count++;
  }

  /** Runs the kernel once over every queued record, then empties the list. */
  run(): number {
    const n = this.count;
    if (n > 0) this.tickFn(n);
    this.count = 0;
    return n;
  }
}

/** The regions of a kernel read from the generated layout by its prefix (`DTMF_RX`). */
export function regionsOf(core: DspCore, name: string, prefix: string): KernelRegions {
  const L = core.layout as unknown as Record<string, number>;
  const get = (k: string): number => {
    const v = L[`${prefix}_${k}`];
    if (v === undefined) throw new HotlineError('ERR_DSP', `layout has no ${prefix}_${k}`);
    return v;
  };
  return {
    name,
    maxSlots: get('MAX_SLOTS'),
    stateBase: get('STATE_BASE'),
    stateBytes: get('STATE_BYTES'),
    paramBase: get('PARAM_BASE'),
    paramBytes: get('PARAM_BYTES'),
    resultBase: get('RESULT_BASE'),
    resultBytes: get('RESULT_BYTES'),
    workBase: get('WORK_BASE'),
    workRecords: get('WORK_RECORDS'),
  };
}
