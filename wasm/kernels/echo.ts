// Kernel echo: line echo canceller with a 128 ms tail (ITU-T G.168 style).
//
// What it does: for every work record [slot, rinPtr, sinPtr, soutPtr] it
// takes one 20 ms frame of Rin (the far-end signal we sent toward the line),
// Sin (what came back: near-end speech plus the hybrid's echo of Rin) and
// writes Sout = Sin minus the estimated echo, after the non-linear processor
// (NLP) and comfort noise. Per-slot results: ERLE estimate, double talk,
// converged, bypass state, NLP state, background level, path changes.
//
// How:
// - Linear part: a partitioned-block frequency-domain adaptive filter
//   (wasm/lib/echo-filter.ts), 32-tap partitions, FFT 64, up to 32
//   partitions (tailMs / 4), so a frame is exactly 5 blocks and no delay
//   is added. The background filter adapts proportionately (IPNLMS rule
//   across partitions, and per tap inside the largest partitions while
//   converging: a fast-convergence mode with a larger step that ends once
//   the ERLE estimate passes 24 dB or the residual reaches the noise).
//   Two filters share the far-end spectra: the background filter
//   adapts on every block with far-end activity, the foreground filter
//   makes the output and is only ever a copy of the background. The
//   background is copied to the foreground when its error stays 1.5 dB
//   lower for 4 blocks (before convergence, or while a trusted background
//   learns a new path: any gain, 1 block); the foreground is copied back
//   when the background
//   error stays 6 dB higher for 6 blocks (it diverged, e.g. during double
//   talk). While double talk is flagged the background must also cancel
//   6 dB on its own to be copied (an adapting filter can briefly track the
//   near-end speech), and `converged` is sticky. Double talk therefore
//   cannot corrupt the output filter.
//   Echo-path change: when the converged foreground cancels less than 10 dB
//   and the background beats it twice meanwhile, both filters are reset
//   and re-converge from zero in the fast mode (EV_ECHO_PATH_CHANGE).
//   The fast mode starts with the first of those copies, so the
//   background has learnt part of the new path by then.
// - Double-talk detector (drives the NLP and the result flag): before
//   convergence Geigel (|Sin| peak above half the |Rin| peak of the last
//   tail, G.168's 6 dB ERL assumption); once converged, the foreground error
//   power above -6 dB of the echo estimate's power and 6 dB above the
//   background level; 30 ms hangover.
// - NLP: while the far end is active (with a hangover of the tail length)
//   and there is no double talk, the error is replaced, with a one-block
//   cross-fade, by comfort noise at the near-end background level, which a
//   minimum tracker (fast fall, +3 dB/s rise) estimates from the error.
// - Adaptation is frozen while the far end is silent (2 minutes of silence
//   keep the model: G.168 test 4) and while the far end is narrow-band (two
//   adjacent bins hold 70% of the smoothed far-end spectrum: test 6).
// - Tone disabler (wasm/lib/echo-disabler.ts): 2100 Hz with phase
//   reversals bypasses the canceller (EV_ECHO_DISABLER_ON) until 260 ms of
//   quiet in both directions (EV_ECHO_DISABLER_OFF). The engine can force
//   bypass per slot (params word 3).
//
// Params (i32 words): 0 tailMs (32, 64 or 128; 0 means 128), 1 nlp on,
// 2 comfort noise on, 3 forced bypass.
// Results: 0 f32 ERLE dB, 1 i32 double talk, 2 i32 converged,
// 3 i32 bypass (0 no, 1 forced, 2 tone disabler), 4 i32 NLP suppressing,
// 5 f32 background level dBm0, 6 i32 echo-path changes, 7 i32 fast-convergence
// mode on.
//
// Spec references: ITU-T G.168 (2012) clause 3 (definitions: ERL, ERLE,
// combined loss), clause 6 (requirements and tests 1-6), G.165 clause 3.4
// and G.164 clause 3.3 (tone disabler).
// Limits: linear echo paths only (no non-linear hybrid model); the CNG is
// white, matched in level but not in spectrum; on speech-like far-end
// signals ERLE reaches 20-38 dB at 1 s and over 30 dB at 6-8 s, 20 dB 1 s
// after an echo-path change (docs/dsp/echo.md has the measured figures); a
// converging canceller costs about twice a converged one.

