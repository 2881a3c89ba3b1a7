// Partitioned-block frequency-domain adaptive filter (PBFDAF / MDF) for the
// echo canceller: the per-block spectral work on one slot's state record.
//
// What it does: for each 32-sample block it (1) transforms the 64-sample
// window [previous far-end block, current far-end block] and puts it at the
// head of the ring of far-end spectra; (2) forms the echo estimates of both
// filters,
//   Y(k) = sum over partitions p of X_(b-p)(k) W_p(k),
// whose inverse transform's second half is the linear convolution of the
// far end with 1024 taps (overlap-save); (3) adapts the background filter,
// proportionately across partitions (IPNLMS rule per partition, as in
// proportionate MDF):
//   W_p(k) += g_p mu(k) conj(X_(b-p)(k)) E(k),
//   g_p = (1 - PROP) + PROP * P * |W_p| / sum_q |W_q|   (mean 1)
//   mu(k) = alpha / (S(k) + LAMBDA * mean_k S(k) + delta),
//   S(k) = sum_p g_p |X_(b-p)(k)|^2
// where E is the transform of [32 zeros, background error]. The per-bin
// normaliser whitens coloured (speech) input; the LAMBDA term keeps weak
// bins, whose error is mostly leakage from strong neighbours, from taking
// large steps (it allows alpha about twice as large: faster on speech);
// (4) keeps the filter a linear convolution: the partitions of a
// "tap-proportionate set" (the largest norms, only while the kernel asks
// for it: fast convergence) adapt through a time-domain gradient, each tap
// weighted by (1 - BETA) + BETA * 32 |w_j| / sum |w| (IPNLMS inside the
// partition), which also constrains them; the others are constrained
// (back to time, zero the non-causal half, forward again) in round robin,
// 1 or 2 per block.
//
// References: J.-S. Soo and K. K. Pang, "Multidelay block frequency domain
// adaptive filter", IEEE Trans. ASSP 38(2), 1990 (the MDF structure);
// J. Benesty and S. L. Gay, "An improved PNLMS algorithm", ICASSP 2002
// (the IPNLMS gain rule, applied here per partition and per tap);
// ITU-T G.168 (2012) clause 6 for what the filter must achieve.
//
// Limits: block and partition length are fixed at 32 (FFT of 64), so the
// canceller adds no delay to 20 ms frames (5 blocks each). A partition of
// the tap-proportionate set costs two more FFTs per block; at most 32 (a
// u32 mask) can be in the set.

import { rfft64, irfft64 } from "./fft";
import { SPEC_BYTES, IM, X_OFF, WF_OFF, WB_OFF, XPOW_OFF, PNORM_OFF, TAPS_OFF, S_OFF, S_HEAD, S_TOP_MASK, T64, YF, YB, EB, GAINS, WPOW, GRAD, TOP } from "./echo-state";

// Proportionate step across partitions (IPNLMS rule): PROP of the step is
// shared by partition norm, the rest evenly (mean gain 1). Hybrid echo
// paths fill a few partitions of the 32, which then adapt several times
// faster; the even part keeps the empty ones (and a new path) learning.
const PROP: f32 = 0.75;
const NORM_FLOOR: f32 = 1e-6;
// Share of each tap's step in the tap-proportionate set that follows the
// tap's magnitude (IPNLMS inside a partition). 0.75 made the slow-resonance
// path of test/dsp/echo.test.ts diverge: the normaliser S(k) does not see
// the per-tap gains, so their peak must stay moderate.
const BETA: f32 = 0.6;
// Weight of the mean over bins in the normaliser (see the header).
const LAMBDA: f32 = 0.5;

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
 * from the partition norms of the previous update, and the
 * tap-proportionate set into TOP: the `tapParts` largest norms (none while
 * the filter is still empty).
 */
