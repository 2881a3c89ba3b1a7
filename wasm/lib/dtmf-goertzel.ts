// Goertzel stage of the DTMF detector (kernels/dtmf-rx.ts): the eight
// DTMF filters and the block energy over 80-sample blocks, for four slots at
// once (SIMD build) or one (scalar build), plus the second-harmonic check.
//
// How: SIMD build: four frames are widened, converted and transposed into
// XBUF (lane j = frame j; i16x8 loads, 4x4 shuffles), then goertzel8 runs
// the eight recurrences s = (x - s2) + 2cos(w) s1 on f32x4 lanes, so only one
// multiply-add sits on each loop-carried path and the lanes are independent.
// Scalar build: goertzelScalar runs the same recurrences on one frame.
// Both leave, per filter k and lane j, s1, s2 and the raw power
// |y|^2 = s1^2 + s2^2 - 2cos(w) s1 s2 in S1, S2, PW at (k * 16 + j * 4), and
// the block energy in EN at j * 4. Static scratch (memory.data), no
// allocation. Spec: Goertzel's algorithm for one DFT term; Q.23 frequencies.
// Limits: blocks of DTMF_BLOCK_SAMPLES inside one 160-sample frame.

import { FRAME_SAMPLES } from "../layout";
import { DTMF_BLOCK_SAMPLES, DTMF_COEF, DTMF_H2COEF } from "./dtmf-tables";

const M = DTMF_BLOCK_SAMPLES;

// Static scratch: transposed frame (160 x f32x4) and per-block Goertzel
// outputs (s1, s2, raw power for 8 filters x 4 lanes) and energy (4 lanes).
export const XBUF = memory.data(FRAME_SAMPLES * 16, 16);
export const S1 = memory.data(8 * 16, 16);
export const S2 = memory.data(8 * 16, 16);
export const PW = memory.data(8 * 16, 16);
export const EN = memory.data(16, 16);

// All eight filters and the energy over block samples n0..n0+M of the
// transposed frame. The recurrence is written (x - s2) + c * s1 so that only
// the multiply-add sits on the loop-carried path.
@inline export function goertzel8(n0: i32): void {
  const c0 = f32x4.splat(load<f32>(DTMF_COEF)), c1 = f32x4.splat(load<f32>(DTMF_COEF, 4));
  const c2 = f32x4.splat(load<f32>(DTMF_COEF, 8)), c3 = f32x4.splat(load<f32>(DTMF_COEF, 12));
  const c4 = f32x4.splat(load<f32>(DTMF_COEF, 16)), c5 = f32x4.splat(load<f32>(DTMF_COEF, 20));
  const c6 = f32x4.splat(load<f32>(DTMF_COEF, 24)), c7 = f32x4.splat(load<f32>(DTMF_COEF, 28));
  const z = f32x4.splat(0);
  let a0 = z, b0 = z, a1 = z, b1 = z, a2 = z, b2 = z, a3 = z, b3 = z;
  let a4 = z, b4 = z, a5 = z, b5 = z, a6 = z, b6 = z, a7 = z, b7 = z;
  let e = z;
  let p = XBUF + <usize>(n0 << 4);
  const end = p + <usize>(M << 4);
  while (p < end) {
    const x = v128.load(p);
    const t0 = f32x4.add(f32x4.sub(x, b0), f32x4.mul(c0, a0));
    const t1 = f32x4.add(f32x4.sub(x, b1), f32x4.mul(c1, a1));
    const t2 = f32x4.add(f32x4.sub(x, b2), f32x4.mul(c2, a2));
    const t3 = f32x4.add(f32x4.sub(x, b3), f32x4.mul(c3, a3));
    const t4 = f32x4.add(f32x4.sub(x, b4), f32x4.mul(c4, a4));
    const t5 = f32x4.add(f32x4.sub(x, b5), f32x4.mul(c5, a5));
    const t6 = f32x4.add(f32x4.sub(x, b6), f32x4.mul(c6, a6));
    const t7 = f32x4.add(f32x4.sub(x, b7), f32x4.mul(c7, a7));
    b0 = a0; a0 = t0; b1 = a1; a1 = t1; b2 = a2; a2 = t2; b3 = a3; a3 = t3;
    b4 = a4; a4 = t4; b5 = a5; a5 = t5; b6 = a6; a6 = t6; b7 = a7; a7 = t7;
    e = f32x4.add(e, f32x4.mul(x, x));
    p += 16;
  }
  put4(0, a0, b0, c0); put4(1, a1, b1, c1); put4(2, a2, b2, c2); put4(3, a3, b3, c3);
  put4(4, a4, b4, c4); put4(5, a5, b5, c5); put4(6, a6, b6, c6); put4(7, a7, b7, c7);
  v128.store(EN, e);
}

