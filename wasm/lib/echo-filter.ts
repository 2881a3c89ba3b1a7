// Partitioned-block frequency-domain adaptive filter (PBFDAF / MDF) for the
// echo canceller: the per-block spectral work on one slot's state record.
//
// What it does: for each 32-sample block it (1) transforms the 64-sample
// window [previous far-end block, current far-end block] and puts it at the
// head of the ring of far-end spectra, keeping the per-bin energy summed
// over the ring; (2) forms the echo estimates of both filters,
//   Y(k) = sum over partitions p of X_(b-p)(k) W_p(k),
// whose inverse transform's second half is the linear convolution of the
// far end with 1024 taps (overlap-save); (3) adapts the background filter:
//   W_p(k) += g_p mu(k) conj(X_(b-p)(k)) E(k),
//   mu(k) = alpha / (sum_p g_p |X_(b-p)(k)|^2 + delta)
// where E is the transform of [32 zeros, background error] and the
// normaliser is the far-end energy over the whole tail, weighted by each
// partition's proportionate gain g_p (PNLMS rule: partitions holding most
// of the echo path adapt faster); the per-bin normalisation is what makes
// this converge on coloured (speech) input; and (4) applies the gradient
// constraint (back to time, zero the non-causal half, forward again) to
// two partitions per block in round robin (MDF filters do one), which keeps
// the filter a 1024-tap linear convolution at a fraction of the cost.
//
// References: J.-S. Soo and K. K. Pang, "Multidelay block frequency domain
// adaptive filter", IEEE Trans. ASSP 38(2), 1990 (the MDF structure);
// ITU-T G.168 (2012) clause 6 for what the filter must achieve.
//
// Limits: block and partition length are fixed at 32 (FFT of 64), so the
// canceller adds no delay to 20 ms frames (5 blocks each).

import { rfft64, irfft64 } from "./fft";
import { SPEC_BYTES, IM, X_OFF, WF_OFF, WB_OFF, XPOW_OFF, PNORM_OFF, S_OFF, S_HEAD, T64, YF, YB, EB, GAINS, WPOW } from "./echo-state";

// Proportionate step across partitions (PNLMS rule applied per partition):
// each partition's share follows its norm, with a floor of RHO times the
// largest, normalised to a mean of 1. Hybrid echo paths fill a few
// partitions of the 32, which then adapt several times faster.
const RHO: f32 = 0.1;
const NORM_FLOOR: f32 = 1e-6;
// Partitions constrained per block (round robin). One per block, as in MDF,
// leaves the unconstrained partitions drifting for a whole trip round the
// ring on speech; two per block gained about 3 dB of ERLE on speech-like
// input (test/dsp/echo.test.ts), four no more than two, at two FFTs each.
const CONSTRAIN_PER_BLOCK: i32 = 2;

@inline function specAt(st: usize, base: usize, index: i32): usize {
  return st + base + <usize>index * SPEC_BYTES;
}

/**
 * Transforms T64 into the newest far-end spectrum and updates the smoothed
 * far-end power spectrum (XPOW, 40 ms time constant; the narrow-band test
 * reads it).
 */
export function pushSpectrum(st: usize, parts: i32): void {
  const head = (load<i32>(st + S_OFF + S_HEAD) + parts - 1) % parts;
  store<i32>(st + S_OFF + S_HEAD, head);
  const x = specAt(st, X_OFF, head);
  rfft64(T64, x, x + IM);
  const pw = st + XPOW_OFF;
  if (ASC_FEATURE_SIMD) {
    const keep = f32x4.splat(0.9), take = f32x4.splat(0.1);
    for (let k: usize = 0; k < 144; k += 16) {
      const r = v128.load(x + k), i = v128.load(x + IM + k);
      const p = f32x4.add(f32x4.mul(r, r), f32x4.mul(i, i));
      v128.store(pw + k, f32x4.add(f32x4.mul(keep, v128.load(pw + k)), f32x4.mul(take, p)));
    }
  } else {
    for (let k: usize = 0; k < 144; k += 4) {
      const r = load<f32>(x + k), i = load<f32>(x + IM + k);
      store<f32>(pw + k, <f32>0.9 * load<f32>(pw + k) + <f32>0.1 * (r * r + i * i));
    }
  }
}

