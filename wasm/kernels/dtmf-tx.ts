// Kernel dtmfTx: DTMF generator for digit strings.
//
// What it does: plays a string of DTMF digits (Q.23: one row tone plus one
// column tone) with per-string on and off times and per-group levels into a
// 160-sample frame, overwriting it (mode 0) or adding to it with saturation
// (mode 1). Emits EV_DTMF_TX_DONE (value = digits sent, offsetSamples = the
// sample of the frame where the last off time ended) when the string ends.
// While idle, mode 0 writes silence and mode 1 leaves the frame alone.
//
// How: each tone is a two-pole resonator (f64, so a 1 s tone stays within
// 1 LSB of the exact sine) y[n] = 2 cos(w) y[n-1] - y[n-2]
// started at phase 0 for every digit, so a tone is sin(w n) scaled to its
// peak. The resonator state lives in the slot, so tones are phase continuous
// across frames. Work record: [slot, outPtr, mode, 0].
// Parameters (DTMF_TX_PARAM_BASE + slot * DTMF_TX_PARAM_BYTES), written by
// TS before dtmfTxConfigure(slot), which starts the string:
//   [0] i32 digit count (0 stops), [4] i32 on samples (>= 1), [8] i32 off
//   samples, [12] f32 low-group peak, [16] f32 high-group peak (16-bit
//   linear), [20..] u8 digit indices (row * 4 + column), DTMF_TX_MAX_DIGITS.
// Result (DTMF_TX_RESULT_BASE + slot * 16): [0] i32 busy, [4] i32 digits done.
// Spec: ITU-T Q.23 (frequencies, levels), tones-and-dsp.md §2.3.
// Limits: frequencies are the nominal ones (no deliberate offset); levels and
// times are validated by the TS bank.

import {
  DTMF_TX_STATE_BASE,
  DTMF_TX_STATE_BYTES,
  DTMF_TX_PARAM_BASE,
  DTMF_TX_PARAM_BYTES,
  DTMF_TX_RESULT_BASE,
  DTMF_TX_RESULT_BYTES,
  DTMF_TX_WORK_BASE,
  FRAME_SAMPLES,
} from "../layout";
import { emitEvent } from "../lib/events";
import { EV_DTMF_TX_DONE } from "../lib/event-kinds";
import { dtmfFreqHz } from "../lib/dtmf-tables";

/** Most digits one string may hold (bytes 20..127 of the parameter block). */
export const DTMF_TX_MAX_DIGITS: i32 = 108;
export const DTMF_TX_MODE_OVERWRITE: i32 = 0;
export const DTMF_TX_MODE_ADD: i32 = 1;

const ST_ACTIVE = 0;
const ST_INDEX = 4; // digit being played
const ST_POS = 8; // sample within the digit's on + off cycle
const ST_COUNT = 12;
const ST_ON = 16;
const ST_OFF = 20;
const ST_R1 = 24; // row resonator y[n-1], y[n-2], 2 cos(w), f64
const ST_R2 = 32;
const ST_RC = 40;
const ST_C1 = 48; // column resonator, f64
const ST_C2 = 56;
const ST_CC = 64;

@inline function stateOf(slot: i32): usize {
  return <usize>(DTMF_TX_STATE_BASE + slot * DTMF_TX_STATE_BYTES);
}

@inline function paramsOf(slot: i32): usize {
  return <usize>(DTMF_TX_PARAM_BASE + slot * DTMF_TX_PARAM_BYTES);
}

@inline function resultOf(slot: i32): usize {
  return <usize>(DTMF_TX_RESULT_BASE + slot * DTMF_TX_RESULT_BYTES);
}

/** One-time setup, called by dspInit (the generator has no tables). */
export function dtmfTxInit(): void {}

/** Stops any string and clears the slot. */
export function dtmfTxReset(slot: i32): void {
  memory.fill(stateOf(slot), 0, DTMF_TX_STATE_BYTES);
  memory.fill(resultOf(slot), 0, DTMF_TX_RESULT_BYTES);
}