export function partitionGains(st: usize, parts: i32, tapParts: i32): void {
  const norms = st + PNORM_OFF;
  let total: f32 = 0;
  for (let p = 0; p < parts; p++) total += load<f32>(norms + (<usize>p << 2));
  if (total <= NORM_FLOOR) {
    for (let p = 0; p < parts; p++) store<f32>(GAINS + (<usize>p << 2), 1);
  } else {
    const share = PROP * <f32>parts / total;
    for (let p = 0; p < parts; p++) store<f32>(GAINS + (<usize>p << 2), (<f32>1 - PROP) + share * load<f32>(norms + (<usize>p << 2)));
  }
  for (let p = 0; p < parts; p++) store<i32>(TOP + (<usize>p << 2), 0);
  for (let q = 0; q < tapParts; q++) {
    let best = -1;
    let bestNorm: f32 = NORM_FLOOR;
    for (let p = 0; p < parts; p++) {
      const v = load<f32>(norms + (<usize>p << 2));
      if (load<i32>(TOP + (<usize>p << 2)) == 0 && v > bestNorm) {
        best = p;
        bestNorm = v;
      }
    }
    if (best < 0) break;
    store<i32>(TOP + (<usize>best << 2), 1);
  }
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
 * transformed): the partitions flagged in TOP (partitionGains) through
 * tapUpdate, the others bin by bin; then constrains `constrainCount`
 * partitions outside the set, round robin on the block counter.
 */
export function adaptBackground(st: usize, parts: i32, alpha: f32, delta: f32, blocks: i32, constrainCount: i32): void {
  // Fold the per-bin step into the error spectrum once: E'(k) = mu(k) E(k).
  let mean: f32 = 0;
  for (let k: usize = 0; k < 132; k += 4) mean += load<f32>(WPOW + k);
  const floor = delta + LAMBDA * mean / <f32>33;
  if (ASC_FEATURE_SIMD) {
    const a = f32x4.splat(alpha), d = f32x4.splat(floor);
    for (let k: usize = 0; k < 144; k += 16) {
      const mu = f32x4.div(a, f32x4.add(v128.load(WPOW + k), d));
      v128.store(EB + k, f32x4.mul(v128.load(EB + k), mu));
      v128.store(EB + IM + k, f32x4.mul(v128.load(EB + IM + k), mu));
    }
  } else {
    for (let k: usize = 0; k < 144; k += 4) {
      const mu = alpha / (load<f32>(WPOW + k) + floor);
      store<f32>(EB + k, load<f32>(EB + k) * mu);
      store<f32>(EB + IM + k, load<f32>(EB + IM + k) * mu);
    }
  }
  const norms = st + PNORM_OFF;
  const head = load<i32>(st + S_OFF + S_HEAD);
  const lastMask = load<u32>(st + S_OFF + S_TOP_MASK);
  let mask: u32 = 0;
  let xi = head;
  for (let p = 0; p < parts; p++) {
    const x = specAt(st, X_OFF, xi);
    const w = specAt(st, WB_OFF, p);
    const gain = load<f32>(GAINS + (<usize>p << 2));
    let norm: f32;
    if (load<i32>(TOP + (<usize>p << 2)) != 0) {
      mask |= <u32>1 << <u32>p;
      if ((lastMask & (<u32>1 << <u32>p)) == 0) constrainPartition(st, p);
      norm = tapUpdate(st, x, w, p, gain);
    } else {
      norm = binUpdate(x, w, gain);
    }
    store<f32>(norms + (<usize>p << 2), Mathf.sqrt(norm));
    xi = xi + 1 == parts ? 0 : xi + 1;
  }
  store<u32>(st + S_OFF + S_TOP_MASK, mask);
  for (let q = 0; q < constrainCount; q++) {
    const p = (blocks * constrainCount + q) % parts;
    if (load<i32>(TOP + (<usize>p << 2)) == 0) constrainPartition(st, p);
  }
}

// W += gain conj(X) E' bin by bin; returns the new squared norm of W.
function binUpdate(x: usize, w: usize, gain: f32): f32 {
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
  return norm;
}

