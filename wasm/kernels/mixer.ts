// Kernel mixer: conference rooms; each participant hears the sum of the
// others, never itself.
//
// What it does: for every room (slot) in the work list, sums the frames of
// its talking participants (each scaled by its gain; muted or listen-only
// participants are not summed), and writes to each participant's out frame
// the sum minus its own contribution, through a limiter. Below the limiter
// threshold and at gain 1 the output is the exact integer sum of the others.
//
// How: the sum is built in f32 (exact for integer samples at gain 1: sums
// stay far below 2^24). Each listener's mix is then limited in two stages:
//   1. A per-frame gain per listener: the frame's peak is known before it is
//      written, so the target gain min(1, THRESHOLD / peak) is applied with
//      a linear ramp from the previous frame's gain (attack within one frame,
//      release by RELEASE of the distance per frame, about 150 ms), so the
//      gain never steps.
//   2. A soft knee for what the ramp lets through: above THRESHOLD (−3 dBFS)
//      y = T + (L − T)·z / (1 + z), z = (|x| − T) / (L − T), L = 32767:
//      continuous in value and slope at T, and it approaches L only
//      asymptotically, so no sample sticks at ±32767.
// The SIMD build does the sums, the differences, the peak and the output
// conversion 8 samples at a time in f32x4; samples above the threshold (rare)
// take the scalar knee. The common case (all gains 1, limiters idle, the
// room quiet) runs in integers instead, in both builds: see
// mixQuietUnityRoom.
//
// Memory (per room):
//   PARAM  [count i32, 0, 0, 0] then up to MIXER_MAX_PARTICIPANTS records of
//          16 bytes [inPtr i32, outPtr i32 (0 = do not write), gain f32,
//          flags i32 (MIXER_FLAG_MUTED: not summed)]
//   STATE  limiter gain f32 per participant index
//   RESULT [peak of the room sum f32, lowest limiter gain f32, count of
//          participants limited this frame i32, 0]
//   WORK   [room slot, 0, 0, 0]
// mixerConfigure(room) resets the limiter gains to 1 (call it when the
// participant list changes); gain and flags may be rewritten between ticks
// without it.
//
// Limits: MIXER_MAX_PARTICIPANTS (63) per room; frames of 160 samples; a
// participant's in and out frames must not be another's out frame.

import {
  MIXER_STATE_BASE,
  MIXER_STATE_BYTES,
  MIXER_PARAM_BASE,
  MIXER_PARAM_BYTES,
  MIXER_RESULT_BASE,
  MIXER_RESULT_BYTES,
  MIXER_WORK_BASE,
  FRAME_SAMPLES,
} from "../layout";

export const MIXER_PARTICIPANT_BYTES: i32 = 16;
export const MIXER_MAX_PARTICIPANTS: i32 = (MIXER_PARAM_BYTES - 16) / MIXER_PARTICIPANT_BYTES;
export const MIXER_FLAG_MUTED: i32 = 1;

/** Limiter threshold: −3 dBFS. */
const THRESHOLD: f32 = 23197.0;
const CEILING: f32 = 32767.0;
const KNEE_SPAN: f32 = CEILING - THRESHOLD;
/** Fraction of the way back to the target gain per frame when releasing. */
const RELEASE: f32 = 0.125;
const INV_FRAME: f32 = 1.0 / <f32>FRAME_SAMPLES;

// Room sum and one listener's mix, f32 per sample.
const SUM: i32 = <i32>memory.data(FRAME_SAMPLES * 4, 16);
const MIX: i32 = <i32>memory.data(FRAME_SAMPLES * 4, 16);

/** Nothing to set up. */
export function mixerInit(): void {}

/** Limiter gains back to 1 for every participant index. */
export function mixerReset(slot: i32): void {
  const st = MIXER_STATE_BASE + slot * MIXER_STATE_BYTES;
  for (let j = 0; j < MIXER_MAX_PARTICIPANTS; j++) store<f32>(st + (j << 2), 1.0);
  memory.fill(MIXER_RESULT_BASE + slot * MIXER_RESULT_BYTES, 0, MIXER_RESULT_BYTES);
}

/** The participant list changed: restart the limiters. */
export function mixerConfigure(slot: i32): void {
  mixerReset(slot);
}

/** Mixes count rooms, records [room, 0, 0, 0]. */
export function mixerTick(count: i32): void {
  for (let r = 0; r < count; r++) mixRoom(load<i32>(MIXER_WORK_BASE + (r << 4)));
}

