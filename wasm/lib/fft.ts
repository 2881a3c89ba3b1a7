// Real-input FFT of 64 points for the echo canceller's block filter.
//
// What it does: rfft64 turns 64 real f32 samples into the 33 bins of their
// unnormalised DFT (X[k] = sum x[n] e^(-2 pi i k n / 64), k = 0..32), and
// irfft64 is its exact inverse (the 1/64 is applied there). Spectra are kept
// in split form: one f32 array of real parts and one of imaginary parts,
// 36 entries each (bins 33..35 are padding, always zero) so that every
// per-bin loop runs in whole f32x4 vectors.
//
// How: the real-input trick. The 64 samples are packed as 32 complex values
// z[n] = x[2n] + i x[2n+1], transformed by an iterative radix-2
// decimation-in-time complex FFT of 32 points (bit-reversed load, five
// butterfly stages, the first two fused as one radix-4 pass; the three
// with a half-size of 4 or more run as f32x4 over four butterflies at once
// in the SIMD build), and split into
// the even and odd half spectra, which one more twiddle recombines:
//   X[k] = Ze[k] + W64^k Zo[k],  Ze/Zo = (Z[k] +/- conj Z[32-k]) / 2 (/ i).
// The inverse runs the same steps backwards through a forward FFT of the
// conjugate.
//
// Tables (FFT_TABLES_BASE, filled once by fftInit, owned by this file and
// the echo kernel; sub-layout below): stage twiddles, the bit-reversal
// permutation, the 64-point split twiddles, and scratch for one transform
// at a time (the kernel runs single-threaded, one slot after another).
//
// Limits: one size only (64), which is what the 32-sample partitions of
// the canceller need. Accuracy is f32 (about -130 dB relative round-off
// for the sizes used here).

import { FFT_TABLES_BASE } from "../layout";

// ---- sub-layout of FFT_TABLES_BASE (bytes) --------------------------------
// Stage twiddles: for the stage of half-size h, entries h-1 .. 2h-2 hold
// cos / -sin of 2 pi j / (2h), j = 0..h-1 (31 used of 32).
const TW_COS: usize = <usize>FFT_TABLES_BASE;
const TW_SIN: usize = TW_COS + 128;
const BITREV: usize = TW_SIN + 128; // 32 i32
const SPLIT_COS: usize = BITREV + 128; // cos(2 pi k / 64), k = 0..35
const SPLIT_SIN: usize = SPLIT_COS + 144; // sin(2 pi k / 64)
// Complex work array: 32 entries plus a copy of entry 0 at 32 (Z is
// 32-periodic), padded to 36, so the split loops read Z[32 - k] for k = 0
// without a special case.
const WORK_RE: usize = SPLIT_SIN + 144;
const WORK_IM: usize = WORK_RE + 144;
const LINEAR_RE: usize = WORK_IM + 144; // natural-order staging for irfft64
const LINEAR_IM: usize = LINEAR_RE + 144;
/** First byte of FFT_TABLES_BASE that this file does not use. */
export const FFT_TABLES_USED: usize = LINEAR_IM + 144;

/** Number of spectrum entries per array (33 bins, padded to whole vectors). */
export const FFT_BINS_PADDED: i32 = 36;

/** Fills the twiddle and permutation tables (once, from echoInit). */
export function fftInit(): void {
  for (let h = 1; h <= 16; h <<= 1) {
    for (let j = 0; j < h; j++) {
      const a = (Math.PI * <f64>j) / <f64>h;
      store<f32>(TW_COS + ((h - 1 + j) << 2), <f32>Math.cos(a));
      store<f32>(TW_SIN + ((h - 1 + j) << 2), <f32>-Math.sin(a));
    }
  }
  for (let n = 0; n < 32; n++) {
    let r = 0;
    for (let b = 0; b < 5; b++) if ((n >> b) & 1) r |= 1 << (4 - b);
    store<i32>(BITREV + (n << 2), r);
  }
  for (let k = 0; k < 36; k++) {
    const a = (2.0 * Math.PI * <f64>k) / 64.0;
    store<f32>(SPLIT_COS + (k << 2), k <= 32 ? <f32>Math.cos(a) : 0);
    store<f32>(SPLIT_SIN + (k << 2), k <= 32 ? <f32>Math.sin(a) : 0);
  }
}

