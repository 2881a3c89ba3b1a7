// Kernel mfRx: MFC/R2 (Q.441 2-out-of-6) receiver, forward or backward group
// per slot, many channels per call.
//
// What it does: for each work record [slot, inPtr, 0, 0] (one 20 ms frame of
// 160 i16 samples) it looks for the six frequencies of the slot's group
// (forward 1380..1980 Hz, backward 1140..540 Hz, 120 Hz apart) and reports
// EV_MF_START (value = signal 1..15) and EV_MF_END, dated where the tone
// began or stopped (the confirming step minus a fixed lag, lib/mf-decide.ts;
// the offset counts from the frame's first sample and may be negative).
// The result block holds the signal currently on (i32, 0 = none).
//
// How: the frame is cut into two 80-sample halves. For each half a Goertzel
// filter per frequency gives the complex value y = s1 - e^{-jω} s2, plus Σx².
// Each half ends a step that judges the 20 ms window (previous half, this
// half): W_k = |y_prev + e^{-jω·80} y_cur|² is the coherent 160-sample DFT
// power at f_k, whose nulls are 50 Hz apart, so neighbours 120 Hz away leak
// at most about -18 dB. The two strongest frequencies must pass
//   level   the weaker above minWindow (-39 dBm0 by default; Q.455 operate
//           range -5..-35 dBm0),
//   twist   stronger / weaker within twistAdjacent (1 index apart) or
//           twistOther (spec: accept < 5 dB and < 7 dB, reject >= 20 dB),
//   others  the four other frequencies below the weaker by othersBelowDb,
//   share   the two tones carry minToneShare of the window's power (speech
//           and noise spread their energy),
//   steady  each tone's power differs by at most balanceDb between the halves
//           (bursts and tone edges fail), and its phase advances by ω·80
//           within ±maxFreqErrorHz·80 (Q.455 ± 10 Hz accepted; ± 30 Hz fails).
// onSteps (2) positive steps start a signal, offSteps (3) negative steps end
// it: a burst of 7 ms can pass at most one step and a break of 7 ms can fail
// at most two, so bursts < 7 ms are ignored and breaks <= 7 ms do not release
// (china-no1.md §2.2). Operate takes 20..35 ms, release 20..40 ms.
//   SIMD build: four records at a time; the frames are interleaved into
//     f32x4 per sample (lib/mf-transpose.ts) and the six Goertzel recursions
//     run across channels, each lane with its own slot's coefficients.
//     Each recursion is written (x − s2) + c·s1 so that only one multiply
//     and one add sit on the loop-carried path through s1.
//   Scalar build: one record at a time, six scalar recursions.
// The decision (lib/mf-decide.ts) is scalar in both builds; it mirrors
// dsp/reference/mf.ts.
//
// Params (written by dsp/mf-rx.ts): i32 group (0 forward, 1 backward), f32
// minWindow, twistAdjacent, twistOther, others, energyFactor, balance,
// tanDrift, i32 onSteps, offSteps.
// Limits: a slot must not appear twice in one tick's work list; frames are
// 160 samples.

import {
  FRAME_SAMPLES,
  MF_RX_PARAM_BASE,
  MF_RX_PARAM_BYTES,
  MF_RX_RESULT_BASE,
  MF_RX_RESULT_BYTES,
  MF_RX_STATE_BASE,
  MF_RX_STATE_BYTES,
  MF_RX_WORK_BASE,
  WORK_RECORD_BYTES,
} from "../layout";
import { interleave4, lanes } from "../lib/mf-transpose";
import {
  mfStep,
  ST_COEF,
  ST_COS,
  ST_SIN,
  ST_ROT_RE,
  ST_ROT_IM,
  ST_MIN_WINDOW,
  ST_DYNAMIC_FROM,
  ST_DYNAMIC_TO,
  Y_RE,
  Y_IM,
  Y_ENERGY,
  Y_BYTES,
} from "../lib/mf-decide";

const HALF: i32 = 80;
const FORWARD_HZ: StaticArray<f64> = [1380, 1500, 1620, 1740, 1860, 1980];
const BACKWARD_HZ: StaticArray<f64> = [1140, 1020, 900, 780, 660, 540];

// Scratch: interleaved samples of four frames, and the Y block (+ W scratch).
const X_SCRATCH: usize = memory.data(FRAME_SAMPLES * 16, 16);
const Y_SCRATCH: usize = memory.data(Y_BYTES + 4 * 24, 16);

// @ts-ignore: decorator
@inline
function stateOf(slot: i32): usize {
  return <usize>(MF_RX_STATE_BASE + slot * MF_RX_STATE_BYTES);
}

