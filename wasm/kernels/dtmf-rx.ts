// Kernel dtmfRx: DTMF detector for the 16 digits "123A456B789C*0#D".
//
// What it does: for each work record [slot, inPtr, 0, 0] it analyses one
// 160-sample frame of 16-bit linear audio of that slot and writes
// EV_DTMF_START (value = digit index, row * 4 + column) when a digit is
// confirmed and EV_DTMF_END when it stops. Event offsets are in samples
// relative to the first sample of the frame being processed: the start of a
// digit is reported after it is confirmed (3 blocks later), so its offset is
// negative (-160 or -80: the digit began in an earlier frame); an end is
// -160 or -80 after 3 misses, up to +160 when a new digit replaces it. The
// TS bank turns them into absolute sample times.
//
// How (the numbers are argued in docs/dsp/dtmf.md; dsp/reference/dtmf.ts is
// the same algorithm in plain TS):
//   1. Blocks of 80 samples (two per frame, so the Goertzel state never has
//      to cross a frame; the decision state does). Eight Goertzel filters
//      and the block energy per block (lib/dtmf-goertzel.ts).
//      SIMD build: four slots at once, one f32x4 lane per slot. The four
//      frames are transposed into a static buffer (i16x8 loads, widen,
//      convert, 4x4 shuffles), then each filter's recurrence runs on four
//      channels with no dependency between lanes.
//      Scalar build: one slot at a time.
//   2. Per block and slot: strongest row and column; dominance over the
//      other tones of the group; the 4x4 pair solver (lib/dtmf-tables.ts)
//      gives both tones' complex amplitudes free of mutual leakage; floor,
//      twist, pair-to-total and residual tests on those; last, the column
//      tone's second harmonic (two short Goertzels, run only on passing blocks).
//   3. Consecutive passing blocks of one digit are linked by the phase test
//      (frequency error below 2.4% on both tones); three linked blocks start
//      a digit, three blocks that do not pass for it end it.
// Spec: ITU-T Q.24 (acceptance: ±1.5% / ±3.5%, 40 ms / 20 ms, twist 8 dB /
// 4 dB, 40 ms pause, 10 ms interruption), Q.23 (frequencies).
// Limits: frames are 160 samples; one frame per slot per tick, in order.
// Parameters (DTMF_RX_PARAM_BASE + slot * DTMF_RX_PARAM_BYTES, f32):
//   [0] normal twist dB (high group weaker), [1] reverse twist dB, [2]
//   sensitivity floor per tone dBm0. Reset loads the defaults 8, 4, -42.

import {
  DTMF_RX_STATE_BASE,
  DTMF_RX_STATE_BYTES,
  DTMF_RX_PARAM_BASE,
  DTMF_RX_PARAM_BYTES,
  DTMF_RX_WORK_BASE,
  FRAME_SAMPLES,
} from "../layout";
import { emitEvent } from "../lib/events";
import { EV_DTMF_START, EV_DTMF_END } from "../lib/event-kinds";
import { XBUF, S1, S2, PW, EN, goertzel8, goertzelScalar, transpose4, screenLanes, secondHarmonic, lane } from "../lib/dtmf-goertzel";
import {
  DTMF_BLOCK_SAMPLES,
  DTMF_WCOS,
  DTMF_WSIN,
  DTMF_ROTRE,
  DTMF_ROTIM,
  DTMF_COSLIM,
  DTMF_SOLVER,
  dtmfTablesInit,
} from "../lib/dtmf-tables";

/** Pair energy must hold this share of the block energy (-1.55 dB). */
export const DTMF_RX_PAIR_TO_TOTAL: f32 = 0.7;
/** Energy outside the pair may be at most this many times the weaker tone. */
export const DTMF_RX_RESIDUAL_TO_WEAK: f32 = 2.0;
/** Chosen row (column) over every other row (column), power ratio (4 dB). */
export const DTMF_RX_DOMINANCE: f32 = 2.5;
/** Largest second harmonic of the column tone, power ratio (-14 dB). */
export const DTMF_RX_SECOND_HARMONIC: f32 = 0.04;
/** Allowance added to the configured twist limits, dB. */
export const DTMF_RX_TWIST_MARGIN_DB: f32 = 1.0;
export const DTMF_RX_START_BLOCKS: i32 = 3;
export const DTMF_RX_END_MISSES: i32 = 3;

