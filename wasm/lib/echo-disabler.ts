// Tone disabler of the echo canceller: 2100 Hz with phase reversals.
//
// What it does: watches both directions of a slot (Rin and Sin) for the
// modem answer tone ANS/ (2100 Hz with 180 degree phase reversals every
// 450 ms, ITU-T V.25 and G.165 clause 3.4 / G.168 clause 6 "tone disabler"),
// and switches the canceller into bypass when it sees the tone carry a
// reversal. The bypass is released when both directions stay below
// -36 dBm0 for 260 ms (13 frames), in line with the G.164 clause 3.3
// release practice (the tone detector holds while signal is present, and
// releases after 250 +/- 150 ms of silence). A plain 2100 Hz tone without
// reversals (fax CED) does not disable the canceller (G.165 practice).
//
// How: per 32-sample block, the correlation c_b with a 2100 Hz reference
// (the reference repeats every 80 samples, so one table of a 160-sample
// frame serves every frame). Tone present in a frame when its total
// correlation holds at least 60% of the frame energy ("purity") at -31 dBm0
// or more. A reversal is a phase step of about pi between blocks b-2 and b
// relative to the phase drift tracked over previous blocks (the drift
// absorbs the +/-15 Hz frequency tolerance: 43 degrees per 8 ms at most);
// three blocks of refractory time after a reversal keep it from counting
// twice. One frame without the tone inside a tone is tolerated (the
// reversal frame itself loses purity).
//
// Limits: frame-level decisions (20 ms); detection takes the first
// reversal, about 450 ms after the tone starts.

import { S_OFF, S_DIS_STATE, S_TONE_FRAMES, S_REVERSALS, S_QUIET_FRAMES, S_TONE_MISS, S_DIR, DIR_BYTES, TONE_REF } from "./echo-state";

const TONE_PURITY: f32 = 0.6;
const TONE_MIN_MS: f32 = 2.07e5; // -31 dBm0 as mean square of 16-bit samples
const QUIET_MAX_MS: f32 = 6.54e4; // -36 dBm0
const RELEASE_FRAMES: i32 = 13; // 260 ms
const DETECT_FRAMES: i32 = 5; // tone present at least 100 ms
const REFRACTORY_BLOCKS: i32 = 3;

/** Fills the 2100 Hz reference table. */
export function disablerInit(): void {
  for (let n = 0; n < 160; n++) {
    const a = (2.0 * Math.PI * 2100.0 * <f64>n) / 8000.0;
    store<f32>(TONE_REF + (<usize>n << 2), <f32>Math.cos(a));
    store<f32>(TONE_REF + 640 + (<usize>n << 2), <f32>Math.sin(a));
  }
}

// Analyses one direction's frame. Returns bit 0 = tone present, bit 1 = a
// reversal seen, bit 2 = quiet. `dir` is that direction's tracker record.
function analyse(dir: usize, pcm: usize, inTone: bool): i32 {
  let energy: f32 = 0, cr: f32 = 0, ci: f32 = 0;
  let reversal = false;
  for (let b = 0; b < 5; b++) {
    let br: f32 = 0, bi: f32 = 0, be: f32 = 0;
    for (let n = 0; n < 32; n++) {
      const i = <usize>(b * 32 + n);
      const x = <f32>load<i16>(pcm + (i << 1));
      be += x * x;
      br += x * load<f32>(TONE_REF + (i << 2));
      bi -= x * load<f32>(TONE_REF + 640 + (i << 2));
    }
    energy += be;
    cr += br;
    ci += bi;
    const p1r = load<f32>(dir), p1i = load<f32>(dir, 4);
    const p2r = load<f32>(dir, 8), p2i = load<f32>(dir, 12);
    // d = c_b conj(c_(b-2))
    const dr = br * p2r + bi * p2i, di = bi * p2r - br * p2i;
    const dm = Mathf.sqrt(dr * dr + di * di);
    const refractory = load<i32>(dir, 24);
    if (refractory > 0) {
      store<i32>(dir, refractory - 1, 24);
    } else if (dm > 0 && be > <f32>32 * TONE_MIN_MS * <f32>0.25) {
      const fr = load<f32>(dir, 16), fi = load<f32>(dir, 20);
      const fm = Mathf.sqrt(fr * fr + fi * fi);
      const cosAngle = fm > <f32>0.5 ? (dr * fr + di * fi) / (dm * fm) : <f32>1;
      if (inTone && cosAngle < <f32>-0.5) {
        reversal = true;
        store<i32>(dir, REFRACTORY_BLOCKS, 24);
      } else {
        store<f32>(dir, <f32>0.7 * fr + <f32>0.3 * dr / dm, 16);
        store<f32>(dir, <f32>0.7 * fi + <f32>0.3 * di / dm, 20);
      }
    }
    // shift: c_(b-1) becomes c_(b-2) at the next block
    store<f32>(dir, p1r, 8);
    store<f32>(dir, p1i, 12);
    store<f32>(dir, br);
    store<f32>(dir, bi, 4);
  }
  const ms = energy / <f32>160;
  const purity = energy > 0 ? (<f32>2 * (cr * cr + ci * ci)) / (<f32>160 * energy) : <f32>0;
  let out = 0;
  if (purity >= TONE_PURITY && ms >= TONE_MIN_MS) out |= 1;
  if (reversal) out |= 2;
  if (ms < QUIET_MAX_MS) out |= 4;
  return out;
}

/**
 * Runs the disabler on one frame of both directions. Returns 1 when it
 * just switched the bypass on, -1 when it just released it, else 0.
 */
export function disablerFrame(st: usize, rinPtr: usize, sinPtr: usize): i32 {
  const s = st + S_OFF;
  let toneFrames = load<i32>(s + S_TONE_FRAMES);
  const inTone = toneFrames >= 2;
  const a = analyse(s + S_DIR, rinPtr, inTone);
  const b = analyse(s + S_DIR + DIR_BYTES, sinPtr, inTone);
  if (load<i32>(s + S_DIS_STATE) != 0) {
    const quiet = (a & 4) != 0 && (b & 4) != 0 ? load<i32>(s + S_QUIET_FRAMES) + 1 : 0;
    store<i32>(s + S_QUIET_FRAMES, quiet);
    if (quiet < RELEASE_FRAMES) return 0;
    store<i32>(s + S_DIS_STATE, 0);
    store<i32>(s + S_TONE_FRAMES, 0);
    store<i32>(s + S_REVERSALS, 0);
    return -1;
  }
  let reversals = load<i32>(s + S_REVERSALS);
  if (((a | b) & 1) != 0) {
    toneFrames++;
    store<i32>(s + S_TONE_MISS, 0);
  } else if (toneFrames > 0 && load<i32>(s + S_TONE_MISS) < 1) {
    store<i32>(s + S_TONE_MISS, 1);
  } else {
    toneFrames = 0;
    reversals = 0;
    store<i32>(s + S_TONE_MISS, 0);
  }
  if (inTone && ((a | b) & 2) != 0) reversals++;
  store<i32>(s + S_TONE_FRAMES, toneFrames);
  store<i32>(s + S_REVERSALS, reversals);
  if (toneFrames >= DETECT_FRAMES && reversals >= 1) {
    store<i32>(s + S_DIS_STATE, 1);
    store<i32>(s + S_QUIET_FRAMES, 0);
    return 1;
  }
  return 0;
}
