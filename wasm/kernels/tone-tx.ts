// Kernel toneTx: call-progress tone generation with cadence.
//
// What it does: plays a tone definition (dsp/tone-plans.ts) on each slot: a
// list of segments, each 0..4 frequencies at one amplitude for a duration
// (0 = forever), optionally repeated. The output goes into a frame, either
// overwriting it or added to what is there (a tone over speech), with
// saturation to 16 bits. A non-repeating list ends with EV_TONE_TX_DONE at
// the sample where it ended. Tone definitions and levels: ITU-T E.180,
// Q.35; the China plan of shared/reference/tones-and-dsp.md §1.
//
// How: one phase accumulator (u32, one turn = 2^32) per frequency read
// through lib/oscillator (interpolated sine table), so the frequency is
// exact to 2 µHz and the phase is continuous across frames and segments.
// The SIMD build renders blocks of 8 samples with f32x4 rotating phasors
// started from the exact phase at each run (see oscillatorSimd), the rest
// with the table. Segment boundaries are counted in samples, so they fall
// on the exact sample wherever they land in a frame. Each sounding segment
// fades in over its first R samples and out over its last R samples
// (linear, gains 1/(R+1) .. R/(R+1); R = 16, 2 ms, by default), and
// toneTxStop fades out over R samples from the next frame, so no segment
// starts or ends with a step (a click).
//
// Memory (per slot; the SIMD scratch SUM is static data):
//   STATE  [phase0..3 u32, seg i32, pos i32, status i32, stopPos i32]
//          status 0 idle, 1 playing, 2 stopping
//   PARAM  [count i32, repeat i32, rampSamples i32, 0] then up to
//          TONE_TX_MAX_SEGMENTS records of 64 bytes:
//          [durationSamples i32 (0 forever), freqCount i32, amplitude f32
//           (peak, linear, per frequency), 0, increment0..3 u32,
//           cos(8ω)0..3 f32, sin(8ω)0..3 f32] (the last two for SIMD)
//   RESULT [status i32, seg i32, pos i32, 0] after each tick
//   WORK   [slot, outPtr, mode (TONE_TX_MODE_*), 0]
// toneTxConfigure(slot) starts the list from its first segment (phases at
// zero); toneTxStop(slot) fades out and goes idle.
//
// Limits: 4 frequencies per segment, TONE_TX_MAX_SEGMENTS segments; the
// sum of the frequencies' peaks should stay below 32767 (it saturates).

import {
  TONE_TX_STATE_BASE,
  TONE_TX_STATE_BYTES,
  TONE_TX_PARAM_BASE,
  TONE_TX_PARAM_BYTES,
  TONE_TX_RESULT_BASE,
  TONE_TX_RESULT_BYTES,
  TONE_TX_WORK_BASE,
  FRAME_SAMPLES,
} from "../layout";
import { EV_TONE_TX_DONE } from "../lib/event-kinds";
import { emitEvent } from "../lib/events";
import { oscillatorInit, sineAt } from "../lib/oscillator";

export const TONE_TX_MODE_OVERWRITE: i32 = 0;
export const TONE_TX_MODE_ADD: i32 = 1;
export const TONE_TX_SEGMENT_BYTES: i32 = 64;
export const TONE_TX_MAX_SEGMENTS: i32 = (TONE_TX_PARAM_BYTES - 16) / TONE_TX_SEGMENT_BYTES;

const IDLE: i32 = 0;
const PLAYING: i32 = 1;
const STOPPING: i32 = 2;
const FOREVER: i32 = 0x7fffffff;

/** One-time table setup, called by dspInit. */
export function toneTxInit(): void {
  oscillatorInit();
}

/** Idles a slot and zeroes its phases. */
export function toneTxReset(slot: i32): void {
  memory.fill(TONE_TX_STATE_BASE + slot * TONE_TX_STATE_BYTES, 0, TONE_TX_STATE_BYTES);
  memory.fill(TONE_TX_RESULT_BASE + slot * TONE_TX_RESULT_BYTES, 0, TONE_TX_RESULT_BYTES);
}

