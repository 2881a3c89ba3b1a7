// Per-slot state record of the echo canceller (wasm/kernels/echo.ts).
//
// What it holds: one record of ECHO_STATE_BYTES per slot at
// ECHO_STATE_BASE + slot * ECHO_STATE_BYTES. The three large arrays are the
// far-end spectrum history (a ring of one spectrum per 32-sample block) and
// the two filters (foreground, which makes the output, and background, which
// adapts), each PARTS_MAX partitions of 36 real + 36 imaginary f32, and the
// time-domain taps of the background partitions (kept exact for the
// partitions in the tap-proportionate set, echo-filter.ts). Scalars follow,
// at fixed byte offsets named S_*.
//
// Limits: 128 ms of tail (PARTS_MAX = 32 partitions of 32 taps). The record
// uses 32 496 bytes; ECHO_STATE_BYTES (32 KiB) must stay at least
// ECHO_STATE_USED (echoInit asserts it).

import { ECHO_STATE_BASE, ECHO_STATE_BYTES, ECHO_PARAM_BASE, ECHO_PARAM_BYTES, ECHO_RESULT_BASE, ECHO_RESULT_BYTES } from "../layout";
import { FFT_TABLES_BASE } from "../layout";

/** Samples per block (partition length); a 20 ms frame is 5 blocks. */
export const BLOCK: i32 = 32;
/** Partitions for a 128 ms tail (1024 taps). */
export const PARTS_MAX: i32 = 32;
/** Bytes of one spectrum: 36 real then 36 imaginary f32. */
export const SPEC_BYTES: usize = 288;
/** Offset of the imaginary half inside a spectrum. */
export const IM: usize = 144;

export const X_OFF: usize = 0; // far-end spectra ring, PARTS_MAX spectra
export const WF_OFF: usize = X_OFF + <usize>PARTS_MAX * SPEC_BYTES; // foreground filter
export const WB_OFF: usize = WF_OFF + <usize>PARTS_MAX * SPEC_BYTES; // background filter
export const XPOW_OFF: usize = WB_OFF + <usize>PARTS_MAX * SPEC_BYTES; // smoothed far-end power spectrum, 36 f32
export const PREV_OFF: usize = XPOW_OFF + 144; // previous far-end block, 32 f32
export const RMAX_OFF: usize = PREV_OFF + 128; // |rin| peak of each recent block, 36 f32 (ring)
export const PNORM_OFF: usize = RMAX_OFF + 144; // norm of each background partition, 32 f32
export const TAPS_OFF: usize = PNORM_OFF + 128; // time-domain taps of each background partition, PARTS_MAX x 32 f32
export const S_OFF: usize = TAPS_OFF + <usize>PARTS_MAX * 128; // scalars below, relative to S_OFF

