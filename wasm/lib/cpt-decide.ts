// The per-step decision of the call-progress detector (kernel toneRx).
//
// What it does: given the complex Goertzel outputs of the half-block that
// just ended (up to CPT_MAX_BINS frequencies of one channel) and the slot's
// state, classifies the window ending with this half (30 ms, see How) as
// silence (0), a tone (bit mask of the bins present) or other energy
// (CPT_CLASS_ENERGY: voice, noise, music), debounces the class and emits
// EV_TONE_RX_END (old class) and EV_TONE_RX_START (new class) when it
// changes, dated where the change happened (so the offset may be negative);
// on the slot's reversal bin it also reports 180° phase reversals
// (EV_TONE_RX_PHASE_REVERSAL), the mark of ANS/ and ANSam/ (V.25, V.8).
//
// How: per bin the power is either the coherent 240-sample DFT power of the
// last three halves (narrow: nulls 33 Hz apart, so 440 and 480 Hz tones
// 1.5 % off still fall on each other's first null) or, for bins flagged
// wide, 2(|y_prev|² + |y_cur|²), the 80-sample power of the last two halves
// (nulls 100 Hz apart) that tolerates ±1.5 % at 2100 Hz. The total power is
// that of the last 240 samples.
// A bin is present when its power is above minTone and within `rel` of the
// strongest bin and not `dominance` below a present bin within 100 Hz
// (leakage); the window is a tone when the present bins carry `share` of
// the total power (speech spreads its power over many frequencies).
// Otherwise the window is other energy when its power is above energyMin
// and `overFloor` above a noise floor that follows the window power's
// minima at once and rises by `floorRise` per step (steady line noise is
// not energy), else silence. A new class is reported after `confirm`
// steps, other energy after `confirmEnergy` (a tone's partly filled first
// and last windows look like energy for two or three steps). A
// reversal is y_cur pointing against y of two halves before (both strong,
// cos of the angle < −0.5); three steps of hold-off follow.
// Mirrors dsp/reference/tone-rx.ts step for step.
// Limits: scalar code, run twice per frame per channel.

import { emitEvent } from "./events";
import { EV_TONE_RX_START, EV_TONE_RX_END, EV_TONE_RX_PHASE_REVERSAL } from "./event-kinds";
import { TONE_RX_RESULT_BASE, TONE_RX_RESULT_BYTES } from "../layout";

export const CPT_MAX_BINS: i32 = 12;
export const CPT_CLASS_ENERGY: i32 = 0x1000;

// Byte offsets inside one slot's state record (TONE_RX_STATE_BYTES >= CS_END).
export const CS_COEF: i32 = 0; // 12 f32: 2 cos ω
export const CS_COS: i32 = 48;
export const CS_SIN: i32 = 96;
export const CS_ROT_RE: i32 = 144; // Re e^{-jω·80}
export const CS_ROT_IM: i32 = 192;
export const CS_PREV_RE: i32 = 240; // y of the previous half
export const CS_PREV_IM: i32 = 288;
export const CS_PREV_ENERGY: i32 = 336;
export const CS_CLASS: i32 = 340; // confirmed class
export const CS_CANDIDATE: i32 = 344;
export const CS_CANDIDATE_STEPS: i32 = 348;
export const CS_REV_HOLD: i32 = 352;
export const CS_PP_RE: i32 = 356; // reversal bin: y two halves back
export const CS_PP_IM: i32 = 360;
export const CS_DYNAMIC_TO: i32 = 364;
export const CS_BINS: i32 = 364; // configuration copied from the params
export const CS_WIDE_MASK: i32 = 368;
export const CS_REV_BIN: i32 = 372;
export const CS_MIN_TONE: i32 = 376;
export const CS_REL: i32 = 380;
export const CS_SHARE: i32 = 384;
export const CS_ENERGY_MIN: i32 = 388;
export const CS_CONFIRM: i32 = 392;
export const CS_ROT2_RE: i32 = 396; // reversal bin: Re e^{-jω·160}
export const CS_ROT2_IM: i32 = 400;
export const CS_FLOOR: i32 = 404; // tracked noise floor (Σx² of a window)
export const CS_OVER_FLOOR: i32 = 408; // energy must exceed floor × this
export const CS_FLOOR_RISE: i32 = 412; // floor growth per step while above it
export const CS_DOMINANCE: i32 = 416; // a bin this much weaker than a neighbour is leakage
export const CS_FREQ: i32 = 420; // 12 f32: the bins' frequencies
export const CS_PREV2_RE: i32 = 468; // 12 f32: y two halves back
export const CS_PREV2_IM: i32 = 516;
export const CS_PREV2_ENERGY: i32 = 564;
export const CS_CONFIRM_ENERGY: i32 = 568;
export const CS_END: i32 = 572;