/**
 * Proportionate step of each background partition into GAINS (mean 1),
 * from the partition norms of the previous update.
 */
export function partitionGains(st: usize, parts: i32): void {
  const norms = st + PNORM_OFF;
  let top: f32 = NORM_FLOOR;
  for (let p = 0; p < parts; p++) top = Mathf.max(top, load<f32>(norms + (<usize>p << 2)));
  const floor = RHO * top;
  let total: f32 = 0;
  for (let p = 0; p < parts; p++) total += Mathf.max(floor, load<f32>(norms + (<usize>p << 2)));
  const scale = <f32>parts / total;
  for (let p = 0; p < parts; p++) store<f32>(GAINS + (<usize>p << 2), scale * Mathf.max(floor, load<f32>(norms + (<usize>p << 2))));
}

/**
 * YF = sum X_p Wf_p and YB = sum X_p Wb_p over the partitions in use, and
 * WPOW = sum g_p |X_p|^2, the normaliser of the proportionate update (the
 * PNLMS rule: normalising by the plain energy would let the effective step
 * exceed alpha when the energetic spectra meet the high-gain partitions).
 */
export function filterBoth(st: usize, parts: i32): void {
  const head = load<i32>(st + S_OFF + S_HEAD);
  if (ASC_FEATURE_SIMD) {
    for (let k: usize = 0; k < 144; k += 16) {
      let fr = f32x4.splat(0), fi = f32x4.splat(0), br = f32x4.splat(0), bi = f32x4.splat(0);
      let pw = f32x4.splat(0);
      let xi = head;
      for (let p = 0; p < parts; p++) {
        const x = specAt(st, X_OFF, xi) + k;
        const wf = specAt(st, WF_OFF, p) + k;
        const wb = specAt(st, WB_OFF, p) + k;
        const xr = v128.load(x), xm = v128.load(x + IM);
        const g = v128.load32_splat(GAINS + (<usize>p << 2));
        pw = f32x4.add(pw, f32x4.mul(g, f32x4.add(f32x4.mul(xr, xr), f32x4.mul(xm, xm))));
        const fr0 = v128.load(wf), fm0 = v128.load(wf + IM);
        const br0 = v128.load(wb), bm0 = v128.load(wb + IM);
        fr = f32x4.add(fr, f32x4.sub(f32x4.mul(xr, fr0), f32x4.mul(xm, fm0)));
        fi = f32x4.add(fi, f32x4.add(f32x4.mul(xr, fm0), f32x4.mul(xm, fr0)));
        br = f32x4.add(br, f32x4.sub(f32x4.mul(xr, br0), f32x4.mul(xm, bm0)));
        bi = f32x4.add(bi, f32x4.add(f32x4.mul(xr, bm0), f32x4.mul(xm, br0)));
        xi = xi + 1 == parts ? 0 : xi + 1;
      }
      v128.store(WPOW + k, pw);
      v128.store(YF + k, fr);
      v128.store(YF + IM + k, fi);
      v128.store(YB + k, br);
      v128.store(YB + IM + k, bi);
    }
  } else {
    for (let k: usize = 0; k < 144; k += 4) {
      let fr: f32 = 0, fi: f32 = 0, br: f32 = 0, bi: f32 = 0, pw: f32 = 0;
      let xi = head;
      for (let p = 0; p < parts; p++) {
        const x = specAt(st, X_OFF, xi) + k;
        const wf = specAt(st, WF_OFF, p) + k;
        const wb = specAt(st, WB_OFF, p) + k;
        const xr = load<f32>(x), xm = load<f32>(x + IM);
        pw += load<f32>(GAINS + (<usize>p << 2)) * (xr * xr + xm * xm);
        const fr0 = load<f32>(wf), fm0 = load<f32>(wf + IM);
        const br0 = load<f32>(wb), bm0 = load<f32>(wb + IM);
        fr += xr * fr0 - xm * fm0;
        fi += xr * fm0 + xm * fr0;
        br += xr * br0 - xm * bm0;
        bi += xr * bm0 + xm * br0;
        xi = xi + 1 == parts ? 0 : xi + 1;
      }
      store<f32>(WPOW + k, pw);
      store<f32>(YF + k, fr);
      store<f32>(YF + IM + k, fi);
      store<f32>(YB + k, br);
      store<f32>(YB + IM + k, bi);
    }
  }
}