import { ECHO_WORK_BASE, ECHO_STATE_BYTES, FFT_TABLES_BASE, FFT_TABLES_BYTES } from "../layout";
import { emitEvent } from "../lib/events";
import { EV_ECHO_DISABLER_ON, EV_ECHO_DISABLER_OFF, EV_ECHO_PATH_CHANGE } from "../lib/event-kinds";
import { fftInit, rfft64 } from "../lib/fft";
import { pushSpectrum, partitionGains, filterBoth, adaptBackground, copyFilter, estimates } from "../lib/echo-filter";
import { disablerInit, disablerFrame } from "../lib/echo-disabler";
import {
  BLOCK, PARTS_MAX, IM, X_OFF, WF_OFF, WB_OFF, XPOW_OFF, PREV_OFF, RMAX_OFF, PNORM_OFF, S_OFF, S_HEAD, S_PARTS,
  S_FLAGS, S_BLOCKS, S_RMAX_IDX, S_DF, S_DB, S_BETTER, S_WORSE, S_DT_HANG, S_FAR_HANG, S_PSIN, S_PERR,
  S_ERLE, S_CONVERGED, S_NOISE, S_SEED, S_GAIN, S_SHORT_E, S_SHORT_Y, S_DIS_STATE,
  S_PATH_CHANGES, S_NARROW, S_DT, S_NLP_ON, S_DS, S_PC_RUN, S_TOP_MASK, S_FAST, S_PC_TRUST, S_FAST_BLOCKS, ECHO_STATE_USED, F_NLP, F_CNG, F_BYPASS, SPEC_BYTES,
  stateOf, paramsOf, resultsOf, T64, YF_T, YB_T, EF_T, EB_T, EB, SCRATCH_END,
} from "../lib/echo-state";

const DBM0_MS: f32 = 2.6049e8; // mean square of a 0 dBm0 sine on 16-bit linear
const FAR_ACTIVE_MS: f32 = 8239; // -45 dBm0: below this the far end is silent
const DELTA_PER_PART: f32 = 52736; // 64 * mean square at -55 dBm0, per partition
const ALPHA: f32 = 0.7; // normalised step of the background filter once converged
const ALPHA_FAST: f32 = 1.4; // ... and in the fast-convergence mode
const GEIGEL_RATIO: f32 = 0.5; // 6 dB: the ERL G.168 assumes
const DT_HANG_SAMPLES: i32 = 240; // 30 ms
const COPY_BETTER: f32 = 0.7; // background 1.5 dB better ...
const COPY_BETTER_BLOCKS: i32 = 4; // ... for 4 blocks: it becomes the foreground
const COPY_BETTER_EARLY: f32 = 0.95; // before convergence: any gain, one block
const COPY_WORSE: f32 = 4; // background 6 dB worse ...
const COPY_WORSE_BLOCKS: i32 = 6; // ... for 6 blocks: it is reset from the foreground
const PATH_CHANGE_LOST: f32 = 0.1; // foreground cancels less than 10 dB ...
const PATH_CHANGE_COPIES: i32 = 2; // ... and the background beat it twice: the path changed
const TRUST_CANCEL: f32 = 4; // in double talk the background must cancel 6 dB to be copied
const NARROW_SHARE: f32 = 0.7;
const CONVERGED_ON_DB: f32 = 18;
// Fast-convergence mode (see block()): while the ERLE estimate is below
// 24 dB and the residual 6 dB above the background noise, or while a new
// echo path is being learnt. It takes the larger step, puts the 12
// largest partitions in the tap-proportionate set (two FFTs each per
// block) and constrains one other partition per block; converged, the
// canceller constrains two per block and uses no tap-proportionate set,
// which costs what the plain MDF filter costs.
const FAST_UNTIL_DB: f32 = 24;
const FAST_RESIDUAL: f32 = 4;
const FAST_TAP_PARTS: i32 = 12;
const FAST_CONSTRAIN: i32 = 1;
// The fast mode costs about twice the converged filter, so it has a budget:
// 3 s of adapting blocks after a reset or a path change. A line that never
// reaches the ERLE bound (near-end noise or talk over the whole call) then
// runs at the normal cost instead of paying for convergence forever.
const FAST_BUDGET_BLOCKS: i32 = 750;
const SLOW_CONSTRAIN: i32 = 2;
const NOISE_RISE: f32 = 1.0028; // +3 dB/s at 250 blocks/s
const NOISE_BIAS: f32 = 1.4; // the minimum tracker sits about 1.5 dB below the mean