/** Starts playing the segment list in the slot's params from its first segment. */
export function toneTxConfigure(slot: i32): void {
  const st = TONE_TX_STATE_BASE + slot * TONE_TX_STATE_BYTES;
  const count = load<i32>(TONE_TX_PARAM_BASE + slot * TONE_TX_PARAM_BYTES);
  memory.fill(st, 0, 16);
  store<i32>(st, 0, 16);
  store<i32>(st, 0, 20);
  store<i32>(st, count > 0 && count <= TONE_TX_MAX_SEGMENTS ? PLAYING : IDLE, 24);
  store<i32>(st, 0, 28);
  writeResult(slot, st);
}

/** Fades the slot out over its ramp, from the next frame on, then idles it. */
export function toneTxStop(slot: i32): void {
  const st = TONE_TX_STATE_BASE + slot * TONE_TX_STATE_BYTES;
  if (load<i32>(st, 24) == PLAYING) {
    store<i32>(st, STOPPING, 24);
    store<i32>(st, 0, 28);
  }
}

/** Runs count records [slot, outPtr, mode, 0]: one 160-sample frame each. */
export function toneTxTick(count: i32): void {
  for (let r = 0; r < count; r++) {
    const at = TONE_TX_WORK_BASE + (r << 4);
    renderFrame(load<i32>(at), load<i32>(at, 4), load<i32>(at, 8));
  }
}

function writeResult(slot: i32, st: i32): void {
  const res = TONE_TX_RESULT_BASE + slot * TONE_TX_RESULT_BYTES;
  store<i32>(res, load<i32>(st, 24));
  store<i32>(res, load<i32>(st, 16), 4);
  store<i32>(res, load<i32>(st, 20), 8);
}

function renderFrame(slot: i32, out: i32, mode: i32): void {
  const st = TONE_TX_STATE_BASE + slot * TONE_TX_STATE_BYTES;
  const par = TONE_TX_PARAM_BASE + slot * TONE_TX_PARAM_BYTES;
  const count = load<i32>(par);
  const repeat = load<i32>(par, 4);
  const ramp = load<i32>(par, 8);
  let status = load<i32>(st, 24);
  let seg = load<i32>(st, 16);
  let pos = load<i32>(st, 20);
  let stopPos = load<i32>(st, 28);
  let i = 0;
  while (i < FRAME_SAMPLES) {
    if (status == IDLE) {
      if (mode == TONE_TX_MODE_OVERWRITE) memory.fill(out + (i << 1), 0, (FRAME_SAMPLES - i) << 1);
      break;
    }
    const sp = par + 16 + seg * TONE_TX_SEGMENT_BYTES;
    const dur = load<i32>(sp);
    let n = FRAME_SAMPLES - i;
    if (dur > 0 && dur - pos < n) n = dur - pos;
    if (status == STOPPING && ramp - stopPos < n) n = ramp - stopPos;
    if (n > 0) {
      renderRun(st, sp, out + (i << 1), n, pos, dur > 0 ? dur : FOREVER, ramp, status == STOPPING ? stopPos : -1, mode);
    }
    pos += n;
    i += n;
    if (status == STOPPING) {
      stopPos += n;
      if (stopPos >= ramp) {
        status = IDLE;
        continue;
      }
    }
    if (dur > 0 && pos >= dur) {
      pos = 0;
      seg++;
      if (seg >= count) {
        seg = 0;
        if (repeat == 0) {
          status = IDLE;
          emitEvent(slot, EV_TONE_TX_DONE, 0, i);
        }
      }
    }
  }
  store<i32>(st, seg, 16);
  store<i32>(st, pos, 20);
  store<i32>(st, status, 24);
  store<i32>(st, stopPos, 28);
  writeResult(slot, st);
}

/**
 * n samples of one segment into out, starting pos samples into it.
 * stopPos >= 0 applies the stop fade as well. The SIMD build renders whole
 * blocks of 8 first; the scalar loop does the rest (or everything).
 */
