// Kernel g711: A-law and μ-law encode, decode and transcode (ITU-T G.711).
//
// What it does: converts blocks of samples between 16-bit linear and G.711
// octets (one octet per byte), and between the two laws, bit-exactly as
// wasm/lib/g711-rules.ts defines them (G.711 §2, §3, Tables 1 to 4).
//
// How: a work record is [op, inPtr, outPtr, samples]; `op` is one of the
// G711_OP_* codes below, pointers are byte addresses (frames of the pool,
// or any region), `samples` is the count (usually 160). There is no per-slot
// state: the slot regions are unused and the kernel has one dummy slot.
//   SIMD build: encoders and decoders are computed 16 samples at a time.
//     The segment is the count of thresholds the magnitude exceeds; the
//     variable shift that extracts the four quantisation bits becomes a
//     multiply by 2^(9 - seg) (a left shift that puts them in the top
//     nibble), the per-lane power of two comes from an 8-entry i8x16.swizzle
//     table. Transcoding uses the 256-entry tables.
//   Scalar build: lookups in tables built once by g711Init from the rules:
//     a 64 Ki-entry encode table per law (indexed by the sample as u16), a
//     256-entry decode table per law, and the two transcoding tables.
// Table sub-layout in G711_TABLES_BASE is exported below (G711_TABLE_*) so
// other kernels can read the decode tables.
//
// `g711Convert(op, inPtr, outPtr, samples)` does the same as one work record
// without touching the work list, for synchronous conversions from TS.
//
// Limits: pointers must be valid; inPtr and outPtr may be equal only for the
// transcoding ops (octet in, octet out), not for encode or decode.

import { G711_TABLES_BASE, G711_WORK_BASE } from "../layout";
import { alawEncode, alawDecode, ulawEncode, ulawDecode, alawToUlaw, ulawToAlaw } from "../lib/g711-rules";

export const G711_OP_ENCODE_A: i32 = 1;
export const G711_OP_ENCODE_U: i32 = 2;
export const G711_OP_DECODE_A: i32 = 3;
export const G711_OP_DECODE_U: i32 = 4;
export const G711_OP_A_TO_U: i32 = 5;
export const G711_OP_U_TO_A: i32 = 6;

/** 65536 u8: A-law code of each sample, indexed by the sample as u16. */
export const G711_TABLE_ENCODE_A: i32 = G711_TABLES_BASE;
/** 65536 u8: μ-law code of each sample. */
export const G711_TABLE_ENCODE_U: i32 = G711_TABLES_BASE + 65536;
/** 256 i16: linear value of each A-law code. */
export const G711_TABLE_DECODE_A: i32 = G711_TABLES_BASE + 131072;
/** 256 i16: linear value of each μ-law code. */
export const G711_TABLE_DECODE_U: i32 = G711_TABLES_BASE + 131584;
/** 256 u8: G.711 Table 4, A-law to μ-law. */
export const G711_TABLE_A_TO_U: i32 = G711_TABLES_BASE + 132096;
/** 256 u8: G.711 Table 3, μ-law to A-law. */
export const G711_TABLE_U_TO_A: i32 = G711_TABLES_BASE + 132352;

/** One-time table setup, called by dspInit. */
export function g711Init(): void {
  for (let x: i32 = -32768; x < 32768; x++) {
    const at = x & 0xffff;
    store<u8>(G711_TABLE_ENCODE_A + at, alawEncode(x));
    store<u8>(G711_TABLE_ENCODE_U + at, ulawEncode(x));
  }
  for (let c: i32 = 0; c < 256; c++) {
    store<i16>(G711_TABLE_DECODE_A + (c << 1), alawDecode(<u8>c));
    store<i16>(G711_TABLE_DECODE_U + (c << 1), ulawDecode(<u8>c));
    store<u8>(G711_TABLE_A_TO_U + c, alawToUlaw(<u8>c));
    store<u8>(G711_TABLE_U_TO_A + c, ulawToAlaw(<u8>c));
  }
}

/** No state: nothing to clear. */
export function g711Reset(slot: i32): void {}

/** No parameters. */
export function g711Configure(slot: i32): void {}

/** Runs count records [op, inPtr, outPtr, samples] from G711_WORK_BASE. */
export function g711Tick(count: i32): void {
  for (let r = 0; r < count; r++) {
    const at = G711_WORK_BASE + (r << 4);
    g711Convert(load<i32>(at), load<i32>(at, 4), load<i32>(at, 8), load<i32>(at, 12));
  }
}

