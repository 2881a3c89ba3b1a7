// Interleaves four 160-sample i16 frames into one f32 block, four channels
// per sample, so a Goertzel bank can run across channels in the lanes of
// an f32x4 (the MF and call-progress detectors use it).
//
// How: eight samples of each frame are loaded as one i16x8, widened to two
// i32x4 and converted to f32x4; each 4 x 4 block (four channels x four
// samples) is transposed with two rounds of shuffles, giving for sample i
// the vector [ch0[i], ch1[i], ch2[i], ch3[i]] at out + i * 16.
//
// Limits: SIMD builds only (callers guard with ASC_FEATURE_SIMD); samples
// must be a multiple of 8; frames need not be 16-byte aligned.

// @ts-ignore: decorator
@inline
function store4x4(out: usize, a: v128, b: v128, c: v128, d: v128): void {
  const t0 = f32x4.shuffle(a, b, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(a, b, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(c, d, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(c, d, 2, 6, 3, 7);
  v128.store(out, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(out, f32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
  v128.store(out, f32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
  v128.store(out, f32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
}

/** Writes samples x 4 f32 at out: channel l of sample i at out + (i * 4 + l) * 4. */
export function interleave4(p0: usize, p1: usize, p2: usize, p3: usize, out: usize, samples: i32): void {
  for (let i: i32 = 0; i < samples; i += 8) {
    const o = <usize>(i << 1);
    const v0 = v128.load(p0 + o);
    const v1 = v128.load(p1 + o);
    const v2 = v128.load(p2 + o);
    const v3 = v128.load(p3 + o);
    const at = out + <usize>(i << 4);
    store4x4(
      at,
      f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(v0)),
      f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(v1)),
      f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(v2)),
      f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(v3)),
    );
    store4x4(
      at + 64,
      f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(v0)),
      f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(v1)),
      f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(v2)),
      f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(v3)),
    );
  }
}

/**
 * Gathers one f32 at the same offset of four slots' state records into one
 * vector (lane i from slot i), for filters that run four channels at once.
 */
// @ts-ignore: decorator
@inline
export function lanes(st0: usize, st1: usize, st2: usize, st3: usize, offset: i32): v128 {
  let v = f32x4.splat(load<f32>(st0 + <usize>offset));
  v = f32x4.replace_lane(v, 1, load<f32>(st1 + <usize>offset));
  v = f32x4.replace_lane(v, 2, load<f32>(st2 + <usize>offset));
  return f32x4.replace_lane(v, 3, load<f32>(st3 + <usize>offset));
}