/**
 * Adapts the background filter from the error spectrum in EB (already
 * transformed), then constrains partition `constrainPart`.
 */
export function adaptBackground(st: usize, parts: i32, alpha: f32, delta: f32, constrainPart: i32): void {
  // Fold the per-bin step into the error spectrum once: E'(k) = mu(k) E(k).
  if (ASC_FEATURE_SIMD) {
    const a = f32x4.splat(alpha), d = f32x4.splat(delta);
    for (let k: usize = 0; k < 144; k += 16) {
      const mu = f32x4.div(a, f32x4.add(v128.load(WPOW + k), d));
      v128.store(EB + k, f32x4.mul(v128.load(EB + k), mu));
      v128.store(EB + IM + k, f32x4.mul(v128.load(EB + IM + k), mu));
    }
  } else {
    for (let k: usize = 0; k < 144; k += 4) {
      const mu = alpha / (load<f32>(WPOW + k) + delta);
      store<f32>(EB + k, load<f32>(EB + k) * mu);
      store<f32>(EB + IM + k, load<f32>(EB + IM + k) * mu);
    }
  }
  const norms = st + PNORM_OFF;
  const head = load<i32>(st + S_OFF + S_HEAD);
  let xi = head;
  for (let p = 0; p < parts; p++) {
    const x = specAt(st, X_OFF, xi);
    const w = specAt(st, WB_OFF, p);
    const gain = load<f32>(GAINS + (<usize>p << 2));
    let norm: f32 = 0;
    if (ASC_FEATURE_SIMD) {
      const g = f32x4.splat(gain);
      let acc = f32x4.splat(0);
      for (let k: usize = 0; k < 144; k += 16) {
        const xr = v128.load(x + k), xm = v128.load(x + IM + k);
        const er = v128.load(EB + k), em = v128.load(EB + IM + k);
        // conj(X) E = (xr er + xm em) + i (xr em - xm er)
        const gr = f32x4.add(f32x4.mul(xr, er), f32x4.mul(xm, em));
        const gi = f32x4.sub(f32x4.mul(xr, em), f32x4.mul(xm, er));
        const wr = f32x4.add(v128.load(w + k), f32x4.mul(g, gr));
        const wi = f32x4.add(v128.load(w + IM + k), f32x4.mul(g, gi));
        v128.store(w + k, wr);
        v128.store(w + IM + k, wi);
        acc = f32x4.add(acc, f32x4.add(f32x4.mul(wr, wr), f32x4.mul(wi, wi)));
      }
      norm = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    } else {
      for (let k: usize = 0; k < 144; k += 4) {
        const xr = load<f32>(x + k), xm = load<f32>(x + IM + k);
        const er = load<f32>(EB + k), em = load<f32>(EB + IM + k);
        const wr = load<f32>(w + k) + gain * (xr * er + xm * em);
        const wi = load<f32>(w + IM + k) + gain * (xr * em - xm * er);
        store<f32>(w + k, wr);
        store<f32>(w + IM + k, wi);
        norm += wr * wr + wi * wi;
      }
    }
    store<f32>(norms + (<usize>p << 2), Mathf.sqrt(norm));
    xi = xi + 1 == parts ? 0 : xi + 1;
  }
  for (let q = 0; q < CONSTRAIN_PER_BLOCK; q++) constrain(specAt(st, WB_OFF, (constrainPart * CONSTRAIN_PER_BLOCK + q) % parts));
}

/** Makes one partition causal: its impulse response keeps taps 0..31 only. */
export function constrain(w: usize): void {
  irfft64(w, w + IM, T64);
  for (let n: usize = 32; n < 64; n++) store<f32>(T64 + (n << 2), 0);
  rfft64(T64, w, w + IM);
}

/** Copies every partition of one filter over the other (foreground <-> background). */
export function copyFilter(st: usize, fromOff: usize, toOff: usize, parts: i32): void {
  memory.copy(st + toOff, st + fromOff, <usize>parts * SPEC_BYTES);
}

/** Time-domain second halves of YF and YB: the two echo estimates of the block. */
export function estimates(yfT: usize, ybT: usize): void {
  irfft64(YF, YF + IM, yfT);
  irfft64(YB, YB + IM, ybT);
}
