// DTMF constant tables shared by the detector (kernels/dtmf-rx.ts) and the
// generator (kernels/dtmf-tx.ts), computed once by dtmfTablesInit.
//
// What it holds, per DTMF frequency k (0..3 rows 697/770/852/941 Hz, 4..7
// columns 1209/1336/1477/1633 Hz, Q.23 §2 / tones-and-dsp.md §2.1):
//   COEF    2 cos(w)            the Goertzel feedback coefficient
//   WCOS    cos(w), WSIN sin(w) to turn the last two Goertzel states into
//                               the complex output y = s1 - s2 e^{-jw}
//   ROTRE/ROTIM  e^{j w M}      the turn of a clean tone over one block
//   COSLIM  cos(0.024 w M)      the phase test limit (2.4% frequency error)
//   H2COEF  2 cos(2 w), columns only: Goertzel coefficient at the column
//                               tone's second harmonic (talk-off check)
//   SOLVER  16 pairs x 4x4      the matrix that turns the row and column
//                               Goertzel outputs into the two tones' complex
//                               amplitudes, undoing the mutual leakage and
//                               the negative-frequency images of an 80-sample
//                               rectangular block (see docs/dsp/dtmf.md).
// How: plain f64 math at init, stored as f32 in static data (memory.data,
// below LAYOUT_BASE). The solver is the inverse of the 4x4 real system
// y_k = e^{j w_k (M-1)} sum_n (a e^{j(wr-wk)n} + conj(a) e^{-j(wr+wk)n} + ...)
// by Gauss-Jordan elimination with partial pivoting, on a static scratch.
// Limits: M = DTMF_BLOCK_SAMPLES = 80, 8 kHz.

export const DTMF_BLOCK_SAMPLES: i32 = 80;
export const DTMF_PHASE_LIMIT_FRACTION: f64 = 0.024;

const SAMPLE_RATE: f64 = 8000.0;

/** Byte addresses of the tables (f32 each). */
export const DTMF_TAB = memory.data(1280, 16);
export const DTMF_COEF: usize = DTMF_TAB;
export const DTMF_WCOS: usize = DTMF_TAB + 32;
export const DTMF_WSIN: usize = DTMF_TAB + 64;
export const DTMF_ROTRE: usize = DTMF_TAB + 96;
export const DTMF_ROTIM: usize = DTMF_TAB + 128;
export const DTMF_COSLIM: usize = DTMF_TAB + 160;
export const DTMF_H2COEF: usize = DTMF_TAB + 192;
export const DTMF_SOLVER: usize = DTMF_TAB + 256;

const AUG = memory.data(4 * 8 * 8, 16); // 4x8 f64 augmented matrix for the inverse

/** Nominal frequency k (0..7) in Hz. */
export function dtmfFreqHz(k: i32): f64 {
  switch (k) {
    case 0: return 697.0;
    case 1: return 770.0;
    case 2: return 852.0;
    case 3: return 941.0;
    case 4: return 1209.0;
    case 5: return 1336.0;
    case 6: return 1477.0;
    default: return 1633.0;
  }
}

function omega(k: i32): f64 {
  return (2.0 * Math.PI * dtmfFreqHz(k)) / SAMPLE_RATE;
}

@inline function aug(r: i32, c: i32): usize {
  return AUG + <usize>((r * 8 + c) << 3);
}

// Column pair (coefficients of Re and Im of one tone's amplitude) in filter
// wk for a tone at th, written to rows r (real part) and r + 1 (imaginary).
function fillColumns(r: i32, c: i32, wk: f64, th: f64): void {
  const n = DTMF_BLOCK_SAMPLES;
  let pr: f64 = 0, pi: f64 = 0, qr: f64 = 0, qi: f64 = 0;
  for (let i = 0; i < n; i++) {
    const a = (th - wk) * <f64>i + wk * <f64>(n - 1);
    const b = (-th - wk) * <f64>i + wk * <f64>(n - 1);
    pr += Math.cos(a);
    pi += Math.sin(a);
    qr += Math.cos(b);
    qi += Math.sin(b);
  }
  store<f64>(aug(r, c), pr + qr);
  store<f64>(aug(r + 1, c), pi + qi);
  store<f64>(aug(r, c + 1), -(pi - qi));
  store<f64>(aug(r + 1, c + 1), pr - qr);
}

function invertInto(pair: i32): void {
  for (let r = 0; r < 4; r++) for (let c = 4; c < 8; c++) store<f64>(aug(r, c), r == c - 4 ? 1.0 : 0.0);
  for (let c = 0; c < 4; c++) {
    let piv = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(load<f64>(aug(r, c))) > Math.abs(load<f64>(aug(piv, c)))) piv = r;
    if (piv != c) {
      for (let j = 0; j < 8; j++) {
        const t = load<f64>(aug(c, j));
        store<f64>(aug(c, j), load<f64>(aug(piv, j)));
        store<f64>(aug(piv, j), t);
      }
    }
    const d = load<f64>(aug(c, c));
    for (let j = 0; j < 8; j++) store<f64>(aug(c, j), load<f64>(aug(c, j)) / d);
    for (let r = 0; r < 4; r++) {
      if (r == c) continue;
      const f = load<f64>(aug(r, c));
      for (let j = 0; j < 8; j++) store<f64>(aug(r, j), load<f64>(aug(r, j)) - f * load<f64>(aug(c, j)));
    }
  }
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      store<f32>(DTMF_SOLVER + <usize>((pair * 16 + i * 4 + j) << 2), <f32>load<f64>(aug(i, j + 4)));
    }
  }
}

/** Fills every table; called once from dtmfRxInit. */
export function dtmfTablesInit(): void {
  const m = <f64>DTMF_BLOCK_SAMPLES;
  for (let k = 0; k < 8; k++) {
    const w = omega(k);
    store<f32>(DTMF_COEF + <usize>(k << 2), <f32>(2.0 * Math.cos(w)));
    store<f32>(DTMF_WCOS + <usize>(k << 2), <f32>Math.cos(w));
    store<f32>(DTMF_WSIN + <usize>(k << 2), <f32>Math.sin(w));
    store<f32>(DTMF_ROTRE + <usize>(k << 2), <f32>Math.cos(w * m));
    store<f32>(DTMF_ROTIM + <usize>(k << 2), <f32>Math.sin(w * m));
    store<f32>(DTMF_COSLIM + <usize>(k << 2), <f32>Math.cos(DTMF_PHASE_LIMIT_FRACTION * w * m));
    if (k >= 4) store<f32>(DTMF_H2COEF + <usize>((k - 4) << 2), <f32>(2.0 * Math.cos(2.0 * w)));
  }
  for (let pair = 0; pair < 16; pair++) {
    const wr = omega(pair >> 2);
    const wc = omega(4 + (pair & 3));
    fillColumns(0, 0, wr, wr);
    fillColumns(0, 2, wr, wc);
    fillColumns(2, 0, wc, wr);
    fillColumns(2, 2, wc, wc);
    invertInto(pair);
  }
}
