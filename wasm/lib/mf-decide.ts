// The per-step decision and debounce of the MFC/R2 receiver (kernel mfRx).
//
// What it does: given the complex Goertzel outputs of the half-block that
// just ended (six frequencies, one channel) and the slot's state, judges
// the 20 ms window made of the previous and the current half, debounces the
// result and emits EV_MF_START / EV_MF_END.
//
// How: see wasm/kernels/mf-rx.ts (the tests, in order: level of the weaker
// tone, twist, the four other frequencies, tone share of the total power,
// steadiness across the halves, phase drift = frequency error). Mirrors
// dsp/reference/mf.ts step for step.
// Spec: Q.455 receiver limits as listed in shared/reference/china-no1.md §2.2.
// Limits: scalar code, run twice per frame per channel.

import { emitEvent } from "./events";
import { EV_MF_START, EV_MF_END } from "./event-kinds";
import { MF_RX_RESULT_BASE, MF_RX_RESULT_BYTES } from "../layout";

// Byte offsets inside one slot's state record (MF_RX_STATE_BYTES = 256).
export const ST_COEF: i32 = 0; // 6 f32: 2 cos ω
export const ST_COS: i32 = 24; // 6 f32: cos ω
export const ST_SIN: i32 = 48; // 6 f32: sin ω
export const ST_ROT_RE: i32 = 72; // 6 f32: Re e^{-jω·80}
export const ST_ROT_IM: i32 = 96; // 6 f32: Im e^{-jω·80}
export const ST_PREV_RE: i32 = 120; // 6 f32: y of the previous half
export const ST_PREV_IM: i32 = 144;
export const ST_PREV_ENERGY: i32 = 168; // f32: Σx² of the previous half
export const ST_CURRENT: i32 = 172; // i32: signal reported on, or 0
export const ST_CANDIDATE: i32 = 176;
export const ST_CANDIDATE_STEPS: i32 = 180;
export const ST_MISS_STEPS: i32 = 184;
export const ST_MIN_WINDOW: i32 = 188; // thresholds copied from the params
export const ST_TWIST_ADJ: i32 = 192;
export const ST_TWIST_OTHER: i32 = 196;
export const ST_OTHERS: i32 = 200;
export const ST_ENERGY_FACTOR: i32 = 204;
export const ST_BALANCE: i32 = 208;
export const ST_TAN_DRIFT: i32 = 212;
export const ST_ON_STEPS: i32 = 216;
export const ST_OFF_STEPS: i32 = 220;
export const ST_DYNAMIC_FROM: i32 = ST_PREV_RE;
export const ST_DYNAMIC_TO: i32 = ST_MIN_WINDOW;

// Y scratch layout (one group of four lanes): re[6][4], im[6][4], energy[4].
export const Y_RE: i32 = 0;
export const Y_IM: i32 = 96;
export const Y_ENERGY: i32 = 192;
export const Y_BYTES: i32 = 208;

// Events are dated where the change happened, not where it was confirmed:
// a start is confirmed on average onSteps * 80 + START_LEAD samples after
// the tone began, an end offSteps * 80 - END_LEAD after it stopped
// (medians over every offset in the frame and −5..−35 dBm0; the spread is
// about ±45 samples). The offset is counted from the first sample of the
// frame being processed and may be negative.
const MF_HALF: i32 = 80;
const START_LEAD: i32 = 92;
const END_LEAD: i32 = 13;

// Signal of each ordered pair of frequency indices (Q.441 numbering), 6 x 6.
const SIGNAL_OF: StaticArray<u8> = [
  0, 1, 2, 4, 7, 11,
  1, 0, 3, 5, 8, 12,
  2, 3, 0, 6, 9, 13,
  4, 5, 6, 0, 10, 14,
  7, 8, 9, 10, 0, 15,
  11, 12, 13, 14, 15, 0,
];

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