const DBM0_PEAK: f64 = 22825.0;
const M = DTMF_BLOCK_SAMPLES;
const TWO_M: f32 = <f32>(DTMF_BLOCK_SAMPLES * 2);

// Per-slot state record (56 bytes of DTMF_RX_STATE_BYTES).
const ST_PREV_DIGIT = 0;
const ST_PREV_AR = 4; // prev row amplitude (re, im), prev column amplitude
const ST_PREV_AI = 8;
const ST_PREV_BR = 12;
const ST_PREV_BI = 16;
const ST_RUN = 20;
const ST_RUN_START = 24; // block index
const ST_CURRENT = 28;
const ST_MISSES = 32;
const ST_LAST_END = 36; // block index just after the last passing block
const ST_BLOCK = 40; // blocks analysed since reset
const ST_NORMAL = 44; // linear power ratios and energy floor
const ST_REVERSE = 48;
const ST_FLOOR = 52;

const ZERO_FRAME = memory.data(FRAME_SAMPLES * 2, 16);

// Result of classify(): digit (or -1) and the two complex amplitudes.
let resDigit: i32 = -1;
let resAr: f32 = 0, resAi: f32 = 0, resBr: f32 = 0, resBi: f32 = 0;

@inline function stateOf(slot: i32): usize {
  return <usize>(DTMF_RX_STATE_BASE + slot * DTMF_RX_STATE_BYTES);
}

/** One-time table setup, called by dspInit. */
export function dtmfRxInit(): void {
  dtmfTablesInit();
}

function floorEnergy(dbm0: f32): f32 {
  const a = DBM0_PEAK * Math.pow(10.0, <f64>dbm0 / 20.0);
  return <f32>((<f64>M * a * a) / 2.0);
}

function setLimits(st: usize, normalDb: f32, reverseDb: f32, floorDbm0: f32): void {
  store<f32>(st + ST_NORMAL, <f32>Math.pow(10.0, <f64>(normalDb + DTMF_RX_TWIST_MARGIN_DB) / 10.0));
  store<f32>(st + ST_REVERSE, <f32>Math.pow(10.0, <f64>(reverseDb + DTMF_RX_TWIST_MARGIN_DB) / 10.0));
  store<f32>(st + ST_FLOOR, floorEnergy(floorDbm0));
}

/** Clears the state of one slot and loads the default limits. */
export function dtmfRxReset(slot: i32): void {
  const st = stateOf(slot);
  memory.fill(st, 0, DTMF_RX_STATE_BYTES);
  store<i32>(st + ST_PREV_DIGIT, -1);
  store<i32>(st + ST_CURRENT, -1);
  setLimits(st, 8.0, 4.0, -42.0);
}

/** Applies the parameters the TS side wrote for one slot (twists in dB, floor in dBm0). */
export function dtmfRxConfigure(slot: i32): void {
  const p = <usize>(DTMF_RX_PARAM_BASE + slot * DTMF_RX_PARAM_BYTES);
  setLimits(stateOf(slot), load<f32>(p), load<f32>(p, 4), load<f32>(p, 8));
}

// ---- step 2: per-block decision (step 1 is lib/dtmf-goertzel.ts) ----------

