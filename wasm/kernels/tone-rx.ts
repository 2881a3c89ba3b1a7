// Kernel toneRx: call-progress tone detector (dial, busy, ringback,
// congestion, special information, fax CNG, CED/ANS with phase reversals),
// many channels per call. Cadence is classified in TS (dsp/call-progress.ts)
// from the events this kernel emits.
//
// What it does: each slot listens for up to 12 frequencies chosen by TS
// (those of a tone plan, plus 1100 and 2100 Hz). For each work record
// [slot, inPtr, 0, 0] (one 20 ms frame of 160 i16 samples) it decides every
// 10 ms whether the last 30 ms hold silence, a tone (value = bit mask of the
// bins present) or other energy (CPT_CLASS_ENERGY = 0x1000: speech, noise),
// and emits EV_TONE_RX_END (old class) + EV_TONE_RX_START (new class) when
// the class has changed for `confirm` consecutive steps (`confirmEnergy`
// for the energy class), and
// EV_TONE_RX_PHASE_REVERSAL (value = bin) on 180° reversals of the slot's
// reversal bin. Class changes are dated where they happened (the offset is
// from the first sample of the frame and may be negative, lib/cpt-decide.ts);
// reversals where they were seen. The
// result block holds the current class.
//
// How: the frame is cut into two 80-sample halves; a Goertzel filter per
// bin gives the complex value of each half, and Σx² is summed. Each half
// ends a step judged by lib/cpt-decide.ts (narrow or wide power per bin,
// presence and share tests, reversal test).
//   SIMD build: four records at a time, samples interleaved into f32x4
//     (lib/mf-transpose.ts); the recursions run across channels, four bins
//     per pass over the half, each lane with its own slot's coefficients.
//   Scalar build: one record at a time, four bins per pass.
// References: tone plans of dsp/tone-plans.ts (shared/reference/tones-and-dsp.md
// §1: China 450 Hz ± 2 %, cadences ± 10 %); 2100 Hz answer tone ± 15 Hz with
// reversals every 450 ± 25 ms (ITU-T V.25, G.168 disabler, tones-and-dsp.md
// §4); CNG 1100 Hz (T.30).
//
// Params (written by dsp/tone-rx.ts): i32 bins, wideMask, reversalBin (−1 =
// none), f32 minTone, rel, share, energyMin, i32 confirm, f32 freqHz[12],
// f32 overFloor, floorRise, dominance, i32 confirmEnergy.
// Limits: a slot must not appear twice in one tick's work list; 12 bins.

import {
  FRAME_SAMPLES,
  TONE_RX_PARAM_BASE,
  TONE_RX_PARAM_BYTES,
  TONE_RX_RESULT_BASE,
  TONE_RX_RESULT_BYTES,
  TONE_RX_STATE_BASE,
  TONE_RX_STATE_BYTES,
  TONE_RX_WORK_BASE,
  WORK_RECORD_BYTES,
} from "../layout";
import { interleave4, lanes } from "../lib/mf-transpose";
import {
  cptStep,
  CPT_MAX_BINS,
  CS_COEF,
  CS_COS,
  CS_SIN,
  CS_ROT_RE,
  CS_ROT_IM,
  CS_PREV_RE,
  CS_DYNAMIC_TO,
  CS_BINS,
  CS_REV_BIN,
  CS_ROT2_RE,
  CS_ROT2_IM,
  CS_FLOOR,
  CS_OVER_FLOOR,
  CS_FLOOR_RISE,
  CS_DOMINANCE,
  CS_FREQ,
  CS_PREV2_RE,
  CS_END,
  CS_CONFIRM_ENERGY,
  CY_RE,
  CY_IM,
  CY_ENERGY,
  CY_BYTES,
} from "../lib/cpt-decide";

const HALF: i32 = 80;

const X_SCRATCH: usize = memory.data(FRAME_SAMPLES * 16, 16);
const Y_SCRATCH: usize = memory.data(CY_BYTES, 16);
const P_SCRATCH: usize = memory.data(CPT_MAX_BINS * 4, 16);

// @ts-ignore: decorator
@inline
function stateOf(slot: i32): usize {
  return <usize>(TONE_RX_STATE_BASE + slot * TONE_RX_STATE_BYTES);
}

/** One-time table setup, called by dspInit (nothing: coefficients are per slot). */
export function toneRxInit(): void {}

/** Clears the detection state of one slot (keeps its configuration). */
export function toneRxReset(slot: i32): void {
  const st = stateOf(slot);
  memory.fill(st + <usize>CS_PREV_RE, 0, <usize>(CS_DYNAMIC_TO - CS_PREV_RE));
  memory.fill(st + <usize>CS_PREV2_RE, 0, <usize>(CS_CONFIRM_ENERGY - CS_PREV2_RE));
  store<f32>(st + CS_FLOOR, 1e30);
  store<i32>(TONE_RX_RESULT_BASE + slot * TONE_RX_RESULT_BYTES, 0);
}