// Starts the resonators of digit `index` of the slot's string at phase 0.
function startDigit(slot: i32, st: usize, index: i32): void {
  const p = paramsOf(slot);
  const d = <i32>load<u8>(p + 20 + <usize>index);
  const wr = (2.0 * Math.PI * dtmfFreqHz(d >> 2)) / 8000.0;
  const wc = (2.0 * Math.PI * dtmfFreqHz(4 + (d & 3))) / 8000.0;
  const lo = <f64>load<f32>(p, 12);
  const hi = <f64>load<f32>(p, 16);
  store<f64>(st + ST_R1, -lo * Math.sin(wr));
  store<f64>(st + ST_R2, -lo * Math.sin(2.0 * wr));
  store<f64>(st + ST_RC, 2.0 * Math.cos(wr));
  store<f64>(st + ST_C1, -hi * Math.sin(wc));
  store<f64>(st + ST_C2, -hi * Math.sin(2.0 * wc));
  store<f64>(st + ST_CC, 2.0 * Math.cos(wc));
  store<i32>(st + ST_INDEX, index);
  store<i32>(st + ST_POS, 0);
}

/** Starts the string the TS side wrote (a count of 0 stops the slot). */
export function dtmfTxConfigure(slot: i32): void {
  const st = stateOf(slot);
  const p = paramsOf(slot);
  const count = min(load<i32>(p), DTMF_TX_MAX_DIGITS);
  const on = load<i32>(p, 4);
  store<i32>(resultOf(slot), 0, 4);
  if (count <= 0 || on <= 0) {
    store<i32>(st + ST_ACTIVE, 0);
    store<i32>(resultOf(slot), 0);
    return;
  }
  store<i32>(st + ST_COUNT, count);
  store<i32>(st + ST_ON, on);
  store<i32>(st + ST_OFF, max(0, load<i32>(p, 8)));
  store<i32>(st + ST_ACTIVE, 1);
  store<i32>(resultOf(slot), 1);
  startDigit(slot, st, 0);
}

// Writes `len` tone samples at out (mode 0 overwrite, 1 add) and keeps the
// resonator state.
function tone(st: usize, out: usize, len: i32, mode: i32): void {
  let r1 = load<f64>(st + ST_R1), r2 = load<f64>(st + ST_R2);
  let c1 = load<f64>(st + ST_C1), c2 = load<f64>(st + ST_C2);
  const rc = load<f64>(st + ST_RC), cc = load<f64>(st + ST_CC);
  for (let n = 0; n < len; n++) {
    const r = rc * r1 - r2;
    r2 = r1;
    r1 = r;
    const c = cc * c1 - c2;
    c2 = c1;
    c1 = c;
    const at = out + <usize>(n << 1);
    let v: f64 = nearest<f64>(r + c);
    if (mode == DTMF_TX_MODE_ADD) v += <f64>load<i16>(at);
    store<i16>(at, <i16>(<i32>max<f64>(-32768.0, min<f64>(32767.0, v))));
  }
  store<f64>(st + ST_R1, r1);
  store<f64>(st + ST_R2, r2);
  store<f64>(st + ST_C1, c1);
  store<f64>(st + ST_C2, c2);
}

function frame(slot: i32, out: usize, mode: i32): void {
  const st = stateOf(slot);
  let n = 0;
  while (n < FRAME_SAMPLES) {
    if (load<i32>(st + ST_ACTIVE) == 0) {
      if (mode == DTMF_TX_MODE_OVERWRITE) memory.fill(out + <usize>(n << 1), 0, <usize>((FRAME_SAMPLES - n) << 1));
      return;
    }
    const on = load<i32>(st + ST_ON);
    const cycle = on + load<i32>(st + ST_OFF);
    const pos = load<i32>(st + ST_POS);
    let len: i32;
    if (pos < on) {
      len = min(FRAME_SAMPLES - n, on - pos);
      tone(st, out + <usize>(n << 1), len, mode);
    } else {
      len = min(FRAME_SAMPLES - n, cycle - pos);
      if (mode == DTMF_TX_MODE_OVERWRITE) memory.fill(out + <usize>(n << 1), 0, <usize>(len << 1));
    }
    n += len;
    store<i32>(st + ST_POS, pos + len);
    if (pos + len >= cycle) {
      const next = load<i32>(st + ST_INDEX) + 1;
      store<i32>(resultOf(slot), next, 4);
      if (next >= load<i32>(st + ST_COUNT)) {
        store<i32>(st + ST_ACTIVE, 0);
        store<i32>(resultOf(slot), 0);
        emitEvent(slot, EV_DTMF_TX_DONE, next, n);
      } else startDigit(slot, st, next);
    }
  }
}

/** Writes one 20 ms frame for each of the count work records [slot, outPtr, mode, 0]. */
export function dtmfTxTick(count: i32): void {
  for (let i = 0; i < count; i++) {
    const rec = DTMF_TX_WORK_BASE + (i << 4);
    frame(load<i32>(rec), <usize>load<i32>(rec, 4), load<i32>(rec, 8));
  }
}