// Classifies lane j of the last block (samples at src, see secondHarmonic);
// sets resDigit and the amplitudes.
function classify(st: usize, j: i32, src: usize): void {
  resDigit = -1;
  let row = 0, col = 4;
  let pr = lane(PW, 0, j), pc = lane(PW, 4, j);
  for (let k = 1; k < 4; k++) { const v = lane(PW, k, j); if (v > pr) { pr = v; row = k; } }
  for (let k = 5; k < 8; k++) { const v = lane(PW, k, j); if (v > pc) { pc = v; col = k; } }
  // Raw powers in block-energy units; a quick screen 4 dB under the floor
  // (the solver moves a power by at most 2 dB) keeps silence and most
  // speech out of the slower tests.
  const scale: f32 = 2.0 / <f32>M;
  const floor = load<f32>(st + ST_FLOOR);
  pr *= scale;
  pc *= scale;
  if (pr < 0.4 * floor || pc < 0.4 * floor) return;
  const energy = lane(EN, 0, j);
  if (pr + pc < 0.5 * DTMF_RX_PAIR_TO_TOTAL * energy) return;
  for (let k = 0; k < 4; k++) if (k != row && lane(PW, k, j) * scale * DTMF_RX_DOMINANCE > pr) return;
  for (let k = 4; k < 8; k++) if (k != col && lane(PW, k, j) * scale * DTMF_RX_DOMINANCE > pc) return;
  const yr = lane(S1, row, j) - lane(S2, row, j) * load<f32>(DTMF_WCOS + <usize>(row << 2));
  const yi = lane(S2, row, j) * load<f32>(DTMF_WSIN + <usize>(row << 2));
  const zr = lane(S1, col, j) - lane(S2, col, j) * load<f32>(DTMF_WCOS + <usize>(col << 2));
  const zi = lane(S2, col, j) * load<f32>(DTMF_WSIN + <usize>(col << 2));
  const pair = row * 4 + (col - 4);
  const m = DTMF_SOLVER + <usize>(pair << 6);
  const ar = load<f32>(m) * yr + load<f32>(m, 4) * yi + load<f32>(m, 8) * zr + load<f32>(m, 12) * zi;
  const ai = load<f32>(m, 16) * yr + load<f32>(m, 20) * yi + load<f32>(m, 24) * zr + load<f32>(m, 28) * zi;
  const br = load<f32>(m, 32) * yr + load<f32>(m, 36) * yi + load<f32>(m, 40) * zr + load<f32>(m, 44) * zi;
  const bi = load<f32>(m, 48) * yr + load<f32>(m, 52) * yi + load<f32>(m, 56) * zr + load<f32>(m, 60) * zi;
  // A real tone 2 Re(a e^{jwn}) carries 2 M |a|^2 over the block.
  const er = TWO_M * (ar * ar + ai * ai);
  const ec = TWO_M * (br * br + bi * bi);
  if (er < floor || ec < floor) return;
  if (er + ec < DTMF_RX_PAIR_TO_TOTAL * energy) return;
  if (er > load<f32>(st + ST_NORMAL) * ec || ec > load<f32>(st + ST_REVERSE) * er) return;
  if (energy - er - ec > DTMF_RX_RESIDUAL_TO_WEAK * min(er, ec)) return;
  // Q.23 tones are pure; a musical note on a column frequency carries
  // harmonics. Only the column's is checked: a row's second harmonic
  // (1394-1882 Hz) sits within one bin of a column tone.
  // Skipped while the same digit is already on: it guards starts only.
  if (load<i32>(st + ST_CURRENT) != pair && secondHarmonic(col - 4, src, j) > DTMF_RX_SECOND_HARMONIC * ec) return;
  resDigit = pair;
  resAr = ar; resAi = ai; resBr = br; resBi = bi;
}

// Phase test between the previous block's amplitude (pr, pi) and this one's.
@inline function phaseOk(k: i32, pr: f32, pi: f32, re: f32, im: f32): bool {
  const zr = re * pr + im * pi;
  const zi = im * pr - re * pi;
  const cr = load<f32>(DTMF_ROTRE + <usize>(k << 2));
  const ci = load<f32>(DTMF_ROTIM + <usize>(k << 2));
  const wr = zr * cr + zi * ci;
  const wi = zi * cr - zr * ci;
  return wr >= load<f32>(DTMF_COSLIM + <usize>(k << 2)) * Mathf.sqrt(wr * wr + wi * wi);
}

// ---- step 3: digit start and end ------------------------------------------

function track(st: usize, slot: i32, frameBlock: i32): void {
  const block = load<i32>(st + ST_BLOCK);
  const d = resDigit;
  const prev = load<i32>(st + ST_PREV_DIGIT);
  let run = load<i32>(st + ST_RUN);
  if (d >= 0 && d == prev) {
    const linked =
      phaseOk(d >> 2, load<f32>(st + ST_PREV_AR), load<f32>(st + ST_PREV_AI), resAr, resAi) &&
      phaseOk(4 + (d & 3), load<f32>(st + ST_PREV_BR), load<f32>(st + ST_PREV_BI), resBr, resBi);
    if (linked) run++;
    else { run = 1; store<i32>(st + ST_RUN_START, block); }
  } else if (d >= 0) {
    run = 1;
    store<i32>(st + ST_RUN_START, block);
  } else run = 0;
  store<i32>(st + ST_RUN, run);
  store<i32>(st + ST_PREV_DIGIT, d);
  store<f32>(st + ST_PREV_AR, resAr);
  store<f32>(st + ST_PREV_AI, resAi);
  store<f32>(st + ST_PREV_BR, resBr);
  store<f32>(st + ST_PREV_BI, resBi);

  let current = load<i32>(st + ST_CURRENT);
  if (current >= 0) {
    if (d == current) {
      store<i32>(st + ST_MISSES, 0);
      store<i32>(st + ST_LAST_END, block + 1);
    } else {
      const misses = load<i32>(st + ST_MISSES) + 1;
      store<i32>(st + ST_MISSES, misses);
      if (misses >= DTMF_RX_END_MISSES) {
        finish(st, slot, frameBlock);
        current = -1;
      }
    }
  }
  if (run >= DTMF_RX_START_BLOCKS && d != current) {
    if (current >= 0) finish(st, slot, frameBlock);
    store<i32>(st + ST_CURRENT, d);
    const start = load<i32>(st + ST_RUN_START);
    store<i32>(st + ST_MISSES, 0);
    store<i32>(st + ST_LAST_END, block + 1);
    emitEvent(slot, EV_DTMF_START, d, (start - frameBlock) * M);
  }
  store<i32>(st + ST_BLOCK, block + 1);
}