/** One-time table setup, called by dspInit. */
export function echoInit(): void {
  assert(ECHO_STATE_USED <= <usize>ECHO_STATE_BYTES, "echo: slot record larger than ECHO_STATE_BYTES");
  assert(SCRATCH_END <= <usize>FFT_TABLES_BASE + <usize>FFT_TABLES_BYTES, "echo: scratch beyond FFT_TABLES_BASE");
  fftInit();
  disablerInit();
}

/** Clears the state of one slot and re-applies its parameter block. */
export function echoReset(slot: i32): void {
  const st = stateOf(slot);
  memory.fill(st, 0, ECHO_STATE_USED);
  memory.fill(resultsOf(slot), 0, 32);
  store<u32>(st + S_OFF + S_SEED, 0x9e3779b9 ^ <u32>slot);
  store<f32>(st + S_OFF + S_GAIN, 1);
  store<i32>(st + S_OFF + S_PARTS, PARTS_MAX);
  echoConfigure(slot);
}

/** Applies the parameters the TS side wrote for one slot. */
export function echoConfigure(slot: i32): void {
  const st = stateOf(slot);
  const p = paramsOf(slot);
  const tailMs = load<i32>(p);
  const parts = tailMs == 32 ? 8 : tailMs == 64 ? 16 : PARTS_MAX;
  if (parts != load<i32>(st + S_OFF + S_PARTS)) {
    // A new tail length starts the model afresh.
    memory.fill(st + X_OFF, 0, <usize>PARTS_MAX * SPEC_BYTES * 3 + 144);
    memory.fill(st + PNORM_OFF, 0, 128 + <usize>PARTS_MAX * 128);
    store<u32>(st + S_OFF + S_TOP_MASK, 0);
    store<i32>(st + S_OFF + S_HEAD, 0);
    store<i32>(st + S_OFF + S_PARTS, parts);
  }
  let flags = 0;
  if (load<i32>(p, 4) != 0) flags |= F_NLP;
  if (load<i32>(p, 8) != 0) flags |= F_CNG;
  if (load<i32>(p, 12) != 0) flags |= F_BYPASS;
  store<i32>(st + S_OFF + S_FLAGS, flags);
}

/** Processes one 20 ms frame for each of the count work records. */
export function echoTick(count: i32): void {
  for (let r = 0; r < count; r++) {
    const w = <usize>ECHO_WORK_BASE + <usize>r * 16;
    frame(load<i32>(w), <usize>load<i32>(w, 4), <usize>load<i32>(w, 8), <usize>load<i32>(w, 12));
  }
}