function mixRoom(room: i32): void {
  const par = MIXER_PARAM_BASE + room * MIXER_PARAM_BYTES;
  const st = MIXER_STATE_BASE + room * MIXER_STATE_BYTES;
  const n = min(load<i32>(par), MIXER_MAX_PARTICIPANTS);
  if (mixQuietUnityRoom(room, par, st, n)) return;
  let first = true;
  let loudestTalker: f32 = 0.0;
  for (let j = 0; j < n; j++) {
    const p = par + 16 + (j << 4);
    if ((load<i32>(p, 12) & MIXER_FLAG_MUTED) == 0) {
      loudestTalker = max(loudestTalker, accumulate(load<i32>(p), load<f32>(p, 8), first));
      first = false;
    }
  }
  if (first) memory.fill(SUM, 0, FRAME_SAMPLES * 4);
  const peakSum = peakOf(SUM);
  // |sum − own| ≤ |sum| + |own|: when that bound is below the threshold no
  // listener can need limiting, and idle limiters may write in one pass.
  const quiet = peakSum + loudestTalker <= THRESHOLD;
  let minGain: f32 = 1.0;
  let limited = 0;
  for (let j = 0; j < n; j++) {
    const p = par + 16 + (j << 4);
    const outPtr = load<i32>(p, 4);
    if (outPtr == 0) continue;
    const own: f32 = (load<i32>(p, 12) & MIXER_FLAG_MUTED) == 0 ? load<f32>(p, 8) : 0.0;
    const g0 = load<f32>(st + (j << 2));
    if (quiet && g0 == 1.0) {
      writeDirect(load<i32>(p), own, outPtr);
      continue;
    }
    const peak = othersOf(load<i32>(p), own);
    const target: f32 = peak > THRESHOLD ? THRESHOLD / peak : 1.0;
    let g1 = target < g0 ? target : g0 + (target - g0) * RELEASE;
    if (g1 > 0.999) g1 = 1.0;
    store<f32>(st + (j << 2), g1);
    if (g1 < minGain) minGain = g1;
    if (g1 < 1.0) limited++;
    writeOut(outPtr, g0, g1, peak * max(g0, g1) > THRESHOLD);
  }
  const res = MIXER_RESULT_BASE + room * MIXER_RESULT_BYTES;
  store<f32>(res, peakSum);
  store<f32>(res, minGain, 4);
  store<i32>(res, limited, 8);
}

/**
 * The common case in integers: every talker at gain 1, every limiter idle,
 * and the room quiet (peak of the sum plus the loudest talker below
 * THRESHOLD, so no listener can need limiting). Sums in i32 (i32x4 in the
 * SIMD build), each output is sum − own. Returns false, having written
 * nothing but the SUM scratch, when the room does not qualify; the f32 path
 * then mixes it.
 */
function mixQuietUnityRoom(room: i32, par: i32, st: i32, n: i32): bool {
  let talkers = 0;
  for (let j = 0; j < n; j++) {
    const p = par + 16 + (j << 4);
    const talking = (load<i32>(p, 12) & MIXER_FLAG_MUTED) == 0;
    if (talking && load<f32>(p, 8) != 1.0) return false;
    if (load<i32>(p, 4) != 0 && load<f32>(st + (j << 2)) != 1.0) return false;
    if (talking) talkers++;
  }
  if (talkers == 0) return false;
  let loud = 0;
  let first = true;
  for (let j = 0; j < n; j++) {
    const p = par + 16 + (j << 4);
    if ((load<i32>(p, 12) & MIXER_FLAG_MUTED) != 0) continue;
    loud = max(loud, sumInto(load<i32>(p), first));
    first = false;
  }
  const peakSum = peakOfI32(SUM);
  if (<f32>(peakSum + loud) > THRESHOLD) return false;
  for (let j = 0; j < n; j++) {
    const p = par + 16 + (j << 4);
    const outPtr = load<i32>(p, 4);
    if (outPtr == 0) continue;
    const muted = (load<i32>(p, 12) & MIXER_FLAG_MUTED) != 0;
    subtractOut(load<i32>(p), muted, outPtr);
  }
  const res = MIXER_RESULT_BASE + room * MIXER_RESULT_BYTES;
  store<f32>(res, <f32>peakSum);
  store<f32>(res, 1.0, 4);
  store<i32>(res, 0, 8);
  return true;
}