function finish(st: usize, slot: i32, frameBlock: i32): void {
  emitEvent(slot, EV_DTMF_END, load<i32>(st + ST_CURRENT), (load<i32>(st + ST_LAST_END) - frameBlock) * M);
  store<i32>(st + ST_CURRENT, -1);
  store<i32>(st + ST_MISSES, 0);
}

// ---- tick -------------------------------------------------------------------

@inline function record(i: i32, field: i32): i32 {
  return load<i32>(DTMF_RX_WORK_BASE + (i << 4) + (field << 2));
}

/** Processes one 20 ms frame for each of the count work records [slot, inPtr, 0, 0]. */
export function dtmfRxTick(count: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let i = 0; i < count; i += 4) {
      const lanes = min(4, count - i);
      const p0 = <usize>record(i, 1);
      const p1 = lanes > 1 ? <usize>record(i + 1, 1) : ZERO_FRAME;
      const p2 = lanes > 2 ? <usize>record(i + 2, 1) : ZERO_FRAME;
      const p3 = lanes > 3 ? <usize>record(i + 3, 1) : ZERO_FRAME;
      transpose4(p0, p1, p2, p3);
      // Screen thresholds per lane, a little below classify()'s own screen
      // (raw powers against 0.4 x floor and 0.35 x energy), so that a lane
      // failing here would fail there too. Missing lanes get +inf.
      const f1 = lanes > 1 ? load<f32>(stateOf(record(i + 1, 0)) + ST_FLOOR) : Infinity;
      const f2 = lanes > 2 ? load<f32>(stateOf(record(i + 2, 0)) + ST_FLOOR) : Infinity;
      const f3 = lanes > 3 ? load<f32>(stateOf(record(i + 3, 0)) + ST_FLOOR) : Infinity;
      let floors = f32x4.splat(load<f32>(stateOf(record(i, 0)) + ST_FLOOR));
      floors = f32x4.replace_lane(floors, 1, f1);
      floors = f32x4.replace_lane(floors, 2, f2);
      floors = f32x4.replace_lane(floors, 3, f3);
      const screen = f32x4.mul(floors, f32x4.splat(<f32>0.39 * <f32>M * 0.5));
      for (let b = 0; b < 2; b++) {
        goertzel8(b * M);
        const mask = screenLanes(screen, DTMF_RX_PAIR_TO_TOTAL);
        for (let j = 0; j < lanes; j++) {
          const slot = record(i + j, 0);
          const st = stateOf(slot);
          if (((mask >> j) & 1) == 0 && load<i32>(st + ST_PREV_DIGIT) < 0 && load<i32>(st + ST_CURRENT) < 0) {
            // Idle slot and nothing DTMF-like: tracking would only count the block.
            store<i32>(st + ST_BLOCK, load<i32>(st + ST_BLOCK) + 1);
            continue;
          }
          classify(st, j, XBUF + <usize>((b * M) << 4));
          track(st, slot, load<i32>(st + ST_BLOCK) - b);
        }
      }
    }
  } else {
    for (let i = 0; i < count; i++) {
      const slot = record(i, 0);
      const ptr = <usize>record(i, 1);
      const st = stateOf(slot);
      for (let b = 0; b < 2; b++) {
        goertzelScalar(ptr, b * M);
        classify(st, 0, ptr + <usize>((b * M) << 1));
        track(st, slot, load<i32>(st + ST_BLOCK) - b);
      }
    }
  }
}