function frame(slot: i32, rin: usize, sin: usize, sout: usize): void {
  const st = stateOf(slot);
  const s = st + S_OFF;
  const dis = disablerFrame(st, rin, sin);
  if (dis > 0) emitEvent(slot, EV_ECHO_DISABLER_ON, 0, 0);
  else if (dis < 0) emitEvent(slot, EV_ECHO_DISABLER_OFF, 0, 0);
  const flags = load<i32>(s + S_FLAGS);
  const bypass = (flags & F_BYPASS) != 0 ? 1 : load<i32>(s + S_DIS_STATE) != 0 ? 2 : 0;
  if (bypass != 0) {
    memory.copy(sout, sin, 320);
  } else {
    for (let b = 0; b < 5; b++) {
      const at = <usize>(b * BLOCK * 2);
      block(slot, st, rin + at, sin + at, sout + at, b * BLOCK);
    }
  }
  const res = resultsOf(slot);
  store<f32>(res, load<f32>(s + S_ERLE));
  store<i32>(res, load<i32>(s + S_DT), 4);
  store<i32>(res, load<i32>(s + S_CONVERGED), 8);
  store<i32>(res, bypass, 12);
  store<i32>(res, load<i32>(s + S_NLP_ON), 16);
  const noise = load<f32>(s + S_NOISE) * NOISE_BIAS;
  store<f32>(res, <f32>10 * Mathf.log10(noise / DBM0_MS + <f32>1e-12), 20);
  store<i32>(res, load<i32>(s + S_PATH_CHANGES), 24);
  store<i32>(res, load<i32>(s + S_FAST), 28);
}

// Far-end window into T64, the block's |Rin| peak into the tail ring.
// Returns the block's mean square; stores the tail's |Rin| peak at T64+256.
function farEnd(st: usize, rin: usize, parts: i32): f32 {
  const prev = st + PREV_OFF;
  const s = st + S_OFF;
  let ms: f32 = 0, peak: f32 = 0;
  for (let n: usize = 0; n < 32; n++) {
    const x = <f32>load<i16>(rin + (n << 1));
    store<f32>(T64 + (n << 2), load<f32>(prev + (n << 2)));
    store<f32>(T64 + 128 + (n << 2), x);
    store<f32>(prev + (n << 2), x);
    ms += x * x;
    peak = Mathf.max(peak, Mathf.abs(x));
  }
  const ring = parts + 1;
  let idx = load<i32>(s + S_RMAX_IDX);
  store<f32>(st + RMAX_OFF + (<usize>idx << 2), peak);
  idx = idx + 1 >= ring ? 0 : idx + 1;
  store<i32>(s + S_RMAX_IDX, idx);
  let tailPeak: f32 = 0;
  for (let i = 0; i < ring; i++) tailPeak = Mathf.max(tailPeak, load<f32>(st + RMAX_OFF + (<usize>i << 2)));
  store<f32>(T64 + 256, tailPeak);
  return ms / <f32>32;
}

// True when two adjacent bins hold most of the recent far-end energy.
function narrowBand(st: usize): bool {
  const pw = st + XPOW_OFF;
  let total: f32 = 0, best: f32 = 0, last: f32 = 0;
  for (let k: usize = 0; k < 33; k++) {
    const v = load<f32>(pw + (k << 2));
    total += v;
    best = Mathf.max(best, v + last);
    last = v;
  }
  return total > 0 && best >= NARROW_SHARE * total;
}