/** One-time table setup, called by dspInit (the tables are static data). */
export function mfRxInit(): void {}

/** Clears the detection state of one slot (keeps its configuration). */
export function mfRxReset(slot: i32): void {
  const st = stateOf(slot);
  memory.fill(st + <usize>ST_DYNAMIC_FROM, 0, <usize>(ST_DYNAMIC_TO - ST_DYNAMIC_FROM));
  store<i32>(MF_RX_RESULT_BASE + slot * MF_RX_RESULT_BYTES, 0);
}

/** Applies the parameters the TS side wrote for one slot, and restarts detection. */
export function mfRxConfigure(slot: i32): void {
  const st = stateOf(slot);
  const p = <usize>(MF_RX_PARAM_BASE + slot * MF_RX_PARAM_BYTES);
  const backward = load<i32>(p) != 0;
  for (let k: i32 = 0; k < 6; k++) {
    const hz = backward ? unchecked(BACKWARD_HZ[k]) : unchecked(FORWARD_HZ[k]);
    const w = (2.0 * Math.PI * hz) / 8000.0;
    const at = st + <usize>(k << 2);
    store<f32>(at + ST_COEF, <f32>(2.0 * Math.cos(w)));
    store<f32>(at + ST_COS, <f32>Math.cos(w));
    store<f32>(at + ST_SIN, <f32>Math.sin(w));
    store<f32>(at + ST_ROT_RE, <f32>Math.cos(w * <f64>HALF));
    store<f32>(at + ST_ROT_IM, <f32>-Math.sin(w * <f64>HALF));
  }
  // Nine threshold words follow the group word, in the same order as the state.
  memory.copy(st + <usize>ST_MIN_WINDOW, p + 4, 36);
  mfRxReset(slot);
}

/** Processes one 20 ms frame for each of the count work records. */
export function mfRxTick(count: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let g: i32 = 0; g < count; g += 4) tickGroup(g, min(4, count - g));
  } else {
    for (let r: i32 = 0; r < count; r++) tickOne(r);
  }
}

// @ts-ignore: decorator
@inline
function recordAt(r: i32): usize {
  return <usize>(MF_RX_WORK_BASE + r * WORK_RECORD_BYTES);
}

// @ts-ignore: decorator
@inline
function goertzelOut(s1: v128, s2: v128, cosw: v128, sinw: v128, k: i32): void {
  v128.store(Y_SCRATCH + <usize>(Y_RE + (k << 4)), f32x4.sub(s1, f32x4.mul(cosw, s2)));
  v128.store(Y_SCRATCH + <usize>(Y_IM + (k << 4)), f32x4.mul(sinw, s2));
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
  interleave4(<usize>load<i32>(r0, 4), <usize>load<i32>(r1, 4), <usize>load<i32>(r2, 4), <usize>load<i32>(r3, 4), X_SCRATCH, FRAME_SAMPLES);
  const c0 = lanes(st0, st1, st2, st3, ST_COEF);
  const c1 = lanes(st0, st1, st2, st3, ST_COEF + 4);
  const c2 = lanes(st0, st1, st2, st3, ST_COEF + 8);
  const c3 = lanes(st0, st1, st2, st3, ST_COEF + 12);
  const c4 = lanes(st0, st1, st2, st3, ST_COEF + 16);
  const c5 = lanes(st0, st1, st2, st3, ST_COEF + 20);
  for (let h: i32 = 0; h < 2; h++) {
    const zero = f32x4.splat(0);
    let a1 = zero, a2 = zero, b1 = zero, b2 = zero, d1 = zero, d2 = zero;
    let e1 = zero, e2 = zero, f1 = zero, f2 = zero, g1 = zero, g2 = zero;
    let energy = zero;
    let p = X_SCRATCH + <usize>(h * HALF * 16);
    const end = p + <usize>(HALF * 16);
    while (p < end) {
      const x = v128.load(p);
      energy = f32x4.add(energy, f32x4.mul(x, x));
      const a0 = f32x4.add(f32x4.sub(x, a2), f32x4.mul(c0, a1));
      const b0 = f32x4.add(f32x4.sub(x, b2), f32x4.mul(c1, b1));
      const d0 = f32x4.add(f32x4.sub(x, d2), f32x4.mul(c2, d1));
      const e0 = f32x4.add(f32x4.sub(x, e2), f32x4.mul(c3, e1));
      const f0 = f32x4.add(f32x4.sub(x, f2), f32x4.mul(c4, f1));
      const g0 = f32x4.add(f32x4.sub(x, g2), f32x4.mul(c5, g1));
      a2 = a1; a1 = a0; b2 = b1; b1 = b0; d2 = d1; d1 = d0;
      e2 = e1; e1 = e0; f2 = f1; f1 = f0; g2 = g1; g1 = g0;
      p += 16;
    }
    goertzelOut(a1, a2, lanes(st0, st1, st2, st3, ST_COS), lanes(st0, st1, st2, st3, ST_SIN), 0);
    goertzelOut(b1, b2, lanes(st0, st1, st2, st3, ST_COS + 4), lanes(st0, st1, st2, st3, ST_SIN + 4), 1);
    goertzelOut(d1, d2, lanes(st0, st1, st2, st3, ST_COS + 8), lanes(st0, st1, st2, st3, ST_SIN + 8), 2);
    goertzelOut(e1, e2, lanes(st0, st1, st2, st3, ST_COS + 12), lanes(st0, st1, st2, st3, ST_SIN + 12), 3);
    goertzelOut(f1, f2, lanes(st0, st1, st2, st3, ST_COS + 16), lanes(st0, st1, st2, st3, ST_SIN + 16), 4);
    goertzelOut(g1, g2, lanes(st0, st1, st2, st3, ST_COS + 20), lanes(st0, st1, st2, st3, ST_SIN + 20), 5);
    v128.store(Y_SCRATCH + <usize>Y_ENERGY, energy);
    const offset = h * HALF + HALF - 1;
    mfStep(st0, slot0, Y_SCRATCH, 0, offset);
    if (n > 1) mfStep(st1, slot1, Y_SCRATCH, 1, offset);
    if (n > 2) mfStep(st2, slot2, Y_SCRATCH, 2, offset);
    if (n > 3) mfStep(st3, slot3, Y_SCRATCH, 3, offset);
  }
}