/** Applies the parameters the TS side wrote for one slot, and restarts detection. */
export function toneRxConfigure(slot: i32): void {
  const st = stateOf(slot);
  const p = <usize>(TONE_RX_PARAM_BASE + slot * TONE_RX_PARAM_BYTES);
  const bins = min(CPT_MAX_BINS, max(0, load<i32>(p)));
  for (let k: i32 = 0; k < CPT_MAX_BINS; k++) {
    const at = st + <usize>(k << 2);
    const hz = k < bins ? <f64>load<f32>(p + <usize>(32 + (k << 2))) : 0.0;
    const w = (2.0 * Math.PI * hz) / 8000.0;
    // Bins past `bins` are computed in the last block of four but never read.
    store<f32>(at + CS_COEF, k < bins ? <f32>(2.0 * Math.cos(w)) : 0);
    store<f32>(at + CS_FREQ, <f32>hz);
    store<f32>(at + CS_COS, <f32>Math.cos(w));
    store<f32>(at + CS_SIN, <f32>Math.sin(w));
    store<f32>(at + CS_ROT_RE, <f32>Math.cos(w * <f64>HALF));
    store<f32>(at + CS_ROT_IM, <f32>-Math.sin(w * <f64>HALF));
  }
  // bins, wideMask, reversalBin, minTone, rel, share, energyMin, confirm.
  memory.copy(st + <usize>CS_BINS, p, 32);
  store<f32>(st + CS_OVER_FLOOR, load<f32>(p, 80));
  store<f32>(st + CS_FLOOR_RISE, load<f32>(p, 84));
  store<f32>(st + CS_DOMINANCE, load<f32>(p, 88));
  store<i32>(st + CS_CONFIRM_ENERGY, load<i32>(p, 92));
  store<i32>(st + CS_BINS, bins);
  const rev = load<i32>(st + CS_REV_BIN);
  if (rev >= bins) store<i32>(st + CS_REV_BIN, -1);
  if (rev >= 0 && rev < bins) {
    const w = (2.0 * Math.PI * <f64>load<f32>(p + <usize>(32 + (rev << 2)))) / 8000.0;
    store<f32>(st + CS_ROT2_RE, <f32>Math.cos(w * <f64>(2 * HALF)));
    store<f32>(st + CS_ROT2_IM, <f32>-Math.sin(w * <f64>(2 * HALF)));
  }
  toneRxReset(slot);
}

/** Processes one 20 ms frame for each of the count work records. */
export function toneRxTick(count: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let g: i32 = 0; g < count; g += 4) tickGroup(g, min(4, count - g));
  } else {
    for (let r: i32 = 0; r < count; r++) tickOne(r);
  }
}

// @ts-ignore: decorator
@inline
function recordAt(r: i32): usize {
  return <usize>(TONE_RX_WORK_BASE + r * WORK_RECORD_BYTES);
}

// @ts-ignore: decorator
@inline
function out4(st0: usize, st1: usize, st2: usize, st3: usize, s1: v128, s2: v128, k: i32): void {
  const o = k << 2;
  v128.store(Y_SCRATCH + <usize>(CY_RE + (k << 4)), f32x4.sub(s1, f32x4.mul(lanes(st0, st1, st2, st3, CS_COS + o), s2)));
  v128.store(Y_SCRATCH + <usize>(CY_IM + (k << 4)), f32x4.mul(lanes(st0, st1, st2, st3, CS_SIN + o), s2));
}