function block(slot: i32, st: usize, rin: usize, sin: usize, sout: usize, offset: i32): void {
  const s = st + S_OFF;
  const parts = load<i32>(s + S_PARTS);
  const rinMs = farEnd(st, rin, parts);
  const tailPeak = load<f32>(T64 + 256);
  pushSpectrum(st, parts);
  // Fast mode while the filter is far from what the line allows (ERLE
  // estimate low and the residual well above the background noise: on a
  // noisy line a low ERLE is all there is to get, and the larger step
  // would only add misadjustment), and while a new echo path is learnt.
  const residualHigh = load<f32>(s + S_PERR) > FAST_RESIDUAL * load<f32>(s + S_NOISE) || load<f32>(s + S_PERR) == 0;
  const wanted = (load<f32>(s + S_ERLE) < FAST_UNTIL_DB && residualHigh) || load<i32>(s + S_PC_TRUST) != 0;
  const fast = wanted && load<i32>(s + S_FAST_BLOCKS) < FAST_BUDGET_BLOCKS;
  store<i32>(s + S_FAST, fast ? 1 : 0);
  partitionGains(st, parts, fast ? FAST_TAP_PARTS : 0);
  filterBoth(st, parts);
  estimates(YF_T, YB_T);

  let sinMs: f32 = 0, sinPeak: f32 = 0, ef2: f32 = 0, eb2: f32 = 0, y2: f32 = 0;
  for (let n: usize = 0; n < 32; n++) {
    const x = <f32>load<i16>(sin + (n << 1));
    const yf = load<f32>(YF_T + 128 + (n << 2));
    const ef = x - yf;
    const eb = x - load<f32>(YB_T + 128 + (n << 2));
    store<f32>(EF_T + (n << 2), ef);
    store<f32>(EB_T + (n << 2), eb);
    sinMs += x * x;
    sinPeak = Mathf.max(sinPeak, Mathf.abs(x));
    ef2 += ef * ef;
    eb2 += eb * eb;
    y2 += yf * yf;
  }
  sinMs /= <f32>32;
  const efMs = ef2 / <f32>32;

  // Far-end activity, with a hangover of the tail so the echo of the last
  // far-end syllable is still treated as echo.
  let farHang = load<i32>(s + S_FAR_HANG);
  farHang = rinMs > FAR_ACTIVE_MS ? parts * BLOCK + 2 * BLOCK : max(0, farHang - BLOCK);
  store<i32>(s + S_FAR_HANG, farHang);
  const far = farHang > 0;

  const noise = trackNoise(s, efMs);
  const converged = load<i32>(s + S_CONVERGED) != 0;
  const dt = doubleTalk(s, far, converged, sinPeak, tailPeak, efMs, y2 / <f32>32, noise);

  let adapt = far;
  if (far) adapt = compareFilters(slot, st, ef2, eb2, sinMs * <f32>32, converged, dt, parts, offset);
  if (far && !dt) updateErle(s, sinMs, efMs);

  const narrow = far && narrowBand(st);
  store<i32>(s + S_NARROW, narrow ? 1 : 0);
  if (adapt && !narrow) adaptStep(st, parts);

  output(st, sout, far && !dt, noise);
}

// Background level of the error (minimum tracker), for the comfort noise.
function trackNoise(s: usize, efMs: f32): f32 {
  let noise = load<f32>(s + S_NOISE);
  if (noise <= 0) noise = efMs;
  else if (efMs < noise) noise += <f32>0.2 * (efMs - noise);
  else noise = Mathf.min(efMs, noise * NOISE_RISE);
  noise = Mathf.max(noise, 1);
  store<f32>(s + S_NOISE, noise);
  return noise;
}

// Double-talk decision of one block, with its hangover; stored as S_DT.
function doubleTalk(s: usize, far: bool, converged: bool, sinPeak: f32, tailPeak: f32, efMs: f32, yMs: f32, noise: f32): bool {
  const shortE = <f32>0.6 * load<f32>(s + S_SHORT_E) + <f32>0.4 * efMs;
  const shortY = <f32>0.6 * load<f32>(s + S_SHORT_Y) + <f32>0.4 * yMs;
  store<f32>(s + S_SHORT_E, shortE);
  store<f32>(s + S_SHORT_Y, shortY);
  // Geigel only until the canceller has converged: it assumes 6 dB of ERL,
  // which hybrids with most of their gain in the speech band do not always
  // give; once converged the echo estimate itself tells echo from speech.
  const geigel = far && !converged && sinPeak > GEIGEL_RATIO * tailPeak;
  const energy = converged && far && shortE > <f32>0.25 * shortY && shortE > <f32>4 * noise * NOISE_BIAS;
  const dtHang = geigel || energy ? DT_HANG_SAMPLES : max(0, load<i32>(s + S_DT_HANG) - BLOCK);
  store<i32>(s + S_DT_HANG, dtHang);
  store<i32>(s + S_DT, dtHang > 0 ? 1 : 0);
  return dtHang > 0;
}