// Y scratch layout (one group of four lanes): re[12][4], im[12][4], energy[4].
export const CY_RE: i32 = 0;
export const CY_IM: i32 = 192;
export const CY_ENERGY: i32 = 384;
export const CY_BYTES: i32 = 400;

// @ts-ignore: decorator
@inline
function fAt(base: usize, offset: i32, k: i32): f32 {
  return load<f32>(base + <usize>(offset + (k << 2)));
}

// @ts-ignore: decorator
@inline
function yAt(y: usize, offset: i32, k: i32, lane: i32): f32 {
  return load<f32>(y + <usize>(offset + (k << 4) + (lane << 2)));
}

/** Classifies the window ending with this half. */
function classify(st: usize, y: usize, lane: i32, pw: usize): i32 {
  const bins = load<i32>(st + CS_BINS);
  const wide = load<i32>(st + CS_WIDE_MASK);
  let top: f32 = 0;
  for (let k: i32 = 0; k < bins; k++) {
    const pr = fAt(st, CS_PREV_RE, k);
    const pi = fAt(st, CS_PREV_IM, k);
    const cr = yAt(y, CY_RE, k, lane);
    const ci = yAt(y, CY_IM, k, lane);
    let p: f32;
    if ((wide >> k) & 1) {
      p = 2 * (pr * pr + pi * pi + cr * cr + ci * ci);
    } else {
      // X_240 = y_-2 + R y_-1 + R² y_0, evaluated as y_-2 + R (y_-1 + R y_0).
      const rr = fAt(st, CS_ROT_RE, k);
      const ri = fAt(st, CS_ROT_IM, k);
      const a = pr + rr * cr - ri * ci;
      const b = pi + rr * ci + ri * cr;
      const xr = fAt(st, CS_PREV2_RE, k) + rr * a - ri * b;
      const xi = fAt(st, CS_PREV2_IM, k) + rr * b + ri * a;
      // |X_240|² = 28800 P; the thresholds are in |X_160|² = 12800 P units.
      p = (xr * xr + xi * xi) * (4.0 / 9.0);
    }
    store<f32>(pw + <usize>(k << 2), p);
    if (p > top) top = p;
  }
  const energy = load<f32>(st + CS_PREV2_ENERGY) + load<f32>(st + CS_PREV_ENERGY) + load<f32>(y + <usize>(CY_ENERGY + (lane << 2)));
  const floor = max<f32>(load<f32>(st + CS_MIN_TONE), top * load<f32>(st + CS_REL));
  let mask: i32 = 0;
  for (let k: i32 = 0; k < bins; k++) {
    if (load<f32>(pw + <usize>(k << 2)) >= floor) mask |= 1 << k;
  }
  // Leakage: a bin within 100 Hz of a much stronger present bin (440 Hz
  // beside a 480 Hz tone 1.5 % low) is not a tone of its own.
  const dominance = load<f32>(st + CS_DOMINANCE);
  let sum: f32 = 0;
  for (let k: i32 = 0; k < bins; k++) {
    if (((mask >> k) & 1) == 0) continue;
    const p = load<f32>(pw + <usize>(k << 2));
    let leak = false;
    for (let j: i32 = 0; j < bins; j++) {
      if (j == k || ((mask >> j) & 1) == 0) continue;
      if (Mathf.abs(fAt(st, CS_FREQ, j) - fAt(st, CS_FREQ, k)) < 100 && load<f32>(pw + <usize>(j << 2)) > dominance * p) leak = true;
    }
    if (leak) mask &= ~(1 << k);
    else sum += p;
  }
  if (mask != 0 && sum >= load<f32>(st + CS_SHARE) * energy) return mask;
  const floor0 = load<f32>(st + CS_FLOOR);
  const over = load<f32>(st + CS_OVER_FLOOR);
  const minimum = load<f32>(st + CS_ENERGY_MIN);
  // The floor follows minima at once and rises slowly, so stationary noise
  // (a quiet line, or a noisy one between tone bursts) is not "energy".
  store<f32>(st + CS_FLOOR, energy < floor0 ? max<f32>(energy, minimum / over) : floor0 * load<f32>(st + CS_FLOOR_RISE));
  return energy >= minimum && energy >= floor0 * over ? CPT_CLASS_ENERGY : 0;
}

