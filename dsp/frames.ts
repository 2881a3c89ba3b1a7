// Frame pool: 20 ms buffers inside WASM memory that work records point at.
//
// A frame is FRAME_BYTES (320) bytes: 160 i16 samples, or 160 G.711 octets.
// Frames are handed out once (when a leg opens) and returned when it closes;
// the typed views are created at allocation, never per tick.

import { HotlineError } from '../engine/core/contracts/index.ts';
import type { DspCore } from './core.ts';

/** One frame of the pool. `ptr` is its byte address for work records. */
export interface Frame {
  readonly index: number;
  readonly ptr: number;
  /** The frame as 160 linear samples. */
  readonly pcm: Int16Array;
  /** The frame as 160 octets (G.711). */
  readonly octets: Uint8Array;
}

/** Allocator over the FRAME_POOL region. */
export class FramePool {
  private readonly core: DspCore;
  private readonly free: number[] = [];
  private readonly used: Uint8Array;

  constructor(core: DspCore) {
    this.core = core;
    const n = core.layout.FRAME_POOL_FRAMES;
    this.used = new Uint8Array(n);
    for (let i = n - 1; i >= 0; i--) this.free.push(i);
  }

  /** Frames still available. */
  get available(): number {
    return this.free.length;
  }

  /** Takes one zeroed frame; throws ERR_CAPACITY when the pool is exhausted. */
  alloc(): Frame {
    const index = this.free.pop();
    if (index === undefined) throw new HotlineError('ERR_CAPACITY', 'dsp frame pool exhausted');
    this.used[index] = 1;
    const L = this.core.layout;
    const ptr = L.FRAME_POOL_BASE + index * L.FRAME_BYTES;
    const pcm = this.core.i16.subarray(ptr >> 1, (ptr >> 1) + L.FRAME_SAMPLES);
    const octets = this.core.u8.subarray(ptr, ptr + L.FRAME_SAMPLES);
    pcm.fill(0);
    return { index, ptr, pcm, octets };
  }

  /** Returns a frame; a double release is a bug and throws. */
  release(frame: Frame): void {
    if (this.used[frame.index] !== 1) throw new HotlineError('ERR_INVALID_STATE', `frame ${frame.index} released twice`);
    this.used[frame.index] = 0;
    this.free.push(frame.index);
  }
}