// @ts-ignore: decorator
@inline
function scalarOut(st: usize, s1: f32, s2: f32, k: i32): void {
  const at = <usize>(k << 2);
  store<f32>(Y_SCRATCH + <usize>(Y_RE + (k << 4)), s1 - load<f32>(st + at + ST_COS) * s2);
  store<f32>(Y_SCRATCH + <usize>(Y_IM + (k << 4)), load<f32>(st + at + ST_SIN) * s2);
}

/** Scalar: one record. */
function tickOne(r: i32): void {
  const rec = recordAt(r);
  const slot = load<i32>(rec);
  const input = <usize>load<i32>(rec, 4);
  const st = stateOf(slot);
  const c0 = load<f32>(st + ST_COEF);
  const c1 = load<f32>(st + ST_COEF + 4);
  const c2 = load<f32>(st + ST_COEF + 8);
  const c3 = load<f32>(st + ST_COEF + 12);
  const c4 = load<f32>(st + ST_COEF + 16);
  const c5 = load<f32>(st + ST_COEF + 20);
  for (let h: i32 = 0; h < 2; h++) {
    let a1: f32 = 0, a2: f32 = 0, b1: f32 = 0, b2: f32 = 0, d1: f32 = 0, d2: f32 = 0;
    let e1: f32 = 0, e2: f32 = 0, f1: f32 = 0, f2: f32 = 0, g1: f32 = 0, g2: f32 = 0;
    let energy: f32 = 0;
    let p = input + <usize>(h * HALF * 2);
    const end = p + <usize>(HALF * 2);
    while (p < end) {
      const x = <f32>load<i16>(p);
      energy += x * x;
      const a0 = x - a2 + c0 * a1;
      const b0 = x - b2 + c1 * b1;
      const d0 = x - d2 + c2 * d1;
      const e0 = x - e2 + c3 * e1;
      const f0 = x - f2 + c4 * f1;
      const g0 = x - g2 + c5 * g1;
      a2 = a1; a1 = a0; b2 = b1; b1 = b0; d2 = d1; d1 = d0;
      e2 = e1; e1 = e0; f2 = f1; f1 = f0; g2 = g1; g1 = g0;
      p += 2;
    }
    scalarOut(st, a1, a2, 0);
    scalarOut(st, b1, b2, 1);
    scalarOut(st, d1, d2, 2);
    scalarOut(st, e1, e2, 3);
    scalarOut(st, f1, f2, 4);
    scalarOut(st, g1, g2, 5);
    store<f32>(Y_SCRATCH + <usize>Y_ENERGY, energy);
    mfStep(st, slot, Y_SCRATCH, 0, h * HALF + HALF - 1);
  }
}
