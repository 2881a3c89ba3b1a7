// Kernel level: frame energy in dBm0, a smoothed level, an adaptive noise
// floor and a voice activity flag with hangover.
//
// What it does: for each work record [slot, inPtr, 0, 0] measures the mean
// power of one 160-sample frame and reports it in dBm0 (0 dBm0 = a sine of
// peak 22 825, G.711's 3.14 dB below full scale; tones-and-dsp.md §3.5),
// with a smoothed level and a noise floor estimate. The frame is voice when
// its level exceeds both the threshold (default −40 dBm0) and the noise
// floor plus a margin (default 9 dB); voice ends after `hangover` quiet
// frames (default 10 = 200 ms). EV_LEVEL_VOICE_START is reported on the
// first voice frame, EV_LEVEL_VOICE_END on the frame that ends the
// hangover (both at offsetSamples 0, value = level in centi-dBm0).
//
// How: power = Σx² / 160, summed exactly (SIMD: i16x8 dot products into
// f64x2; scalar: i64), then one log per frame. The smoothed level is an
// exponential average of the dB values (`smoothing` per frame, default
// 0.2). The noise floor follows the level down quickly (half the distance
// per frame) and up slowly (1% of the distance per frame, so a steady
// noise is absorbed in about 3 s while speech, which dips between words,
// keeps it low); it starts at −60 dBm0 and never goes below −80.
//
// Memory (per slot):
//   PARAM  [thresholdDbm0 f32, marginDb f32, hangoverFrames i32, smoothing f32]
//   STATE  [smoothedDbm0 f32, floorDbm0 f32, hangLeft i32, voice i32, started i32]
//   RESULT [levelDbm0 f32, smoothedDbm0 f32, floorDbm0 f32, voice i32]
//
// Limits: silence reads LEVEL_MIN_DBM0 (−100); a full-scale square wave
// reads +6.15 dBm0 (the largest possible; a full-scale sine is +3.14).

import {
  LEVEL_STATE_BASE,
  LEVEL_STATE_BYTES,
  LEVEL_PARAM_BASE,
  LEVEL_PARAM_BYTES,
  LEVEL_RESULT_BASE,
  LEVEL_RESULT_BYTES,
  LEVEL_WORK_BASE,
  FRAME_SAMPLES,
} from "../layout";
import { EV_LEVEL_VOICE_START, EV_LEVEL_VOICE_END } from "../lib/event-kinds";
import { emitEvent } from "../lib/events";

export const LEVEL_MIN_DBM0: f32 = -100.0;
const FLOOR_START_DBM0: f32 = -60.0;
const FLOOR_MIN_DBM0: f32 = -80.0;
const FLOOR_FALL: f32 = 0.5;
const FLOOR_RISE: f32 = 0.01;
/** Frame power of a 0 dBm0 sine: 22825² / 2. */
const DBM0_POWER: f64 = 260490312.5;
const DB_PER_LN: f32 = <f32>(10.0 / Math.LN10);

/** Nothing to set up. */
export function levelInit(): void {}

/** Forgets the history of one slot (floor back to its start, no voice). */
export function levelReset(slot: i32): void {
  const st = LEVEL_STATE_BASE + slot * LEVEL_STATE_BYTES;
  memory.fill(st, 0, LEVEL_STATE_BYTES);
  store<f32>(st, LEVEL_MIN_DBM0);
  store<f32>(st, FLOOR_START_DBM0, 4);
  memory.fill(LEVEL_RESULT_BASE + slot * LEVEL_RESULT_BYTES, 0, LEVEL_RESULT_BYTES);
}

/** Parameters are read every frame: nothing to apply. */
export function levelConfigure(slot: i32): void {}

/** Measures count frames, records [slot, inPtr, 0, 0]. */
export function levelTick(count: i32): void {
  for (let r = 0; r < count; r++) {
    const at = LEVEL_WORK_BASE + (r << 4);
    measure(load<i32>(at), load<i32>(at, 4));
  }
}

/** Σx² of one frame. */
function frameEnergy(inPtr: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    // −32768 is clamped to −32767 so a pair of them cannot overflow the dot product.
    const lowest = i16x8.splat(-32767);
    let acc = f64x2.splat(0);
    for (let i = 0; i < FRAME_SAMPLES; i += 8) {
      const x = i16x8.max_s(v128.load(inPtr + (i << 1)), lowest);
      const d = i32x4.dot_i16x8_s(x, x);
      acc = f64x2.add(acc, f64x2.add(f64x2.convert_low_i32x4_s(d), f64x2.convert_low_i32x4_s(i32x4.shuffle(d, d, 2, 3, 0, 1))));
    }
    return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  let e: i64 = 0;
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const x = <i64>load<i16>(inPtr + (i << 1));
    e += x * x;
  }
  return <f64>e;
}

function measure(slot: i32, inPtr: i32): void {
  const par = LEVEL_PARAM_BASE + slot * LEVEL_PARAM_BYTES;
  const st = LEVEL_STATE_BASE + slot * LEVEL_STATE_BYTES;
  const power = frameEnergy(inPtr) / <f64>FRAME_SAMPLES;
  let level: f32 = LEVEL_MIN_DBM0;
  if (power > 0) level = max(LEVEL_MIN_DBM0, <f32>Math.log(power / DBM0_POWER) * DB_PER_LN);
  const started = load<i32>(st, 16);
  let smoothed = level;
  if (started != 0) {
    smoothed = load<f32>(st);
    smoothed += load<f32>(par, 12) * (level - smoothed);
  }
  let floor = load<f32>(st, 4);
  floor += (level < floor ? FLOOR_FALL : FLOOR_RISE) * (level - floor);
  floor = max(floor, FLOOR_MIN_DBM0);
  const active = level > load<f32>(par) && level > floor + load<f32>(par, 4);
  let voice = load<i32>(st, 12);
  let hangLeft = load<i32>(st, 8);
  const centi = <i32>nearest<f32>(level * 100.0);
  if (active) {
    hangLeft = load<i32>(par, 8);
    if (voice == 0) {
      voice = 1;
      emitEvent(slot, EV_LEVEL_VOICE_START, centi, 0);
    }
  } else if (voice != 0) {
    if (hangLeft > 0) hangLeft--;
    if (hangLeft <= 0) {
      voice = 0;
      emitEvent(slot, EV_LEVEL_VOICE_END, centi, 0);
    }
  }
  store<f32>(st, smoothed);
  store<f32>(st, floor, 4);
  store<i32>(st, hangLeft, 8);
  store<i32>(st, voice, 12);
  store<i32>(st, 1, 16);
  const res = LEVEL_RESULT_BASE + slot * LEVEL_RESULT_BYTES;
  store<f32>(res, level);
  store<f32>(res, smoothed, 4);
  store<f32>(res, floor, 8);
  store<i32>(res, voice, 12);
}
