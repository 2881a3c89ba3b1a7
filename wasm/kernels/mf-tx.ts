// Kernel mfTx: MFC/R2 signal generator (Q.441 2-out-of-6), one continuous
// two-tone signal per slot, many channels per call.
//
// What it does: each slot plays the signal it was last given (or nothing)
// until told otherwise, as compelled signalling needs: a register keeps its
// tone on until the far end answers. A work record [slot, outPtr, mode, 0]
// writes (mode 0) or adds with saturation (mode 1) one 160-sample frame.
// Changing the signal ramps the old one down, then the new one up; the two
// components always share one envelope, so their start and end coincide
// (china-no1.md §2.2: mismatch <= 1 ms).
//
// How: two 32-bit phase accumulators read the shared sine table
// (lib/oscillator.ts), so a signal is phase-continuous across frames and
// exact in frequency (the step is 8000 / 2^32 Hz). The envelope e goes
// linearly 0 → 1 over rampSamples; the gain is the smoothstep e²(3 − 2e),
// close to a raised cosine, which keeps the switching spectrum narrow
// without a cosine per sample. A new signal starts at phase 0.
//
// Params (written by dsp/mf-tx.ts before mfTxConfigure): i32 signal (0 =
// off), f32 amplitude (peak of each tone), i32 rampSamples, u32 phase
// increments of the two tones. Result block: i32 signal sounding (0 when
// silent), f32 envelope.
// Levels: Q.441 / china-no1.md §2.2 send −11.5 ± 1 dBm0 per frequency (the
// bank's default).
// Limits: a slot must not appear twice in one tick; no cadence (register
// signals are continuous or pulsed by the signalling layer).

import {
  FRAME_SAMPLES,
  MF_TX_PARAM_BASE,
  MF_TX_PARAM_BYTES,
  MF_TX_RESULT_BASE,
  MF_TX_RESULT_BYTES,
  MF_TX_STATE_BASE,
  MF_TX_STATE_BYTES,
  MF_TX_WORK_BASE,
  WORK_RECORD_BYTES,
} from "../layout";
import { oscillatorInit, sineAt } from "../lib/oscillator";

// State record (MF_TX_STATE_BYTES = 64).
const ST_PHASE_A: i32 = 0;
const ST_PHASE_B: i32 = 4;
const ST_INC_A: i32 = 8;
const ST_INC_B: i32 = 12;
const ST_AMP: i32 = 16;
const ST_ENV: i32 = 20;
const ST_SIGNAL: i32 = 24;
const ST_PENDING: i32 = 28; // 1 when the params hold a signal not yet started
const ST_STEP: i32 = 32; // envelope step per sample (1 / rampSamples)

// @ts-ignore: decorator
@inline
function stateOf(slot: i32): usize {
  return <usize>(MF_TX_STATE_BASE + slot * MF_TX_STATE_BYTES);
}

// @ts-ignore: decorator
@inline
function paramsOf(slot: i32): usize {
  return <usize>(MF_TX_PARAM_BASE + slot * MF_TX_PARAM_BYTES);
}

/** One-time table setup, called by dspInit: the shared sine table. */
export function mfTxInit(): void {
  oscillatorInit();
}

/** Silences a slot at once (no ramp) and forgets its signal. */
export function mfTxReset(slot: i32): void {
  memory.fill(stateOf(slot), 0, <usize>MF_TX_STATE_BYTES);
  store<f32>(stateOf(slot) + ST_STEP, 1.0 / 24.0);
  writeResult(slot, stateOf(slot));
}

/** Takes the slot's new signal: starts it, or ramps the current one down first. */
export function mfTxConfigure(slot: i32): void {
  const st = stateOf(slot);
  const p = paramsOf(slot);
  const ramp = max(1, load<i32>(p, 8));
  store<f32>(st + ST_STEP, 1.0 / <f32>ramp);
  const signal = load<i32>(p);
  const current = load<i32>(st + ST_SIGNAL);
  if (signal == current && signal != 0 && load<i32>(p, 12) == load<i32>(st + ST_INC_A)) {
    // Same signal again: only the level may change, without a ramp.
    store<f32>(st + ST_AMP, load<f32>(p, 4));
    store<i32>(st + ST_PENDING, 0);
    return;
  }
  store<i32>(st + ST_PENDING, 1);
  if (load<f32>(st + ST_ENV) == 0) start(st, p);
}

function start(st: usize, p: usize): void {
  store<i32>(st + ST_PENDING, 0);
  store<i32>(st + ST_SIGNAL, load<i32>(p));
  store<f32>(st + ST_AMP, load<f32>(p, 4));
  store<u32>(st + ST_INC_A, load<u32>(p, 12));
  store<u32>(st + ST_INC_B, load<u32>(p, 16));
  store<u32>(st + ST_PHASE_A, 0);
  store<u32>(st + ST_PHASE_B, 0);
}

function writeResult(slot: i32, st: usize): void {
  const r = <usize>(MF_TX_RESULT_BASE + slot * MF_TX_RESULT_BYTES);
  const env = load<f32>(st + ST_ENV);
  store<i32>(r, env > 0 || load<i32>(st + ST_PENDING) == 0 ? load<i32>(st + ST_SIGNAL) : 0);
  store<f32>(r, env, 4);
}

/** Generates one 20 ms frame for each of the count work records. */
export function mfTxTick(count: i32): void {
  for (let r: i32 = 0; r < count; r++) {
    const rec = <usize>(MF_TX_WORK_BASE + r * WORK_RECORD_BYTES);
    const slot = load<i32>(rec);
    generate(slot, stateOf(slot), <usize>load<i32>(rec, 4), load<i32>(rec, 8) != 0);
  }
}

function generate(slot: i32, st: usize, out: usize, add: bool): void {
  let phaseA = load<u32>(st + ST_PHASE_A);
  let phaseB = load<u32>(st + ST_PHASE_B);
  let incA = load<u32>(st + ST_INC_A);
  let incB = load<u32>(st + ST_INC_B);
  let amp = load<f32>(st + ST_AMP);
  let env = load<f32>(st + ST_ENV);
  let pending = load<i32>(st + ST_PENDING) != 0;
  const step = load<f32>(st + ST_STEP);
  const p = paramsOf(slot);
  for (let i: i32 = 0; i < FRAME_SAMPLES; i++) {
    const on = !pending && load<i32>(st + ST_SIGNAL) != 0;
    if (on && env < 1) env = min<f32>(1, env + step);
    else if (!on && env > 0) env = max<f32>(0, env - step);
    if (pending && env == 0) {
      // The old signal has faded: switch to the new one (or stay silent).
      start(st, p);
      pending = false;
      phaseA = 0;
      phaseB = 0;
      incA = load<u32>(st + ST_INC_A);
      incB = load<u32>(st + ST_INC_B);
      amp = load<f32>(st + ST_AMP);
    }
    let v: f32 = 0;
    if (env > 0) {
      const g = env * env * (3 - 2 * env);
      v = amp * g * (sineAt(phaseA) + sineAt(phaseB));
      phaseA += incA;
      phaseB += incB;
    }
    const at = out + <usize>(i << 1);
    if (add) v += <f32>load<i16>(at);
    store<i16>(at, <i16>(<i32>nearest<f32>(max<f32>(-32768, min<f32>(32767, v)))));
  }
  store<u32>(st + ST_PHASE_A, phaseA);
  store<u32>(st + ST_PHASE_B, phaseB);
  store<f32>(st + ST_ENV, env);
  writeResult(slot, st);
}