// Long-term ERLE estimate (far end alone) and the converged flag.
function updateErle(s: usize, sinMs: f32, efMs: f32): void {
  const psin = <f32>0.99 * load<f32>(s + S_PSIN) + <f32>0.01 * sinMs;
  const perr = <f32>0.99 * load<f32>(s + S_PERR) + <f32>0.01 * efMs;
  store<f32>(s + S_PSIN, psin);
  store<f32>(s + S_PERR, perr);
  const erle = <f32>10 * Mathf.log10((psin + 1) / (perr + 1));
  store<f32>(s + S_ERLE, erle);
  // Sticky: a missed double talk drags the estimate down, and dropping
  // the flag then would lift the protections of the foreground filter.
  // Only an echo-path change (or a reset) clears it.
  if (erle >= CONVERGED_ON_DB) store<i32>(s + S_CONVERGED, 1);
}

// Transforms [32 zeros, background error] and adapts the background filter.
function adaptStep(st: usize, parts: i32): void {
  const s = st + S_OFF;
  for (let n: usize = 0; n < 32; n++) {
    store<f32>(T64 + (n << 2), 0);
    store<f32>(T64 + 128 + (n << 2), load<f32>(EB_T + (n << 2)));
  }
  rfft64(T64, EB, EB + IM);
  const blocks = load<i32>(s + S_BLOCKS);
  const fast = load<i32>(s + S_FAST) != 0;
  if (fast) store<i32>(s + S_FAST_BLOCKS, load<i32>(s + S_FAST_BLOCKS) + 1);
  adaptBackground(st, parts, fast ? ALPHA_FAST : ALPHA, DELTA_PER_PART * <f32>parts, blocks, fast ? FAST_CONSTRAIN : SLOW_CONSTRAIN);
  store<i32>(s + S_BLOCKS, blocks + 1);
}

// The foreground / background decisions of one block with far-end activity.
// Returns false when the background was just reset (skip its adaptation).
function compareFilters(slot: i32, st: usize, ef2: f32, eb2: f32, sin2: f32, converged: bool, dt: bool, parts: i32, offset: i32): bool {
  const s = st + S_OFF;
  let df = <f32>0.8 * load<f32>(s + S_DF) + <f32>0.2 * ef2;
  let db = <f32>0.8 * load<f32>(s + S_DB) + <f32>0.2 * eb2;
  const ds = <f32>0.8 * load<f32>(s + S_DS) + <f32>0.2 * sin2;
  store<f32>(s + S_DS, ds);
  // Echo-path change: the converged foreground no longer cancels, yet the
  // background, adapting on the same signals, keeps beating it (it was
  // copied over twice while the foreground's ERLE stayed below 10 dB).
  // Double talk cannot look like this: near-end speech makes the
  // background worse, not better.
  let pcRun = converged && df > PATH_CHANGE_LOST * ds ? load<i32>(s + S_PC_RUN) : 0;
  // Before convergence there is no model to protect: follow the background
  // closely. After it, only a clear and lasting gain replaces the output filter.
  // A background that cancels 6 dB on its own while the foreground no
  // longer does is learning a new echo path: follow it as before convergence.
  const pcTrust = pcRun > 0 && ds > TRUST_CANCEL * db;
  store<i32>(s + S_PC_TRUST, pcTrust ? 1 : 0);
  const early = !converged || pcTrust;
  const ratio = early ? COPY_BETTER_EARLY : COPY_BETTER;
  const needed = early ? 1 : COPY_BETTER_BLOCKS;
  // In double talk an adapting filter can lower its error for a while by
  // tracking the near-end speech itself; only a background that truly
  // cancels (6 dB below Sin, which near-end speech at the echo level caps
  // at 3 dB) may then replace the foreground.
  const trusted = !dt || ds > TRUST_CANCEL * db;
  let better = trusted && db < ratio * df ? load<i32>(s + S_BETTER) + 1 : 0;
  let worse = converged && db > COPY_WORSE * df ? load<i32>(s + S_WORSE) + 1 : 0;
  let adapt = true;
  if (better >= needed) {
    if (converged && ++pcRun >= PATH_CHANGE_COPIES) {
      pathChange(slot, st, parts, offset);
      return false;
    }
    copyFilter(st, WB_OFF, WF_OFF, parts);
    df = db;
    better = 0;
  } else if (worse >= COPY_WORSE_BLOCKS) {
    copyFilter(st, WF_OFF, WB_OFF, parts);
    // The recorded taps of the tap-proportionate set no longer match.
    store<u32>(s + S_TOP_MASK, 0);
    db = df;
    worse = 0;
    pcRun = 0;
    adapt = false;
  }
  store<i32>(s + S_PC_RUN, pcRun);
  store<f32>(s + S_DF, df);
  store<f32>(s + S_DB, db);
  store<i32>(s + S_BETTER, better);
  store<i32>(s + S_WORSE, worse);
  return adapt;
}