// Stores one filter's last two states and raw power |y|^2 for four lanes.
@inline function put4(k: i32, a: v128, b: v128, c: v128): void {
  const o = <usize>(k << 4);
  v128.store(S1 + o, a);
  v128.store(S2 + o, b);
  v128.store(PW + o, f32x4.sub(f32x4.add(f32x4.mul(a, a), f32x4.mul(b, b)), f32x4.mul(c, f32x4.mul(a, b))));
}

// Bit j set when lane j may hold a digit: strongest row and column above the
// screen floor and the two holding at least 0.343 of the block energy.
@inline export function screenLanes(screen: v128, pairToTotal: f32): i32 {
  const mr = f32x4.pmax(f32x4.pmax(v128.load(PW), v128.load(PW, 16)), f32x4.pmax(v128.load(PW, 32), v128.load(PW, 48)));
  const mc = f32x4.pmax(f32x4.pmax(v128.load(PW, 64), v128.load(PW, 80)), f32x4.pmax(v128.load(PW, 96), v128.load(PW, 112)));
  const pair = f32x4.mul(f32x4.add(mr, mc), f32x4.splat(2.0 / <f32>M));
  const enough = f32x4.ge(pair, f32x4.mul(v128.load(EN), f32x4.splat(0.49 * pairToTotal)));
  return i32x4.bitmask(v128.and(v128.and(f32x4.ge(mr, screen), f32x4.ge(mc, screen)), enough));
}

// Widens, converts and transposes four frames into XBUF (lane j = frame j).
export function transpose4(p0: usize, p1: usize, p2: usize, p3: usize): void {
  for (let n = 0; n < FRAME_SAMPLES; n += 8) {
    const off = <usize>(n << 1);
    const v0 = v128.load(p0 + off);
    const v1 = v128.load(p1 + off);
    const v2 = v128.load(p2 + off);
    const v3 = v128.load(p3 + off);
    const dst = XBUF + <usize>(n << 4);
    store4(dst, i32x4.extend_low_i16x8_s(v0), i32x4.extend_low_i16x8_s(v1),
      i32x4.extend_low_i16x8_s(v2), i32x4.extend_low_i16x8_s(v3));
    store4(dst + 64, i32x4.extend_high_i16x8_s(v0), i32x4.extend_high_i16x8_s(v1),
      i32x4.extend_high_i16x8_s(v2), i32x4.extend_high_i16x8_s(v3));
  }
}