// Butterfly stages on WORK_RE/WORK_IM, which already hold the input in
// bit-reversed order.
function fft32Stages(): void {
  // h = 1 and h = 2 fused as one radix-4 pass: twiddles 1 and -i only
  // (scalar in both builds: a transposed f32x4 version measured no faster).
  for (let s = 0; s < 32; s += 4) {
    const p = <usize>(s << 2);
    const ar = load<f32>(WORK_RE + p), ai = load<f32>(WORK_IM + p);
    const br = load<f32>(WORK_RE + p, 4), bi = load<f32>(WORK_IM + p, 4);
    const cr = load<f32>(WORK_RE + p, 8), ci = load<f32>(WORK_IM + p, 8);
    const dr = load<f32>(WORK_RE + p, 12), di = load<f32>(WORK_IM + p, 12);
    // stage h = 1
    const a1r = ar + br, a1i = ai + bi, b1r = ar - br, b1i = ai - bi;
    const c1r = cr + dr, c1i = ci + di, d1r = cr - dr, d1i = ci - di;
    // stage h = 2: twiddle for j = 1 is -i, so (d1r, d1i) * -i = (d1i, -d1r)
    store<f32>(WORK_RE + p, a1r + c1r);
    store<f32>(WORK_IM + p, a1i + c1i);
    store<f32>(WORK_RE + p, a1r - c1r, 8);
    store<f32>(WORK_IM + p, a1i - c1i, 8);
    store<f32>(WORK_RE + p, b1r + d1i, 4);
    store<f32>(WORK_IM + p, b1i - d1r, 4);
    store<f32>(WORK_RE + p, b1r - d1i, 12);
    store<f32>(WORK_IM + p, b1i + d1r, 12);
  }
  for (let h = 4; h <= 16; h <<= 1) {
    const tw = <usize>((h - 1) << 2);
    for (let s = 0; s < 32; s += h << 1) {
      if (ASC_FEATURE_SIMD) {
        for (let j = 0; j < h; j += 4) {
          const pa = <usize>((s + j) << 2);
          const pb = pa + <usize>(h << 2);
          const wr = v128.load(TW_COS + tw + (<usize>j << 2));
          const wi = v128.load(TW_SIN + tw + (<usize>j << 2));
          const br = v128.load(WORK_RE + pb), bi = v128.load(WORK_IM + pb);
          const tr = f32x4.sub(f32x4.mul(br, wr), f32x4.mul(bi, wi));
          const ti = f32x4.add(f32x4.mul(br, wi), f32x4.mul(bi, wr));
          const ar = v128.load(WORK_RE + pa), ai = v128.load(WORK_IM + pa);
          v128.store(WORK_RE + pb, f32x4.sub(ar, tr));
          v128.store(WORK_IM + pb, f32x4.sub(ai, ti));
          v128.store(WORK_RE + pa, f32x4.add(ar, tr));
          v128.store(WORK_IM + pa, f32x4.add(ai, ti));
        }
      } else {
        for (let j = 0; j < h; j++) {
          const pa = <usize>((s + j) << 2);
          const pb = pa + <usize>(h << 2);
          const wr = load<f32>(TW_COS + tw + (<usize>j << 2));
          const wi = load<f32>(TW_SIN + tw + (<usize>j << 2));
          const br = load<f32>(WORK_RE + pb), bi = load<f32>(WORK_IM + pb);
          const tr = br * wr - bi * wi;
          const ti = br * wi + bi * wr;
          const ar = load<f32>(WORK_RE + pa), ai = load<f32>(WORK_IM + pa);
          store<f32>(WORK_RE + pb, ar - tr);
          store<f32>(WORK_IM + pb, ai - ti);
          store<f32>(WORK_RE + pa, ar + tr);
          store<f32>(WORK_IM + pa, ai + ti);
        }
      }
    }
  }
}

/** Forward real FFT: 64 f32 at src into re/im (36 f32 each, bins 0..32, 33..35 zero). */
export function rfft64(src: usize, re: usize, im: usize): void {
  for (let n = 0; n < 32; n++) {
    const r = <usize>(load<i32>(BITREV + (<usize>n << 2)) << 2);
    store<f32>(WORK_RE + r, load<f32>(src + (<usize>n << 3)));
    store<f32>(WORK_IM + r, load<f32>(src + (<usize>n << 3), 4));
  }
  fft32Stages();
  store<f32>(WORK_RE + 128, load<f32>(WORK_RE));
  store<f32>(WORK_IM + 128, load<f32>(WORK_IM));
  if (ASC_FEATURE_SIMD) {
    const half = f32x4.splat(0.5);
    for (let k: usize = 0; k < 32; k += 4) {
      const pk = k << 2;
      const pm = (<usize>29 - k) << 2;
      const ar = v128.load(WORK_RE + pk), ai = v128.load(WORK_IM + pk);
      const mr = v128.load(WORK_RE + pm), mi = v128.load(WORK_IM + pm);
      const br = v128.shuffle<f32>(mr, mr, 3, 2, 1, 0);
      const bi = f32x4.neg(v128.shuffle<f32>(mi, mi, 3, 2, 1, 0));
      const er = f32x4.mul(half, f32x4.add(ar, br)), ei = f32x4.mul(half, f32x4.add(ai, bi));
      const or = f32x4.mul(half, f32x4.sub(ai, bi)), oi = f32x4.mul(half, f32x4.sub(br, ar));
      const c = v128.load(SPLIT_COS + pk), sn = v128.load(SPLIT_SIN + pk);
      v128.store(re + pk, f32x4.add(er, f32x4.add(f32x4.mul(or, c), f32x4.mul(oi, sn))));
      v128.store(im + pk, f32x4.add(ei, f32x4.sub(f32x4.mul(oi, c), f32x4.mul(or, sn))));
    }
  } else {
    for (let k: usize = 0; k < 32; k++) {
      const pk = k << 2;
      const pm = (<usize>32 - k) << 2;
      const ar = load<f32>(WORK_RE + pk), ai = load<f32>(WORK_IM + pk);
      const br = load<f32>(WORK_RE + pm), bi = -load<f32>(WORK_IM + pm);
      const er = <f32>0.5 * (ar + br), ei = <f32>0.5 * (ai + bi);
      // Zo = (a - b) / (2i)
      const or = <f32>0.5 * (ai - bi), oi = <f32>-0.5 * (ar - br);
      const c = load<f32>(SPLIT_COS + pk), sn = load<f32>(SPLIT_SIN + pk);
      // W64^k = c - i s
      store<f32>(re + pk, er + or * c + oi * sn);
      store<f32>(im + pk, ei + oi * c - or * sn);
    }
  }
  // k = 32 comes from Z[0] alone; 33..35 are padding.
  store<f32>(re + 128, load<f32>(WORK_RE) - load<f32>(WORK_IM));
  store<f32>(im + 128, 0);
  store<f32>(re + 132, 0);
  store<f32>(im + 132, 0);
  store<f32>(re + 136, 0);
  store<f32>(im + 136, 0);
  store<f32>(re + 140, 0);
  store<f32>(im + 140, 0);
}