export const S_HEAD: usize = 0; // i32 ring index of the newest spectrum
export const S_PARTS: usize = 4; // i32 partitions in use (tailMs / 4)
export const S_FLAGS: usize = 8; // i32 F_* bits
export const S_BLOCKS: usize = 12; // i32 blocks processed (constraint round robin)
export const S_RMAX_IDX: usize = 16; // i32 ring index of RMAX
export const S_DF: usize = 20; // f32 smoothed foreground error energy
export const S_DB: usize = 24; // f32 smoothed background error energy
export const S_BETTER: usize = 28; // i32 consecutive blocks the background was better
export const S_WORSE: usize = 32; // i32 consecutive blocks the background was worse
export const S_DT_HANG: usize = 36; // i32 double-talk hangover, samples
export const S_FAR_HANG: usize = 40; // i32 far-end activity hangover (tail + margin), samples
export const S_PSIN: usize = 44; // f32 long-term Sin power (ERLE estimate)
export const S_PERR: usize = 48; // f32 long-term error power (ERLE estimate)
export const S_ERLE: usize = 52; // f32 ERLE estimate, dB
export const S_CONVERGED: usize = 56; // i32
export const S_NOISE: usize = 60; // f32 near-end background mean square (0 = not yet known)
export const S_SEED: usize = 64; // u32 comfort-noise generator state
export const S_GAIN: usize = 68; // f32 current NLP mix (1 = pass the error, 0 = comfort noise)
export const S_SHORT_E: usize = 72; // f32 short-term error power
export const S_SHORT_Y: usize = 76; // f32 short-term echo-estimate power
export const S_DIS_STATE: usize = 80; // i32 1 while the tone disabler holds the bypass
export const S_TONE_FRAMES: usize = 84; // i32 consecutive frames with 2100 Hz present
export const S_REVERSALS: usize = 88; // i32 phase reversals counted in the current tone
export const S_QUIET_FRAMES: usize = 92; // i32 consecutive quiet frames while disabled
export const S_TONE_MISS: usize = 96; // i32 frames without the tone tolerated inside a tone
export const S_DIR: usize = 100; // two records of DIR_BYTES (rin, sin) for the reversal tracker
export const DIR_BYTES: usize = 28; // c[b-1] re/im, c[b-2] re/im, drift re/im, refractory i32
export const S_PATH_CHANGES: usize = 156; // i32
export const S_NARROW: usize = 160; // i32 1 while the far end is narrow-band
export const S_DT: usize = 164; // i32 double talk at the last block
export const S_NLP_ON: usize = 168; // i32 NLP suppressing at the last block
export const S_DS: usize = 176; // f32 smoothed Sin energy (same smoothing as S_DF/S_DB)
export const S_PC_RUN: usize = 180; // i32 consecutive blocks that look like an echo-path change
export const S_TOP_MASK: usize = 184; // u32 bit p set: partition p was in the tap-proportionate set last block
export const S_FAST: usize = 188; // i32 1 while in the fast-convergence mode (tap-proportionate set in use)
export const S_PC_TRUST: usize = 192; // i32 1 while a trusted background beats a foreground that lost the path
export const S_FAST_BLOCKS: usize = 196; // i32 adapting blocks spent in the fast mode since the last reset or path change
export const S_BYTES: usize = 208;

/** Bytes of the record actually used. */
export const ECHO_STATE_USED: usize = S_OFF + S_BYTES;

export const F_NLP: i32 = 1;
export const F_CNG: i32 = 2;
export const F_BYPASS: i32 = 4;

/** Byte address of a slot's state record. */
@inline export function stateOf(slot: i32): usize {
  return <usize>ECHO_STATE_BASE + <usize>slot * <usize>ECHO_STATE_BYTES;
}

/** Byte address of a slot's parameter block. */
@inline export function paramsOf(slot: i32): usize {
  return <usize>ECHO_PARAM_BASE + <usize>slot * <usize>ECHO_PARAM_BYTES;
}

/** Byte address of a slot's result block. */
@inline export function resultsOf(slot: i32): usize {
  return <usize>ECHO_RESULT_BASE + <usize>slot * <usize>ECHO_RESULT_BYTES;
}

// ---- per-tick scratch, after the FFT tables in FFT_TABLES_BASE ------------
// (this kernel owns the region; see wasm/lib/fft.ts for the first 1 KiB)
export const SCRATCH: usize = <usize>FFT_TABLES_BASE + 4096;
export const T64: usize = SCRATCH; // 64 f32 time window
export const YF: usize = T64 + 256; // spectrum (288 bytes)
export const YB: usize = YF + SPEC_BYTES;
export const EB: usize = YB + SPEC_BYTES;
export const MU: usize = EB + SPEC_BYTES; // 36 f32 per-bin step
export const YF_T: usize = MU + 144; // 64 f32
export const YB_T: usize = YF_T + 256; // 64 f32
export const EF_T: usize = YB_T + 256; // 32 f32 foreground error of the block
export const EB_T: usize = EF_T + 128; // 32 f32 background error
export const SIN_T: usize = EB_T + 128; // 32 f32
export const TONE_REF: usize = SIN_T + 128; // cos, sin of 2100 Hz over one frame: 2 x 160 f32
export const GAINS: usize = TONE_REF + 1280; // 32 f32 proportionate step per partition
export const WPOW: usize = GAINS + 128; // 36 f32 gain-weighted far-end energy per bin
export const GRAD: usize = WPOW + 144; // spectrum (288 bytes): gradient of one partition
export const TOP: usize = GRAD + SPEC_BYTES; // 32 i32: 1 when the partition is in the tap-proportionate set this block
export const SCRATCH_END: usize = TOP + 128;