// Resets the model after an echo-path change: both filters and the
// partition norms restart from zero (the far-end history is kept), so the
// proportionate step spreads evenly again instead of favouring the old
// path's partitions; the ERLE estimate and the converged flag restart too.
function pathChange(slot: i32, st: usize, parts: i32, offset: i32): void {
  const s = st + S_OFF;
  store<i32>(s + S_PATH_CHANGES, load<i32>(s + S_PATH_CHANGES) + 1);
  emitEvent(slot, EV_ECHO_PATH_CHANGE, 0, offset);
  memory.fill(st + WF_OFF, 0, <usize>PARTS_MAX * SPEC_BYTES * 2);
  memory.fill(st + PNORM_OFF, 0, 128 + <usize>PARTS_MAX * 128);
  store<u32>(s + S_TOP_MASK, 0);
  store<i32>(s + S_CONVERGED, 0);
  store<f32>(s + S_PSIN, 0);
  store<f32>(s + S_PERR, 0);
  store<f32>(s + S_ERLE, 0);
  const ds = load<f32>(s + S_DS);
  store<f32>(s + S_DF, ds);
  store<f32>(s + S_DB, ds);
  store<i32>(s + S_BETTER, 0);
  store<i32>(s + S_WORSE, 0);
  store<i32>(s + S_PC_RUN, 0);
  store<i32>(s + S_PC_TRUST, 0);
  store<i32>(s + S_FAST_BLOCKS, 0);
}

// NLP and comfort noise, then Sout as saturated 16-bit.
function output(st: usize, sout: usize, suppress: bool, noise: f32): void {
  const s = st + S_OFF;
  const flags = load<i32>(s + S_FLAGS);
  const nlp = suppress && (flags & F_NLP) != 0;
  store<i32>(s + S_NLP_ON, nlp ? 1 : 0);
  const g0 = load<f32>(s + S_GAIN);
  const target: f32 = nlp ? 0 : 1;
  if (g0 == 1 && target == 1) {
    for (let n: usize = 0; n < 32; n++) store<i16>(sout + (n << 1), sat16(load<f32>(EF_T + (n << 2))));
    return;
  }
  const amp = (flags & F_CNG) != 0 ? Mathf.sqrt(<f32>3 * noise * NOISE_BIAS) : <f32>0;
  let seed = load<u32>(s + S_SEED);
  const step = (target - g0) / <f32>32;
  let g = g0;
  for (let n: usize = 0; n < 32; n++) {
    g += step;
    seed = seed * 1664525 + 1013904223;
    const u = <f32>(<i32>seed) * <f32>4.656612873e-10; // uniform in [-1, 1)
    store<i16>(sout + (n << 1), sat16(g * load<f32>(EF_T + (n << 2)) + (<f32>1 - g) * amp * u));
  }
  store<u32>(s + S_SEED, seed);
  store<f32>(s + S_GAIN, target);
}

@inline function sat16(v: f32): i16 {
  const r = <i32>nearest<f32>(v);
  return <i16>(r > 32767 ? 32767 : r < -32768 ? -32768 : r);
}