/** Inverse of rfft64: bins 0..32 of re/im into 64 f32 at dst (scaled by 1/64). */
export function irfft64(re: usize, im: usize, dst: usize): void {
  // Z[k] = Ze[k] + i Zo[k], conjugated on the way in so that a forward FFT
  // computes the inverse; results are conjugated and scaled on the way out.
  if (ASC_FEATURE_SIMD) {
    const half = f32x4.splat(0.5);
    for (let k: usize = 0; k < 32; k += 4) {
      const pk = k << 2;
      const pm = (<usize>29 - k) << 2;
      const ar = v128.load(re + pk), ai = v128.load(im + pk);
      const mr = v128.load(re + pm), mi = v128.load(im + pm);
      const br = v128.shuffle<f32>(mr, mr, 3, 2, 1, 0);
      const bi = f32x4.neg(v128.shuffle<f32>(mi, mi, 3, 2, 1, 0));
      const er = f32x4.mul(half, f32x4.add(ar, br)), ei = f32x4.mul(half, f32x4.add(ai, bi));
      const dr = f32x4.mul(half, f32x4.sub(ar, br)), di = f32x4.mul(half, f32x4.sub(ai, bi));
      const c = v128.load(SPLIT_COS + pk), sn = v128.load(SPLIT_SIN + pk);
      const or = f32x4.sub(f32x4.mul(dr, c), f32x4.mul(di, sn));
      const oi = f32x4.add(f32x4.mul(dr, sn), f32x4.mul(di, c));
      v128.store(LINEAR_RE + pk, f32x4.sub(er, oi));
      v128.store(LINEAR_IM + pk, f32x4.neg(f32x4.add(ei, or)));
    }
    for (let k: usize = 0; k < 32; k++) {
      const r = <usize>(load<i32>(BITREV + (k << 2)) << 2);
      store<f32>(WORK_RE + r, load<f32>(LINEAR_RE + (k << 2)));
      store<f32>(WORK_IM + r, load<f32>(LINEAR_IM + (k << 2)));
    }
  } else {
    for (let k = 0; k < 32; k++) {
      const pk = <usize>(k << 2);
      const pm = <usize>((32 - k) << 2);
      const ar = load<f32>(re + pk), ai = load<f32>(im + pk);
      const br = load<f32>(re + pm), bi = -load<f32>(im + pm);
      const er = <f32>0.5 * (ar + br), ei = <f32>0.5 * (ai + bi);
      const dr = <f32>0.5 * (ar - br), di = <f32>0.5 * (ai - bi);
      const c = load<f32>(SPLIT_COS + pk), sn = load<f32>(SPLIT_SIN + pk);
      // Zo = d * W64^-k = d * (c + i s)
      const or = dr * c - di * sn, oi = dr * sn + di * c;
      const r = <usize>(load<i32>(BITREV + pk) << 2);
      store<f32>(WORK_RE + r, er - oi);
      store<f32>(WORK_IM + r, -(ei + or));
    }
  }
  fft32Stages();
  const scale: f32 = 1.0 / 32.0;
  for (let n = 0; n < 32; n++) {
    const p = <usize>(n << 2);
    store<f32>(dst + (<usize>n << 3), load<f32>(WORK_RE + p) * scale);
    store<f32>(dst + (<usize>n << 3), -load<f32>(WORK_IM + p) * scale, 4);
  }
}
