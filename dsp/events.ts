// Drains the kernels' event ring after a tick.
//
// Records are (slot, kind, value, offsetSamples); kinds come in ranges of
// 0x100 per kernel (wasm/lib/event-kinds.ts). The reader advances `read`
// in the ring header; `overflow` counts events the kernels had to drop.

import type { DspCore } from './core.ts';

/** One raw DSP event. */
export interface DspEvent {
  slot: number;
  kind: number;
  value: number;
  offsetSamples: number;
}

/** Reader of the event ring. */
export class EventRing {
  private readonly core: DspCore;
  private readonly header: number;
  private readonly base: number;
  private readonly mask: number;

  constructor(core: DspCore) {
    this.core = core;
    this.header = core.layout.EVENT_RING_HEADER >> 2;
    this.base = core.layout.EVENT_RING_BASE >> 2;
    this.mask = core.layout.EVENT_RING_RECORDS - 1;
  }

  /** Events dropped because the ring was full, since load. */
  get overflow(): number {
    return this.core.u32[this.header + 2] ?? 0;
  }

  /** Calls fn for every pending event, oldest first, and empties the ring. */
  drain(fn: (slot: number, kind: number, value: number, offsetSamples: number) => void): number {
    const u32 = this.core.u32;
    const i32 = this.core.i32;
    const write = u32[this.header] ?? 0;
    let read = u32[this.header + 1] ?? 0;
    let n = 0;
    while (read !== write) {
      const at = this.base + ((read & this.mask) << 2);
      fn(i32[at] ?? 0, i32[at + 1] ?? 0, i32[at + 2] ?? 0, i32[at + 3] ?? 0);
      read = (read + 1) >>> 0;
      n++;
    }
    u32[this.header + 1] = read;
    return n;
  }

  /** Collects pending events into an array (tests and tools). */
  take(): DspEvent[] {
    const out: DspEvent[] = [];
    this.drain((slot, kind, value, offsetSamples) => out.push({ slot, kind, value, offsetSamples }));
    return out;
  }
}