/** One conversion; returns 0, or -1 for an unknown op. */
export function g711Convert(op: i32, inPtr: i32, outPtr: i32, samples: i32): i32 {
  let done = 0;
  if (ASC_FEATURE_SIMD) {
    const blocks = samples & ~15;
    if (op == G711_OP_ENCODE_A) encodeASimd(inPtr, outPtr, blocks);
    else if (op == G711_OP_ENCODE_U) encodeUSimd(inPtr, outPtr, blocks);
    else if (op == G711_OP_DECODE_A) decodeASimd(inPtr, outPtr, blocks);
    else if (op == G711_OP_DECODE_U) decodeUSimd(inPtr, outPtr, blocks);
    if (op <= G711_OP_DECODE_U) done = blocks;
  }
  const n = samples - done;
  const si = inPtr + (op <= G711_OP_ENCODE_U ? done << 1 : done);
  const so = outPtr + (op == G711_OP_DECODE_A || op == G711_OP_DECODE_U ? done << 1 : done);
  if (op == G711_OP_ENCODE_A) encodeTable(G711_TABLE_ENCODE_A, si, so, n);
  else if (op == G711_OP_ENCODE_U) encodeTable(G711_TABLE_ENCODE_U, si, so, n);
  else if (op == G711_OP_DECODE_A) decodeTable(G711_TABLE_DECODE_A, si, so, n);
  else if (op == G711_OP_DECODE_U) decodeTable(G711_TABLE_DECODE_U, si, so, n);
  else if (op == G711_OP_A_TO_U) transcodeTable(G711_TABLE_A_TO_U, si, so, n);
  else if (op == G711_OP_U_TO_A) transcodeTable(G711_TABLE_U_TO_A, si, so, n);
  else return -1;
  return 0;
}

// ---- table paths (scalar build, and SIMD tails) ---------------------------

function encodeTable(table: i32, inPtr: i32, outPtr: i32, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = inPtr + (i << 1);
    const o = outPtr + i;
    store<u8>(o, load<u8>(table + <i32>load<u16>(p)));
    store<u8>(o, load<u8>(table + <i32>load<u16>(p, 2)), 1);
    store<u8>(o, load<u8>(table + <i32>load<u16>(p, 4)), 2);
    store<u8>(o, load<u8>(table + <i32>load<u16>(p, 6)), 3);
  }
  for (; i < n; i++) store<u8>(outPtr + i, load<u8>(table + <i32>load<u16>(inPtr + (i << 1))));
}

function decodeTable(table: i32, inPtr: i32, outPtr: i32, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = inPtr + i;
    const o = outPtr + (i << 1);
    store<i16>(o, load<i16>(table + (<i32>load<u8>(p) << 1)));
    store<i16>(o, load<i16>(table + (<i32>load<u8>(p, 1) << 1)), 2);
    store<i16>(o, load<i16>(table + (<i32>load<u8>(p, 2) << 1)), 4);
    store<i16>(o, load<i16>(table + (<i32>load<u8>(p, 3) << 1)), 6);
  }
  for (; i < n; i++) store<i16>(outPtr + (i << 1), load<i16>(table + (<i32>load<u8>(inPtr + i) << 1)));
}

function transcodeTable(table: i32, inPtr: i32, outPtr: i32, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(outPtr + i, load<u8>(table + <i32>load<u8>(inPtr + i)));
}

// ---- SIMD paths ------------------------------------------------------------

// 2^(9 - seg) for the A-law and μ-law shifts (see the header), and the A-law
// decoder's per-segment base and scale: mag = ((q << 4) + base) * scale.
// They are written where used (not as globals) so the scalar build, which
// never compiles these functions, has no v128 globals.
/** Swizzle indices that pick 16-bit entry `seg` of a table, per lane. */
// @ts-ignore: decorator
@inline function laneIndex(seg: v128): v128 {
  return i16x8.add(i16x8.mul(seg, i16x8.splat(0x0202)), i16x8.splat(0x0100));
}

/** Segment 0..7 of a non-negative 15-bit magnitude: how many of 256, 512, ... 16384 it reaches. */
// @ts-ignore: decorator
@inline function segmentOf(m: v128): v128 {
  let s = i16x8.gt_s(m, i16x8.splat(255));
  s = i16x8.add(s, i16x8.gt_s(m, i16x8.splat(511)));
  s = i16x8.add(s, i16x8.gt_s(m, i16x8.splat(1023)));
  s = i16x8.add(s, i16x8.gt_s(m, i16x8.splat(2047)));
  s = i16x8.add(s, i16x8.gt_s(m, i16x8.splat(4095)));
  s = i16x8.add(s, i16x8.gt_s(m, i16x8.splat(8191)));
  s = i16x8.add(s, i16x8.gt_s(m, i16x8.splat(16383)));
  return i16x8.neg(s);
}