/** SIMD: n (1..4) records from record g, one per lane (missing lanes repeat the last). */
function tickGroup(g: i32, n: i32): void {
  const r0 = recordAt(g);
  const r1 = recordAt(g + min(1, n - 1));
  const r2 = recordAt(g + min(2, n - 1));
  const r3 = recordAt(g + min(3, n - 1));
  const slot0 = load<i32>(r0);
  const slot1 = load<i32>(r1);
  const slot2 = load<i32>(r2);
  const slot3 = load<i32>(r3);
  const st0 = stateOf(slot0);
  const st1 = stateOf(slot1);
  const st2 = stateOf(slot2);
  const st3 = stateOf(slot3);
  const bins = max(max(load<i32>(st0 + CS_BINS), load<i32>(st1 + CS_BINS)), max(load<i32>(st2 + CS_BINS), load<i32>(st3 + CS_BINS)));
  interleave4(<usize>load<i32>(r0, 4), <usize>load<i32>(r1, 4), <usize>load<i32>(r2, 4), <usize>load<i32>(r3, 4), X_SCRATCH, FRAME_SAMPLES);
  for (let h: i32 = 0; h < 2; h++) {
    const from = X_SCRATCH + <usize>(h * HALF * 16);
    const end = from + <usize>(HALF * 16);
    let energy = f32x4.splat(0);
    for (let p = from; p < end; p += 16) {
      const x = v128.load(p);
      energy = f32x4.add(energy, f32x4.mul(x, x));
    }
    v128.store(Y_SCRATCH + <usize>CY_ENERGY, energy);
    for (let k: i32 = 0; k < bins; k += 4) {
      const o = CS_COEF + (k << 2);
      const c0 = lanes(st0, st1, st2, st3, o);
      const c1 = lanes(st0, st1, st2, st3, o + 4);
      const c2 = lanes(st0, st1, st2, st3, o + 8);
      const c3 = lanes(st0, st1, st2, st3, o + 12);
      const zero = f32x4.splat(0);
      let a1 = zero, a2 = zero, b1 = zero, b2 = zero, d1 = zero, d2 = zero, e1 = zero, e2 = zero;
      for (let p = from; p < end; p += 16) {
        const x = v128.load(p);
        const a0 = f32x4.add(f32x4.sub(x, a2), f32x4.mul(c0, a1));
        const b0 = f32x4.add(f32x4.sub(x, b2), f32x4.mul(c1, b1));
        const d0 = f32x4.add(f32x4.sub(x, d2), f32x4.mul(c2, d1));
        const e0 = f32x4.add(f32x4.sub(x, e2), f32x4.mul(c3, e1));
        a2 = a1; a1 = a0; b2 = b1; b1 = b0; d2 = d1; d1 = d0; e2 = e1; e1 = e0;
      }
      out4(st0, st1, st2, st3, a1, a2, k);
      out4(st0, st1, st2, st3, b1, b2, k + 1);
      out4(st0, st1, st2, st3, d1, d2, k + 2);
      out4(st0, st1, st2, st3, e1, e2, k + 3);
    }
    const offset = h * HALF + HALF - 1;
    cptStep(st0, slot0, Y_SCRATCH, 0, offset, P_SCRATCH);
    if (n > 1) cptStep(st1, slot1, Y_SCRATCH, 1, offset, P_SCRATCH);
    if (n > 2) cptStep(st2, slot2, Y_SCRATCH, 2, offset, P_SCRATCH);
    if (n > 3) cptStep(st3, slot3, Y_SCRATCH, 3, offset, P_SCRATCH);
  }
}

// @ts-ignore: decorator
@inline
function outOne(st: usize, s1: f32, s2: f32, k: i32): void {
  const o = <usize>(k << 2);
  store<f32>(Y_SCRATCH + <usize>(CY_RE + (k << 4)), s1 - load<f32>(st + o + CS_COS) * s2);
  store<f32>(Y_SCRATCH + <usize>(CY_IM + (k << 4)), load<f32>(st + o + CS_SIN) * s2);
}

/** Scalar: one record. */
function tickOne(r: i32): void {
  const rec = recordAt(r);
  const slot = load<i32>(rec);
  const input = <usize>load<i32>(rec, 4);
  const st = stateOf(slot);
  const bins = load<i32>(st + CS_BINS);
  for (let h: i32 = 0; h < 2; h++) {
    const from = input + <usize>(h * HALF * 2);
    const end = from + <usize>(HALF * 2);
    let energy: f32 = 0;
    for (let p = from; p < end; p += 2) {
      const x = <f32>load<i16>(p);
      energy += x * x;
    }
    store<f32>(Y_SCRATCH + <usize>CY_ENERGY, energy);
    for (let k: i32 = 0; k < bins; k += 4) {
      const o = <usize>(k << 2);
      const c0 = load<f32>(st + o + CS_COEF);
      const c1 = load<f32>(st + o + CS_COEF + 4);
      const c2 = load<f32>(st + o + CS_COEF + 8);
      const c3 = load<f32>(st + o + CS_COEF + 12);
      let a1: f32 = 0, a2: f32 = 0, b1: f32 = 0, b2: f32 = 0, d1: f32 = 0, d2: f32 = 0, e1: f32 = 0, e2: f32 = 0;
      for (let p = from; p < end; p += 2) {
        const x = <f32>load<i16>(p);
        const a0 = x - a2 + c0 * a1;
        const b0 = x - b2 + c1 * b1;
        const d0 = x - d2 + c2 * d1;
        const e0 = x - e2 + c3 * e1;
        a2 = a1; a1 = a0; b2 = b1; b1 = b0; d2 = d1; d1 = d0; e2 = e1; e1 = e0;
      }
      outOne(st, a1, a2, k);
      outOne(st, b1, b2, k + 1);
      outOne(st, d1, d2, k + 2);
      outOne(st, e1, e2, k + 3);
    }
    cptStep(st, slot, Y_SCRATCH, 0, h * HALF + HALF - 1, P_SCRATCH);
  }
}