/** Looks for a 180° phase reversal on the reversal bin while it is part of the class. */
function reversal(st: usize, slot: i32, y: usize, lane: i32, cls: i32, offset: i32): void {
  const k = load<i32>(st + CS_REV_BIN);
  if (k < 0) return;
  const cr = yAt(y, CY_RE, k, lane);
  const ci = yAt(y, CY_IM, k, lane);
  const qr = load<f32>(st + CS_PP_RE);
  const qi = load<f32>(st + CS_PP_IM);
  store<f32>(st + CS_PP_RE, fAt(st, CS_PREV_RE, k));
  store<f32>(st + CS_PP_IM, fAt(st, CS_PREV_IM, k));
  let hold = load<i32>(st + CS_REV_HOLD);
  if (hold > 0) {
    store<i32>(st + CS_REV_HOLD, hold - 1);
    return;
  }
  if (((cls >> k) & 1) == 0 || cls == CPT_CLASS_ENERGY) return;
  // z = y_cur · conj(y_{-2}) · e^{-jω·160}: points backwards after a reversal.
  const ar = cr * qr + ci * qi;
  const ai = ci * qr - cr * qi;
  const zr = ar * load<f32>(st + CS_ROT2_RE) - ai * load<f32>(st + CS_ROT2_IM);
  const hc = cr * cr + ci * ci;
  const hq = qr * qr + qi * qi;
  if (zr < 0 && zr * zr > 0.25 * hc * hq) {
    emitEvent(slot, EV_TONE_RX_PHASE_REVERSAL, k, offset);
    store<i32>(st + CS_REV_HOLD, 3);
  }
}

// Changes are dated where they happened: a class is confirmed `steps`
// steps plus a lead after the change, the lead depending on what the window
// needs to see (medians over every offset in the frame at −5..−35 dBm0,
// spread about ±50 samples): a wide tone shows up when a few ms of it are
// in the window, a narrow one when most of the 240 samples are, silence
// when the tone has left the whole window.
const CPT_STEP: i32 = 80;
const LEAD_WIDE: i32 = 7;
const LEAD_NARROW: i32 = 138;
const LEAD_SILENCE: i32 = 197;

// @ts-ignore: decorator
@inline
function changeLead(cls: i32, wideMask: i32): i32 {
  if (cls == 0) return LEAD_SILENCE;
  if (cls == CPT_CLASS_ENERGY) return LEAD_WIDE;
  return (cls & ~wideMask) != 0 ? LEAD_NARROW : LEAD_WIDE;
}

/** Classifies, debounces and reports one step of one lane; then keeps y as "previous". */
export function cptStep(st: usize, slot: i32, y: usize, lane: i32, offset: i32, pw: usize): void {
  const raw = classify(st, y, lane, pw);
  let cls = load<i32>(st + CS_CLASS);
  reversal(st, slot, y, lane, cls, offset);
  const bins = load<i32>(st + CS_BINS);
  for (let k: i32 = 0; k < bins; k++) {
    const o = <usize>(k << 2);
    store<f32>(st + o + CS_PREV2_RE, load<f32>(st + o + CS_PREV_RE));
    store<f32>(st + o + CS_PREV2_IM, load<f32>(st + o + CS_PREV_IM));
    store<f32>(st + o + CS_PREV_RE, yAt(y, CY_RE, k, lane));
    store<f32>(st + o + CS_PREV_IM, yAt(y, CY_IM, k, lane));
  }
  store<f32>(st + CS_PREV2_ENERGY, load<f32>(st + CS_PREV_ENERGY));
  store<f32>(st + CS_PREV_ENERGY, load<f32>(y + <usize>(CY_ENERGY + (lane << 2))));
  let candidate = load<i32>(st + CS_CANDIDATE);
  let steps = load<i32>(st + CS_CANDIDATE_STEPS);
  if (raw == cls) {
    steps = 0;
  } else {
    if (raw == candidate) steps++;
    else {
      candidate = raw;
      steps = 1;
    }
    // Other energy must last longer: a tone's first and last window (partly
    // filled) look like non-tone energy for two or three steps.
    const confirm = raw == CPT_CLASS_ENERGY ? load<i32>(st + CS_CONFIRM_ENERGY) : load<i32>(st + CS_CONFIRM);
    if (steps >= confirm) {
      const at = offset - (steps * CPT_STEP + changeLead(raw, load<i32>(st + CS_WIDE_MASK)));
      emitEvent(slot, EV_TONE_RX_END, cls, at);
      emitEvent(slot, EV_TONE_RX_START, raw, at);
      cls = raw;
      steps = 0;
    }
  }
  store<i32>(st + CS_CLASS, cls);
  store<i32>(st + CS_CANDIDATE, candidate);
  store<i32>(st + CS_CANDIDATE_STEPS, steps);
  store<i32>(TONE_RX_RESULT_BASE + slot * TONE_RX_RESULT_BYTES, cls);
}
