// G711Bank: typed API of the g711 kernel (wasm/kernels/g711.ts).
//
// What it does: queues G.711 conversions (encode, decode, A-law ↔ μ-law) as
// work records for the tick, and offers synchronous conversions of arbitrary
// buffers for non-tick use (WAV import/export, tools, tests).
//
// How: a work record is [op, inPtr, outPtr, samples]. The synchronous helpers
// copy through a scratch area (the kernel's one STATE block, 8 KiB) in
// chunks and call the kernel's g711Convert export directly, so they never
// touch the tick's work list and give exactly the kernel's results.
//
// Limits: the synchronous helpers cross the JS/WASM boundary once per 2048
// samples: fine for files, not meant for per-frame use (queue work instead).

import { HotlineError } from '../engine/core/contracts/index.ts';
import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** The two G.711 laws: A-law (E1, China, Europe) and μ-law (T1, North America, Japan). */
export type G711Law = 'alaw' | 'ulaw';

/** Samples per chunk of the synchronous helpers (fits the 8 KiB scratch). */
const SCRATCH_SAMPLES = 2048;

/** Queues and runs G.711 conversions. */
export class G711Bank extends KernelBank {
  private readonly convert: (op: number, inPtr: number, outPtr: number, samples: number) => number;
  private readonly scratchPcm: number;
  private readonly scratchOctets: number;
  private readonly ops: { encodeA: number; encodeU: number; decodeA: number; decodeU: number; aToU: number; uToA: number };

  constructor(core: DspCore) {
    super(core, regionsOf(core, 'g711', 'G711'));
    this.convert = core.fn('g711Convert');
    this.scratchPcm = this.regions.stateBase;
    this.scratchOctets = this.regions.stateBase + SCRATCH_SAMPLES * 2;
    if (this.regions.stateBytes < SCRATCH_SAMPLES * 3) throw new HotlineError('ERR_DSP', 'g711 scratch region too small');
    const L = core.layout;
    this.ops = {
      encodeA: L.G711_OP_ENCODE_A,
      encodeU: L.G711_OP_ENCODE_U,
      decodeA: L.G711_OP_DECODE_A,
      decodeU: L.G711_OP_DECODE_U,
      aToU: L.G711_OP_A_TO_U,
      uToA: L.G711_OP_U_TO_A,
    };
  }

  /** Queues encoding `samples` i16 at inPtr to octets at outPtr. */
  queueEncode(law: G711Law, inPtr: number, outPtr: number, samples = 160): void {
    this.push(law === 'alaw' ? this.ops.encodeA : this.ops.encodeU, inPtr, outPtr, samples);
  }

  /** Queues decoding `samples` octets at inPtr to i16 at outPtr. */
  queueDecode(law: G711Law, inPtr: number, outPtr: number, samples = 160): void {
    this.push(law === 'alaw' ? this.ops.decodeA : this.ops.decodeU, inPtr, outPtr, samples);
  }

  /** Queues transcoding octets of law `from` to the other law (G.711 Tables 3 and 4); in place is allowed. */
  queueTranscode(from: G711Law, inPtr: number, outPtr: number, samples = 160): void {
    this.push(from === 'alaw' ? this.ops.aToU : this.ops.uToA, inPtr, outPtr, samples);
  }

  /** Encodes pcm into out (same length) now, through the kernel. */
  encode(law: G711Law, pcm: Int16Array, out: Uint8Array): void {
    this.checkLengths(pcm.length, out.length);
    const op = law === 'alaw' ? this.ops.encodeA : this.ops.encodeU;
    const i16 = this.core.i16;
    const u8 = this.core.u8;
    for (let at = 0; at < pcm.length; at += SCRATCH_SAMPLES) {
      const n = Math.min(SCRATCH_SAMPLES, pcm.length - at);
      i16.set(pcm.subarray(at, at + n), this.scratchPcm >> 1);
      this.convert(op, this.scratchPcm, this.scratchOctets, n);
      out.set(u8.subarray(this.scratchOctets, this.scratchOctets + n), at);
    }
  }

  /** Decodes octets into out (same length) now, through the kernel. */
  decode(law: G711Law, octets: Uint8Array, out: Int16Array): void {
    this.checkLengths(octets.length, out.length);
    const op = law === 'alaw' ? this.ops.decodeA : this.ops.decodeU;
    const i16 = this.core.i16;
    const u8 = this.core.u8;
    for (let at = 0; at < octets.length; at += SCRATCH_SAMPLES) {
      const n = Math.min(SCRATCH_SAMPLES, octets.length - at);
      u8.set(octets.subarray(at, at + n), this.scratchOctets);
      this.convert(op, this.scratchOctets, this.scratchPcm, n);
      out.set(i16.subarray(this.scratchPcm >> 1, (this.scratchPcm >> 1) + n), at);
    }
  }

  /** Transcodes octets of law `from` into out (the other law) now, through the kernel. */
  transcode(from: G711Law, octets: Uint8Array, out: Uint8Array): void {
    this.checkLengths(octets.length, out.length);
    const op = from === 'alaw' ? this.ops.aToU : this.ops.uToA;
    const u8 = this.core.u8;
    for (let at = 0; at < octets.length; at += SCRATCH_SAMPLES) {
      const n = Math.min(SCRATCH_SAMPLES, octets.length - at);
      u8.set(octets.subarray(at, at + n), this.scratchOctets);
      this.convert(op, this.scratchOctets, this.scratchPcm, n);
      out.set(u8.subarray(this.scratchPcm, this.scratchPcm + n), at);
    }
  }

  private checkLengths(input: number, output: number): void {
    if (output < input) {
      throw new HotlineError('ERR_INVALID_ARG', `g711: output holds ${output} samples, input has ${input}`);
    }
  }
}