@inline function store4(dst: usize, a: v128, b: v128, c: v128, d: v128): void {
  const t0 = i32x4.shuffle(a, b, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(a, b, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(c, d, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(c, d, 2, 6, 3, 7);
  v128.store(dst, f32x4.convert_i32x4_s(i32x4.shuffle(t0, t2, 0, 1, 4, 5)));
  v128.store(dst, f32x4.convert_i32x4_s(i32x4.shuffle(t0, t2, 2, 3, 6, 7)), 16);
  v128.store(dst, f32x4.convert_i32x4_s(i32x4.shuffle(t1, t3, 0, 1, 4, 5)), 32);
  v128.store(dst, f32x4.convert_i32x4_s(i32x4.shuffle(t1, t3, 2, 3, 6, 7)), 48);
}

// Scalar Goertzel over one block of one frame, results in lane 0.
export function goertzelScalar(ptr: usize, n0: i32): void {
  const c0 = load<f32>(DTMF_COEF), c1 = load<f32>(DTMF_COEF, 4), c2 = load<f32>(DTMF_COEF, 8), c3 = load<f32>(DTMF_COEF, 12);
  const c4 = load<f32>(DTMF_COEF, 16), c5 = load<f32>(DTMF_COEF, 20), c6 = load<f32>(DTMF_COEF, 24), c7 = load<f32>(DTMF_COEF, 28);
  let a0: f32 = 0, b0: f32 = 0, a1: f32 = 0, b1: f32 = 0, a2: f32 = 0, b2: f32 = 0, a3: f32 = 0, b3: f32 = 0;
  let a4: f32 = 0, b4: f32 = 0, a5: f32 = 0, b5: f32 = 0, a6: f32 = 0, b6: f32 = 0, a7: f32 = 0, b7: f32 = 0;
  let e: f32 = 0;
  let p = ptr + <usize>(n0 << 1);
  const end = p + <usize>(M << 1);
  while (p < end) {
    const x = <f32>load<i16>(p);
    let t: f32;
    t = (x - b0) + c0 * a0; b0 = a0; a0 = t;
    t = (x - b1) + c1 * a1; b1 = a1; a1 = t;
    t = (x - b2) + c2 * a2; b2 = a2; a2 = t;
    t = (x - b3) + c3 * a3; b3 = a3; a3 = t;
    t = (x - b4) + c4 * a4; b4 = a4; a4 = t;
    t = (x - b5) + c5 * a5; b5 = a5; a5 = t;
    t = (x - b6) + c6 * a6; b6 = a6; a6 = t;
    t = (x - b7) + c7 * a7; b7 = a7; a7 = t;
    e += x * x;
    p += 2;
  }
  putScalar(0, a0, b0, c0); putScalar(1, a1, b1, c1); putScalar(2, a2, b2, c2); putScalar(3, a3, b3, c3);
  putScalar(4, a4, b4, c4); putScalar(5, a5, b5, c5); putScalar(6, a6, b6, c6); putScalar(7, a7, b7, c7);
  store<f32>(EN, e);
}

@inline function putScalar(k: i32, a: f32, b: f32, c: f32): void {
  const o = <usize>(k << 4);
  store<f32>(S1 + o, a);
  store<f32>(S2 + o, b);
  store<f32>(PW + o, a * a + b * b - c * a * b);
}

@inline export function lane(buf: usize, k: i32, j: i32): f32 {
  return load<f32>(buf + <usize>((k << 4) + (j << 2)));
}

// Power at the second harmonic of column c, as two 40-sample Goertzels
// whose powers add (twice the bandwidth of the 80-sample filters, so the
// harmonic of a tone 2% off, 4% off at 2f, is still seen), over lane j of
// XBUF from the block's first sample (SIMD build) or the frame's i16
// samples (scalar build).
export function secondHarmonic(c: i32, src: usize, j: i32): f32 {
  const k = load<f32>(DTMF_H2COEF + <usize>(c << 2));
  let sum: f32 = 0;
  for (let half = 0; half < M; half += M >> 1) {
    let a: f32 = 0, b: f32 = 0;
    for (let n = half; n < half + (M >> 1); n++) {
      let x: f32;
      if (ASC_FEATURE_SIMD) x = load<f32>(src + <usize>((n << 4) + (j << 2)));
      else x = <f32>load<i16>(src + <usize>(n << 1));
      const t = (x - b) + k * a;
      b = a;
      a = t;
    }
    sum += a * a + b * b - k * a * b;
  }
  return (sum * 2.0) / <f32>(M >> 1);
}