function renderRun(st: i32, sp: i32, out: i32, n: i32, pos: i32, dur: i32, ramp: i32, stopPos: i32, mode: i32): void {
  const nf = load<i32>(sp, 4);
  if (nf <= 0) {
    if (mode == TONE_TX_MODE_OVERWRITE) memory.fill(out, 0, n << 1);
    return;
  }
  let from = 0;
  if (ASC_FEATURE_SIMD) from = renderBlocksSimd(st, sp, out, n & ~7, pos, dur, ramp, stopPos, mode);
  const amp = load<f32>(sp, 8);
  const inv: f32 = 1.0 / <f32>(ramp + 1);
  const i0 = load<u32>(sp, 16);
  const i1 = nf > 1 ? load<u32>(sp, 20) : 0;
  const i2 = nf > 2 ? load<u32>(sp, 24) : 0;
  const i3 = nf > 3 ? load<u32>(sp, 28) : 0;
  let p0 = load<u32>(st) + <u32>from * i0;
  let p1 = load<u32>(st, 4) + <u32>from * i1;
  let p2 = load<u32>(st, 8) + <u32>from * i2;
  let p3 = load<u32>(st, 12) + <u32>from * i3;
  for (let s = from; s < n; s++) {
    const k = pos + s;
    let env = Mathf.min(<f32>1.0, Mathf.min(<f32>(k + 1), <f32>(dur - k)) * inv);
    if (stopPos >= 0) env = Mathf.min(env, <f32>(ramp - stopPos - s) * inv);
    let v = sineAt(p0);
    p0 += i0;
    if (nf > 1) {
      v += sineAt(p1);
      p1 += i1;
      if (nf > 2) {
        v += sineAt(p2);
        p2 += i2;
        if (nf > 3) {
          v += sineAt(p3);
          p3 += i3;
        }
      }
    }
    let x = <i32>nearest<f32>(v * amp * env);
    const o = out + (s << 1);
    if (mode == TONE_TX_MODE_ADD) x += <i32>load<i16>(o);
    store<i16>(o, <i16>min(32767, max(-32768, x)));
  }
  store<u32>(st, p0);
  store<u32>(st, p1, 4);
  store<u32>(st, p2, 8);
  store<u32>(st, p3, 12);
}

// ---- SIMD path ---------------------------------------------------------------

// Sum of the oscillators for one run, before the envelope (f32 per sample).
const SUM: i32 = <i32>memory.data(FRAME_SAMPLES * 4, 16);
const QUARTER_TURN: u32 = 0x40000000;

/**
 * Adds (or, for the first oscillator, writes) one oscillator into SUM for
 * n8 samples. Two f32x4 hold sin of 8 consecutive phases and two hold their
 * cosines, computed from the exact accumulator phase; each block rotates
 * them by 8 steps with the segment's precomputed cos/sin of 8ω (exact in
 * double precision on the TS side), so 20 rotations per frame add no
 * measurable error, and the next run starts again from the exact phase.
 */