// The update of a partition of the tap-proportionate set: the gradient
// gain conj(X) E' goes back to time, keeps its causal half, each tap is
// weighted by (1 - BETA) + BETA * 32 |w_j| / sum |w| (mean 1, IPNLMS), the
// partition's time-domain taps follow, and the weighted gradient returns
// to frequency. The partition therefore stays constrained. Returns the new
// squared norm of W.
function tapUpdate(st: usize, x: usize, w: usize, p: i32, gain: f32): f32 {
  const taps = st + TAPS_OFF + (<usize>p << 7);
  if (ASC_FEATURE_SIMD) {
    const g = f32x4.splat(gain);
    for (let k: usize = 0; k < 144; k += 16) {
      const xr = v128.load(x + k), xm = v128.load(x + IM + k);
      const er = v128.load(EB + k), em = v128.load(EB + IM + k);
      v128.store(GRAD + k, f32x4.mul(g, f32x4.add(f32x4.mul(xr, er), f32x4.mul(xm, em))));
      v128.store(GRAD + IM + k, f32x4.mul(g, f32x4.sub(f32x4.mul(xr, em), f32x4.mul(xm, er))));
    }
    irfft64(GRAD, GRAD + IM, T64);
    let acc = f32x4.splat(0);
    for (let j: usize = 0; j < 128; j += 16) acc = f32x4.add(acc, f32x4.abs(v128.load(taps + j)));
    const l1 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    const even = f32x4.splat(l1 > NORM_FLOOR ? <f32>1 - BETA : <f32>1);
    const prop = f32x4.splat(l1 > NORM_FLOOR ? BETA * <f32>32 / l1 : <f32>0);
    const zero = f32x4.splat(0);
    for (let j: usize = 0; j < 128; j += 16) {
      const t = v128.load(taps + j);
      const v = f32x4.mul(v128.load(T64 + j), f32x4.add(even, f32x4.mul(prop, f32x4.abs(t))));
      v128.store(T64 + j, v);
      v128.store(taps + j, f32x4.add(t, v));
      v128.store(T64 + 128 + j, zero);
    }
    rfft64(T64, GRAD, GRAD + IM);
    let nacc = f32x4.splat(0);
    for (let k: usize = 0; k < 144; k += 16) {
      const wr = f32x4.add(v128.load(w + k), v128.load(GRAD + k));
      const wi = f32x4.add(v128.load(w + IM + k), v128.load(GRAD + IM + k));
      v128.store(w + k, wr);
      v128.store(w + IM + k, wi);
      nacc = f32x4.add(nacc, f32x4.add(f32x4.mul(wr, wr), f32x4.mul(wi, wi)));
    }
    return f32x4.extract_lane(nacc, 0) + f32x4.extract_lane(nacc, 1) + f32x4.extract_lane(nacc, 2) + f32x4.extract_lane(nacc, 3);
  }
  for (let k: usize = 0; k < 144; k += 4) {
    const xr = load<f32>(x + k), xm = load<f32>(x + IM + k);
    const er = load<f32>(EB + k), em = load<f32>(EB + IM + k);
    store<f32>(GRAD + k, gain * (xr * er + xm * em));
    store<f32>(GRAD + IM + k, gain * (xr * em - xm * er));
  }
  irfft64(GRAD, GRAD + IM, T64);
  let l1: f32 = 0;
  for (let j: usize = 0; j < 32; j++) l1 += Mathf.abs(load<f32>(taps + (j << 2)));
  const even = l1 > NORM_FLOOR ? <f32>1 - BETA : <f32>1;
  const prop = l1 > NORM_FLOOR ? BETA * <f32>32 / l1 : <f32>0;
  for (let j: usize = 0; j < 32; j++) {
    const t = taps + (j << 2);
    const v = load<f32>(T64 + (j << 2)) * (even + prop * Mathf.abs(load<f32>(t)));
    store<f32>(T64 + (j << 2), v);
    store<f32>(t, load<f32>(t) + v);
    store<f32>(T64 + 128 + (j << 2), 0);
  }
  rfft64(T64, GRAD, GRAD + IM);
  let norm: f32 = 0;
  for (let k: usize = 0; k < 144; k += 4) {
    const wr = load<f32>(w + k) + load<f32>(GRAD + k);
    const wi = load<f32>(w + IM + k) + load<f32>(GRAD + IM + k);
    store<f32>(w + k, wr);
    store<f32>(w + IM + k, wi);
    norm += wr * wr + wi * wi;
  }
  return norm;
}

/** Makes background partition p causal (taps 0..31 only) and records its taps. */
export function constrainPartition(st: usize, p: i32): void {
  const w = specAt(st, WB_OFF, p);
  irfft64(w, w + IM, T64);
  const taps = st + TAPS_OFF + (<usize>p << 7);
  for (let n: usize = 0; n < 32; n++) {
    store<f32>(taps + (n << 2), load<f32>(T64 + (n << 2)));
    store<f32>(T64 + 128 + (n << 2), 0);
  }
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