/** Judges the window ending with this half: returns signal 1..15 or 0. */
function judge(st: usize, y: usize, lane: i32): i32 {
  let w1: f32 = -1;
  let w2: f32 = -1;
  let k1: i32 = 0;
  let k2: i32 = 0;
  const wBase = y + <usize>Y_BYTES + <usize>(lane * 24);
  for (let k: i32 = 0; k < 6; k++) {
    const rr = fAt(st, ST_ROT_RE, k);
    const ri = fAt(st, ST_ROT_IM, k);
    const cr = yAt(y, Y_RE, k, lane);
    const ci = yAt(y, Y_IM, k, lane);
    const a = fAt(st, ST_PREV_RE, k) + rr * cr - ri * ci;
    const b = fAt(st, ST_PREV_IM, k) + rr * ci + ri * cr;
    const w = a * a + b * b;
    store<f32>(wBase + <usize>(k << 2), w);
    if (w > w1) {
      w2 = w1;
      k2 = k1;
      w1 = w;
      k1 = k;
    } else if (w > w2) {
      w2 = w;
      k2 = k;
    }
  }
  if (w2 < load<f32>(st + ST_MIN_WINDOW)) return 0;
  const d = k1 > k2 ? k1 - k2 : k2 - k1;
  const twist = d == 1 ? load<f32>(st + ST_TWIST_ADJ) : load<f32>(st + ST_TWIST_OTHER);
  if (w1 > w2 * twist) return 0;
  const others = w2 * load<f32>(st + ST_OTHERS);
  for (let k: i32 = 0; k < 6; k++) {
    if (k != k1 && k != k2 && load<f32>(wBase + <usize>(k << 2)) > others) return 0;
  }
  const energy = load<f32>(st + ST_PREV_ENERGY) + load<f32>(y + <usize>(Y_ENERGY + (lane << 2)));
  if (w1 + w2 < load<f32>(st + ST_ENERGY_FACTOR) * energy) return 0;
  if (!steady(st, y, lane, k1) || !steady(st, y, lane, k2)) return 0;
  return <i32>unchecked(SIGNAL_OF[k1 * 6 + k2]);
}

/** Power balance of one tone across the two halves, and its phase drift. */
function steady(st: usize, y: usize, lane: i32, k: i32): bool {
  const pr = fAt(st, ST_PREV_RE, k);
  const pi = fAt(st, ST_PREV_IM, k);
  const cr = yAt(y, Y_RE, k, lane);
  const ci = yAt(y, Y_IM, k, lane);
  const hp = pr * pr + pi * pi;
  const hc = cr * cr + ci * ci;
  const bal = load<f32>(st + ST_BALANCE);
  if (hp > bal * hc || hc > bal * hp) return false;
  // z = y_cur · conj(y_prev) · e^{-jω·80}: its angle is the tone's drift.
  const ar = cr * pr + ci * pi;
  const ai = ci * pr - cr * pi;
  const rr = fAt(st, ST_ROT_RE, k);
  const ri = fAt(st, ST_ROT_IM, k);
  const zr = ar * rr - ai * ri;
  const zi = ar * ri + ai * rr;
  return zr > 0 && Mathf.abs(zi) <= load<f32>(st + ST_TAN_DRIFT) * zr;
}

/** Judges, debounces and reports one step of one lane; then keeps y as "previous". */
export function mfStep(st: usize, slot: i32, y: usize, lane: i32, offset: i32): void {
  const raw = judge(st, y, lane);
  for (let k: i32 = 0; k < 6; k++) {
    store<f32>(st + <usize>(ST_PREV_RE + (k << 2)), yAt(y, Y_RE, k, lane));
    store<f32>(st + <usize>(ST_PREV_IM + (k << 2)), yAt(y, Y_IM, k, lane));
  }
  store<f32>(st + ST_PREV_ENERGY, load<f32>(y + <usize>(Y_ENERGY + (lane << 2))));

  let current = load<i32>(st + ST_CURRENT);
  let candidate = load<i32>(st + ST_CANDIDATE);
  let candidateSteps = load<i32>(st + ST_CANDIDATE_STEPS);
  let miss = load<i32>(st + ST_MISS_STEPS);
  if (raw != 0 && raw != current) {
    if (raw == candidate) candidateSteps++;
    else {
      candidate = raw;
      candidateSteps = 1;
    }
  } else {
    candidate = 0;
    candidateSteps = 0;
  }
  let ended = true;
  if (current != 0) {
    if (raw == current) {
      miss = 0;
      ended = false;
    } else {
      miss++;
      if (miss >= load<i32>(st + ST_OFF_STEPS)) {
        emitEvent(slot, EV_MF_END, current, offset - (miss * MF_HALF - END_LEAD));
        current = 0;
        miss = 0;
      } else ended = false;
    }
  }
  if (ended && candidate != 0 && candidateSteps >= load<i32>(st + ST_ON_STEPS)) {
    emitEvent(slot, EV_MF_START, candidate, offset - (candidateSteps * MF_HALF + START_LEAD));
    current = candidate;
    candidate = 0;
    candidateSteps = 0;
  }
  store<i32>(st + ST_CURRENT, current);
  store<i32>(st + ST_CANDIDATE, candidate);
  store<i32>(st + ST_CANDIDATE_STEPS, candidateSteps);
  store<i32>(st + ST_MISS_STEPS, miss);
  store<i32>(MF_RX_RESULT_BASE + slot * MF_RX_RESULT_BYTES, current);
}