// @ts-ignore: decorator
@inline function encodeA8(x: v128): v128 {
  const sign = i16x8.shr_s(x, 15);
  const m = v128.xor(x, sign);
  const seg = segmentOf(m);
  const q = i16x8.shr_u(i16x8.mul(m, i8x16.swizzle(i16x8(256, 256, 128, 64, 32, 16, 8, 4), laneIndex(seg))), 12);
  const code = v128.or(v128.or(i16x8.shl(seg, 4), q), v128.andnot(i16x8.splat(0x80), sign));
  return v128.xor(code, i16x8.splat(0x55));
}

// @ts-ignore: decorator
@inline function encodeU8(x: v128): v128 {
  const sign = i16x8.shr_s(x, 15);
  const v = i16x8.min_u(i16x8.add(i16x8.abs(x), i16x8.splat(0x84)), i16x8.splat(0x7fff));
  const seg = segmentOf(v);
  const q = i16x8.shr_u(i16x8.mul(v, i8x16.swizzle(i16x8(512, 256, 128, 64, 32, 16, 8, 4), laneIndex(seg))), 12);
  const mask = v128.or(i16x8.splat(0x7f), v128.andnot(i16x8.splat(0x80), sign));
  return v128.xor(v128.or(i16x8.shl(seg, 4), q), mask);
}

// @ts-ignore: decorator
@inline function decodeA8(c: v128): v128 {
  const seg = v128.and(i16x8.shr_u(c, 4), i16x8.splat(7));
  const idx = laneIndex(seg);
  const q = i16x8.shl(v128.and(c, i16x8.splat(0x0f)), 4);
  const mag = i16x8.mul(i16x8.add(q, i8x16.swizzle(i16x8(8, 264, 264, 264, 264, 264, 264, 264), idx)), i8x16.swizzle(i16x8(1, 1, 2, 4, 8, 16, 32, 64), idx));
  const neg = v128.not(i16x8.shr_s(i16x8.shl(c, 8), 15));
  return i16x8.sub(v128.xor(mag, neg), neg);
}

// @ts-ignore: decorator
@inline function decodeU8(c: v128): v128 {
  const seg = v128.and(i16x8.shr_u(c, 4), i16x8.splat(7));
  const q = i16x8.shl(v128.and(c, i16x8.splat(0x0f)), 3);
  const t = i16x8.mul(i16x8.add(q, i16x8.splat(0x84)), i8x16.swizzle(i16x8(1, 2, 4, 8, 16, 32, 64, 128), laneIndex(seg)));
  const mag = i16x8.sub(t, i16x8.splat(0x84));
  const neg = i16x8.shr_s(i16x8.shl(c, 8), 15);
  return i16x8.sub(v128.xor(mag, neg), neg);
}

function encodeASimd(inPtr: i32, outPtr: i32, n: i32): void {
  for (let i = 0; i < n; i += 16) {
    const p = inPtr + (i << 1);
    store<v128>(outPtr + i, i8x16.narrow_i16x8_u(encodeA8(v128.load(p)), encodeA8(v128.load(p, 16))));
  }
}

function encodeUSimd(inPtr: i32, outPtr: i32, n: i32): void {
  for (let i = 0; i < n; i += 16) {
    const p = inPtr + (i << 1);
    store<v128>(outPtr + i, i8x16.narrow_i16x8_u(encodeU8(v128.load(p)), encodeU8(v128.load(p, 16))));
  }
}

function decodeASimd(inPtr: i32, outPtr: i32, n: i32): void {
  for (let i = 0; i < n; i += 16) {
    const c = v128.xor(v128.load(inPtr + i), i8x16.splat(0x55));
    const o = outPtr + (i << 1);
    v128.store(o, decodeA8(i16x8.extend_low_i8x16_u(c)));
    v128.store(o, decodeA8(i16x8.extend_high_i8x16_u(c)), 16);
  }
}

function decodeUSimd(inPtr: i32, outPtr: i32, n: i32): void {
  for (let i = 0; i < n; i += 16) {
    const c = v128.not(v128.load(inPtr + i));
    const o = outPtr + (i << 1);
    v128.store(o, decodeU8(i16x8.extend_low_i8x16_u(c)));
    v128.store(o, decodeU8(i16x8.extend_high_i8x16_u(c)), 16);
  }
}