/** SUM (as i32) += frame, or = frame for the first talker; returns the frame's peak |x|. */
function sumInto(inPtr: i32, first: bool): i32 {
  if (ASC_FEATURE_SIMD) {
    let loudest = i16x8.splat(0);
    for (let i = 0; i < FRAME_SAMPLES; i += 8) {
      const x = v128.load(inPtr + (i << 1));
      loudest = i16x8.max_u(loudest, i16x8.abs(x));
      const at = SUM + (i << 2);
      const lo = i32x4.extend_low_i16x8_s(x);
      const hi = i32x4.extend_high_i16x8_s(x);
      if (first) {
        v128.store(at, lo);
        v128.store(at, hi, 16);
      } else {
        v128.store(at, i32x4.add(v128.load(at), lo));
        v128.store(at, i32x4.add(v128.load(at, 16), hi), 16);
      }
    }
    let m = i16x8.max_u(loudest, i16x8.shuffle(loudest, loudest, 4, 5, 6, 7, 0, 1, 2, 3));
    m = i16x8.max_u(m, i16x8.shuffle(m, m, 2, 3, 0, 1, 2, 3, 0, 1));
    m = i16x8.max_u(m, i16x8.shuffle(m, m, 1, 0, 1, 0, 1, 0, 1, 0));
    return <i32>i16x8.extract_lane_u(m, 0);
  }
  let peak = 0;
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const x = <i32>load<i16>(inPtr + (i << 1));
    const at = SUM + (i << 2);
    peak = max(peak, abs(x));
    store<i32>(at, first ? x : load<i32>(at) + x);
  }
  return peak;
}

function peakOfI32(buf: i32): i32 {
  if (ASC_FEATURE_SIMD) {
    let p = i32x4.splat(0);
    for (let i = 0; i < FRAME_SAMPLES; i += 4) p = i32x4.max_s(p, i32x4.abs(v128.load(buf + (i << 2))));
    return max(max(i32x4.extract_lane(p, 0), i32x4.extract_lane(p, 1)), max(i32x4.extract_lane(p, 2), i32x4.extract_lane(p, 3)));
  }
  let peak = 0;
  for (let i = 0; i < FRAME_SAMPLES; i++) peak = max(peak, abs(load<i32>(buf + (i << 2))));
  return peak;
}

/** out = SUM (as i32) − frame, or SUM alone for a muted listener; values are known to fit. */
function subtractOut(inPtr: i32, muted: bool, outPtr: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let i = 0; i < FRAME_SAMPLES; i += 8) {
      const at = SUM + (i << 2);
      let a = v128.load(at);
      let b = v128.load(at, 16);
      if (!muted) {
        const x = v128.load(inPtr + (i << 1));
        a = i32x4.sub(a, i32x4.extend_low_i16x8_s(x));
        b = i32x4.sub(b, i32x4.extend_high_i16x8_s(x));
      }
      v128.store(outPtr + (i << 1), i16x8.narrow_i32x4_s(a, b));
    }
    return;
  }
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const own = muted ? 0 : <i32>load<i16>(inPtr + (i << 1));
    store<i16>(outPtr + (i << 1), <i16>(load<i32>(SUM + (i << 2)) - own));
  }
}

/** SUM += gain · frame (SUM = gain · frame for the first talker); returns peak |gain · frame|. */
function accumulate(inPtr: i32, gain: f32, first: bool): f32 {
  if (ASC_FEATURE_SIMD) {
    const g = f32x4.splat(gain);
    let peak = f32x4.splat(0);
    for (let i = 0; i < FRAME_SAMPLES; i += 8) {
      const x = v128.load(inPtr + (i << 1));
      const at = SUM + (i << 2);
      const lo = f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(x)), g);
      const hi = f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(x)), g);
      peak = f32x4.max(peak, f32x4.max(f32x4.abs(lo), f32x4.abs(hi)));
      if (first) {
        v128.store(at, lo);
        v128.store(at, hi, 16);
      } else {
        v128.store(at, f32x4.add(v128.load(at), lo));
        v128.store(at, f32x4.add(v128.load(at, 16), hi), 16);
      }
    }
    return max(max(f32x4.extract_lane(peak, 0), f32x4.extract_lane(peak, 1)), max(f32x4.extract_lane(peak, 2), f32x4.extract_lane(peak, 3)));
  }
  let peak: f32 = 0.0;
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const at = SUM + (i << 2);
    const v = <f32>load<i16>(inPtr + (i << 1)) * gain;
    peak = max(peak, abs(v));
    store<f32>(at, first ? v : load<f32>(at) + v);
  }
  return peak;
}