function oscillatorSimd(phase: u32, inc: u32, cos8: f32, sin8: f32, n8: i32, first: bool): void {
  let sa = f32x4.splat(sineAt(phase));
  sa = f32x4.replace_lane(sa, 1, sineAt(phase + inc));
  sa = f32x4.replace_lane(sa, 2, sineAt(phase + 2 * inc));
  sa = f32x4.replace_lane(sa, 3, sineAt(phase + 3 * inc));
  let sb = f32x4.splat(sineAt(phase + 4 * inc));
  sb = f32x4.replace_lane(sb, 1, sineAt(phase + 5 * inc));
  sb = f32x4.replace_lane(sb, 2, sineAt(phase + 6 * inc));
  sb = f32x4.replace_lane(sb, 3, sineAt(phase + 7 * inc));
  const q = phase + QUARTER_TURN;
  let ca = f32x4.splat(sineAt(q));
  ca = f32x4.replace_lane(ca, 1, sineAt(q + inc));
  ca = f32x4.replace_lane(ca, 2, sineAt(q + 2 * inc));
  ca = f32x4.replace_lane(ca, 3, sineAt(q + 3 * inc));
  let cb = f32x4.splat(sineAt(q + 4 * inc));
  cb = f32x4.replace_lane(cb, 1, sineAt(q + 5 * inc));
  cb = f32x4.replace_lane(cb, 2, sineAt(q + 6 * inc));
  cb = f32x4.replace_lane(cb, 3, sineAt(q + 7 * inc));
  const c = f32x4.splat(cos8);
  const s = f32x4.splat(sin8);
  for (let i = 0; i < n8; i += 8) {
    const at = SUM + (i << 2);
    if (first) {
      v128.store(at, sa);
      v128.store(at, sb, 16);
    } else {
      v128.store(at, f32x4.add(v128.load(at), sa));
      v128.store(at, f32x4.add(v128.load(at, 16), sb), 16);
    }
    const na = f32x4.add(f32x4.mul(sa, c), f32x4.mul(ca, s));
    ca = f32x4.sub(f32x4.mul(ca, c), f32x4.mul(sa, s));
    sa = na;
    const nb = f32x4.add(f32x4.mul(sb, c), f32x4.mul(cb, s));
    cb = f32x4.sub(f32x4.mul(cb, c), f32x4.mul(sb, s));
    sb = nb;
  }
}

/** Envelope of 4 samples starting at run sample s (see the header for the ramps). */
// @ts-ignore: decorator
@inline function envelope4(s: i32, pos: i32, dur: i32, ramp: i32, stopPos: i32, inv: v128): v128 {
  const lane = f32x4(0, 1, 2, 3);
  const k = f32x4.add(f32x4.splat(<f32>(pos + s)), lane);
  const up = f32x4.add(k, f32x4.splat(1));
  const down = f32x4.sub(f32x4.splat(<f32>dur), k);
  let env = f32x4.min(f32x4.splat(1), f32x4.mul(f32x4.min(up, down), inv));
  if (stopPos >= 0) {
    const left = f32x4.sub(f32x4.splat(<f32>(ramp - stopPos - s)), lane);
    env = f32x4.min(env, f32x4.mul(left, inv));
  }
  return env;
}

/** Renders the first n8 (a multiple of 8) samples of a run; returns n8. */
function renderBlocksSimd(st: i32, sp: i32, out: i32, n8: i32, pos: i32, dur: i32, ramp: i32, stopPos: i32, mode: i32): i32 {
  if (n8 == 0) return 0;
  const nf = load<i32>(sp, 4);
  for (let j = 0; j < nf; j++) {
    oscillatorSimd(load<u32>(st + (j << 2)), load<u32>(sp + 16 + (j << 2)), load<f32>(sp + 32 + (j << 2)), load<f32>(sp + 48 + (j << 2)), n8, j == 0);
  }
  const amp = f32x4.splat(load<f32>(sp, 8));
  const inv = f32x4.splat(<f32>1.0 / <f32>(ramp + 1));
  for (let i = 0; i < n8; i += 8) {
    const at = SUM + (i << 2);
    let a = f32x4.mul(v128.load(at), amp);
    let b = f32x4.mul(v128.load(at, 16), amp);
    const k = pos + i;
    if (stopPos >= 0 || k < ramp || k + 8 > dur - ramp) {
      a = f32x4.mul(a, envelope4(i, pos, dur, ramp, stopPos, inv));
      b = f32x4.mul(b, envelope4(i + 4, pos, dur, ramp, stopPos, inv));
    }
    let r = i16x8.narrow_i32x4_s(i32x4.trunc_sat_f32x4_s(f32x4.nearest(a)), i32x4.trunc_sat_f32x4_s(f32x4.nearest(b)));
    const o = out + (i << 1);
    if (mode == TONE_TX_MODE_ADD) r = i16x8.add_sat_s(r, v128.load(o));
    v128.store(o, r);
  }
  return n8;
}