/** out = SUM − own · frame, no limiting (the caller proved it is not needed). */
function writeDirect(inPtr: i32, own: f32, outPtr: i32): void {
  if (ASC_FEATURE_SIMD) {
    const g = f32x4.splat(own);
    for (let i = 0; i < FRAME_SAMPLES; i += 8) {
      const x = v128.load(inPtr + (i << 1));
      const at = SUM + (i << 2);
      const a = f32x4.sub(v128.load(at), f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(x)), g));
      const b = f32x4.sub(v128.load(at, 16), f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(x)), g));
      v128.store(outPtr + (i << 1), i16x8.narrow_i32x4_s(i32x4.trunc_sat_f32x4_s(f32x4.nearest(a)), i32x4.trunc_sat_f32x4_s(f32x4.nearest(b))));
    }
    return;
  }
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const v = load<f32>(SUM + (i << 2)) - <f32>load<i16>(inPtr + (i << 1)) * own;
    store<i16>(outPtr + (i << 1), <i16>nearest<f32>(v));
  }
}

/** MIX = SUM − own · frame; returns the peak |MIX|. */
function othersOf(inPtr: i32, own: f32): f32 {
  if (ASC_FEATURE_SIMD) {
    const g = f32x4.splat(own);
    let peak = f32x4.splat(0);
    for (let i = 0; i < FRAME_SAMPLES; i += 8) {
      const x = v128.load(inPtr + (i << 1));
      const at = SUM + (i << 2);
      const a = f32x4.sub(v128.load(at), f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(x)), g));
      const b = f32x4.sub(v128.load(at, 16), f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(x)), g));
      v128.store(MIX + (i << 2), a);
      v128.store(MIX + (i << 2), b, 16);
      peak = f32x4.max(peak, f32x4.max(f32x4.abs(a), f32x4.abs(b)));
    }
    return max(max(f32x4.extract_lane(peak, 0), f32x4.extract_lane(peak, 1)), max(f32x4.extract_lane(peak, 2), f32x4.extract_lane(peak, 3)));
  }
  let peak: f32 = 0.0;
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const v = load<f32>(SUM + (i << 2)) - <f32>load<i16>(inPtr + (i << 1)) * own;
    store<f32>(MIX + (i << 2), v);
    peak = max(peak, abs(v));
  }
  return peak;
}

function peakOf(buf: i32): f32 {
  if (ASC_FEATURE_SIMD) {
    let p = f32x4.splat(0);
    for (let i = 0; i < FRAME_SAMPLES; i += 4) p = f32x4.max(p, f32x4.abs(v128.load(buf + (i << 2))));
    return max(max(f32x4.extract_lane(p, 0), f32x4.extract_lane(p, 1)), max(f32x4.extract_lane(p, 2), f32x4.extract_lane(p, 3)));
  }
  let peak: f32 = 0.0;
  for (let i = 0; i < FRAME_SAMPLES; i++) peak = max(peak, abs(load<f32>(buf + (i << 2))));
  return peak;
}

/** The knee of stage 2 (see the header); identity up to THRESHOLD. */
// @ts-ignore: decorator
@inline function knee(x: f32): f32 {
  const m = abs(x);
  if (m <= THRESHOLD) return x;
  const z = (m - THRESHOLD) / KNEE_SPAN;
  const y = THRESHOLD + KNEE_SPAN * (z / (1.0 + z));
  return x < 0 ? -y : y;
}

/** Writes MIX to outPtr with the gain ramp g0 → g1; `hot` when the knee may act. */
function writeOut(outPtr: i32, g0: f32, g1: f32, hot: bool): void {
  const step = (g1 - g0) * INV_FRAME;
  if (ASC_FEATURE_SIMD) {
    if (!hot) {
      const flat = g0 == 1.0 && g1 == 1.0;
      const dg = f32x4.splat(step * 8.0);
      let ga = f32x4.add(f32x4.splat(g0), f32x4.mul(f32x4(1, 2, 3, 4), f32x4.splat(step)));
      let gb = f32x4.add(ga, f32x4.splat(step * 4.0));
      for (let i = 0; i < FRAME_SAMPLES; i += 8) {
        let a = v128.load(MIX + (i << 2));
        let b = v128.load(MIX + (i << 2), 16);
        if (!flat) {
          a = f32x4.mul(a, ga);
          b = f32x4.mul(b, gb);
          ga = f32x4.add(ga, dg);
          gb = f32x4.add(gb, dg);
        }
        const r = i16x8.narrow_i32x4_s(i32x4.trunc_sat_f32x4_s(f32x4.nearest(a)), i32x4.trunc_sat_f32x4_s(f32x4.nearest(b)));
        v128.store(outPtr + (i << 1), r);
      }
      return;
    }
  }
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const g = g0 + step * <f32>(i + 1);
    const y = knee(load<f32>(MIX + (i << 2)) * g);
    store<i16>(outPtr + (i << 1), <i16>nearest<f32>(y));
  }
}
