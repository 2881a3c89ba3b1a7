// Reference DTMF detector and generator: plain per-channel TypeScript of the
// same algorithm as wasm/kernels/dtmf-rx.ts and dtmf-tx.ts, used as the test
// oracle and as the `dtmf.ratioVsTs` baseline of bench/dsp/dtmf.bench.ts.
//
// Detector (see docs/dsp/dtmf.md for the reasoning behind every number):
//   - Analysis blocks of DTMF_BLOCK_SAMPLES = 80 samples (10 ms), two per
//     160-sample frame. Each block runs 8 Goertzel filters (rows 697, 770,
//     852, 941 Hz; columns 1209, 1336, 1477, 1633 Hz) and sums the energy.
//   - A block "passes" for digit (row, column) when: the strongest row and
//     the strongest column are each above the sensitivity floor; each beats
//     the other tones of its group by DOMINANCE; twist is inside the limits
//     (high group at most normalTwistDb weaker, reverseTwistDb stronger,
//     plus TWIST_MARGIN_DB of measurement allowance); the pair holds at least
//     PAIR_TO_TOTAL of the block energy; and the energy not explained by the
//     pair is at most RESIDUAL_TO_WEAK times the weaker tone; and the column
//     tone's second harmonic is below SECOND_HARMONIC (talk-off on music).
//   - Frequency (Q.24 ±1.5% accept, ±3.5% reject) is checked by phase: for a
//     tone at the filter frequency the Goertzel output of block b is that of
//     block b-1 turned by exactly w*80; a frequency error df turns it by an
//     extra 2*pi*df*80/8000. The extra turn must stay below the angle of a
//     2.4% error (PHASE_LIMIT_FRACTION), independently on row and column.
//   - A digit starts after START_BLOCKS (3) consecutive passing blocks of the
//     same digit linked by two phase checks; it ends after END_MISSES (3)
//     consecutive blocks that do not pass for it. A 40 ms tone always holds
//     3 whole blocks; a 20 ms tone never does, and a partial block fails the
//     pair-to-total test (a tone covering a fraction p of a block gives a
//     ratio near p). A break of 10 ms touches at most 2 blocks (kept), a
//     40 ms pause always empties 3 (split). Start is the first sample of the
//     first passing block, end the last sample of the last passing block:
//     both within one block (10 ms) of the truth.
// Generator: sum of two sines per digit, levels per group in dBm0, on/off
// times in samples, phase kept across frames.
// Spec: ITU-T Q.23 (signal), Q.24 (receiver), shared/reference/tones-and-dsp.md §2.
// Limits: 8 kHz only; f64 (the kernel uses f32).

/** Digits in row-major order: index = row * 4 + column. */
export const DTMF_DIGITS = '123A456B789C*0#D';
export const DTMF_ROW_HZ = [697, 770, 852, 941] as const;
export const DTMF_COL_HZ = [1209, 1336, 1477, 1633] as const;
export const DTMF_BLOCK_SAMPLES = 80;
export const DTMF_START_BLOCKS = 3;
export const DTMF_END_MISSES = 3;
export const SAMPLE_RATE_HZ = 8000;
/** Peak of a 0 dBm0 sine on 16-bit linear (shared/reference/tones-and-dsp.md §3.5). */
export const DBM0_PEAK = 22825;

/** Pair energy must be at least this share of the block energy (-1.55 dB). */
export const PAIR_TO_TOTAL = 0.7;
/** Energy outside the pair may be at most this many times the weaker tone. */
export const RESIDUAL_TO_WEAK = 2.0;
/** The chosen row (column) must exceed every other row (column) by this power ratio (4 dB). */
export const DOMINANCE = 2.5;
/** Largest second harmonic of the column tone, power ratio (-14 dB). */
export const SECOND_HARMONIC = 0.04;
/** Measurement allowance added to the configured twist limits. */
export const TWIST_MARGIN_DB = 1.0;
/** Largest accepted frequency error, as a fraction of the nominal, for the phase test. */
export const PHASE_LIMIT_FRACTION = 0.024;

/** Per-channel detector options (defaults from Q.24 as in tones-and-dsp.md §2.2). */
export interface DtmfRxOptions {
  /** Largest accepted high-group deficit ("normal" twist), dB. Default 8. */
  normalTwistDb?: number;
  /** Largest accepted high-group excess (reverse twist), dB. Default 4. */
  reverseTwistDb?: number;
  /** Sensitivity floor per tone, dBm0. Default -42. */
  thresholdDbm0?: number;
}

/** One detected digit, in samples since the detector started. */
export interface DtmfDigitEvent {
  digit: string;
  startSample: number;
  endSample: number;
}

/** Power threshold for a tone at levelDbm0, in the block-energy units of the detector. */
export function toneBlockEnergy(levelDbm0: number): number {
  const a = DBM0_PEAK * Math.pow(10, levelDbm0 / 20);
  return (DTMF_BLOCK_SAMPLES * a * a) / 2;
}

interface BlockResult {
  digit: number;
  rowRe: number;
  rowIm: number;
  colRe: number;
  colIm: number;
}

/**
 * For each (row, column) pair, the 4x4 real matrix that turns the two
 * Goertzel outputs [Re yr, Im yr, Re yc, Im yc] into the complex amplitudes
 * [Re a, Im a, Re b, Im b] of the two tones, x[n] = 2 Re(a e^{jwr n}) +
 * 2 Re(b e^{jwc n}). It undoes the leakage of each tone into the other's
 * filter and of each tone's negative-frequency image, which a rectangular
 * 80-sample block leaves at -20 dB: enough to move an 8 dB twist by 2 dB.
 * Index: pair * 16 + row * 4 + column of the matrix.
 */
export function dtmfPairSolvers(): Float64Array {
  const n = DTMF_BLOCK_SAMPLES;
  const out = new Float64Array(16 * 16);
  const h = (wk: number, theta: number): [number, number] => {
    // e^{j wk (N-1)} * sum_n e^{j (theta - wk) n}
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      re += Math.cos((theta - wk) * i + wk * (n - 1));
      im += Math.sin((theta - wk) * i + wk * (n - 1));
    }
    return [re, im];
  };
  for (let pair = 0; pair < 16; pair++) {
    const wr = (2 * Math.PI * (DTMF_ROW_HZ[pair >> 2] ?? 0)) / SAMPLE_RATE_HZ;
    const wc = (2 * Math.PI * (DTMF_COL_HZ[pair & 3] ?? 0)) / SAMPLE_RATE_HZ;
    const m: number[][] = [];
    for (const wk of [wr, wc]) {
      const cols: [number, number][] = [];
      for (const th of [wr, wc]) {
        const [pr, pi] = h(wk, th);
        const [qr, qi] = h(wk, -th);
        cols.push([pr + qr, pi + qi]); // coefficient of Re(amplitude)
        cols.push([-(pi - qi), pr - qr]); // j (H(th) - H(-th)): coefficient of Im(amplitude)
      }
      m.push(cols.map((c) => c[0]));
      m.push(cols.map((c) => c[1]));
    }
    const inv = invert4(m);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) out[pair * 16 + i * 4 + j] = inv[i]?.[j] ?? 0;
  }
  return out;
}

/** Gauss-Jordan inverse of a 4x4 matrix (well conditioned here). */
function invert4(m: number[][]): number[][] {
  const a = m.map((row, i) => [...row, ...[0, 1, 2, 3].map((j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < 4; c++) {
    let piv = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[piv]?.[c] ?? 0)) piv = r;
    const tmp = a[c]!;
    a[c] = a[piv]!;
    a[piv] = tmp;
    const d = a[c]![c]!;
    for (let j = 0; j < 8; j++) a[c]![j] = a[c]![j]! / d;
    for (let r = 0; r < 4; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let j = 0; j < 8; j++) a[r]![j] = a[r]![j]! - f * a[c]![j]!;
    }
  }
  return a.map((row) => row.slice(4));
}

/** Plain per-channel DTMF detector. */
export class DtmfDetectorRef {
  private readonly coef: number[];
  private readonly wCos: number[];
  private readonly wSin: number[];
  private readonly rotRe: number[];
  private readonly rotIm: number[];
  private readonly cosLimit: number[];
  private readonly solvers = dtmfPairSolvers();
  private readonly normalTwist: number;
  private readonly reverseTwist: number;
  private readonly threshold: number;
  private block = 0;
  private prev: BlockResult = { digit: -1, rowRe: 0, rowIm: 0, colRe: 0, colIm: 0 };
  private run = 0;
  private runStart = 0;
  private current = -1;
  private misses = 0;
  private lastGoodEnd = 0;
  private pendingStart = -1;
  private readonly done: DtmfDigitEvent[] = [];

  constructor(options: DtmfRxOptions = {}) {
    const freqs = [...DTMF_ROW_HZ, ...DTMF_COL_HZ];
    const w = freqs.map((f) => (2 * Math.PI * f) / SAMPLE_RATE_HZ);
    this.coef = w.map((x) => 2 * Math.cos(x));
    this.wCos = w.map((x) => Math.cos(x));
    this.wSin = w.map((x) => Math.sin(x));
    this.rotRe = w.map((x) => Math.cos(x * DTMF_BLOCK_SAMPLES));
    this.rotIm = w.map((x) => Math.sin(x * DTMF_BLOCK_SAMPLES));
    this.cosLimit = w.map((x) => Math.cos(PHASE_LIMIT_FRACTION * x * DTMF_BLOCK_SAMPLES));
    this.normalTwist = Math.pow(10, ((options.normalTwistDb ?? 8) + TWIST_MARGIN_DB) / 10);
    this.reverseTwist = Math.pow(10, ((options.reverseTwistDb ?? 4) + TWIST_MARGIN_DB) / 10);
    this.threshold = toneBlockEnergy(options.thresholdDbm0 ?? -42);
  }

  /** Feeds samples (any length); returns digits completed so far and clears them. */
  process(x: ArrayLike<number>): DtmfDigitEvent[] {
    for (let at = 0; at + DTMF_BLOCK_SAMPLES <= x.length; at += DTMF_BLOCK_SAMPLES) this.analyse(x, at);
    return this.done.splice(0);
  }

  /** The digit being received and its start sample, if any. */
  get inDigit(): { digit: string; startSample: number } | null {
    if (this.current < 0) return null;
    return { digit: DTMF_DIGITS[this.current] ?? '?', startSample: this.pendingStart };
  }

  private analyse(x: ArrayLike<number>, at: number): void {
    const s1 = new Float64Array(8);
    const s2 = new Float64Array(8);
    let energy = 0;
    for (let n = 0; n < DTMF_BLOCK_SAMPLES; n++) {
      const v = x[at + n] ?? 0;
      energy += v * v;
      for (let k = 0; k < 8; k++) {
        const s = v + (this.coef[k] ?? 0) * (s1[k] ?? 0) - (s2[k] ?? 0);
        s2[k] = s1[k] ?? 0;
        s1[k] = s;
      }
    }
    const r = this.classify(s1, s2, energy, x, at);
    this.track(r);
    this.block++;
  }

  private classify(s1: Float64Array, s2: Float64Array, energy: number, x: ArrayLike<number>, at: number): BlockResult {
    const none: BlockResult = { digit: -1, rowRe: 0, rowIm: 0, colRe: 0, colIm: 0 };
    const p = new Float64Array(8);
    for (let k = 0; k < 8; k++) {
      const a = s1[k] ?? 0;
      const b = s2[k] ?? 0;
      p[k] = ((a * a + b * b - (this.coef[k] ?? 0) * a * b) * 2) / DTMF_BLOCK_SAMPLES;
    }
    let row = 0;
    let col = 4;
    for (let k = 1; k < 4; k++) if ((p[k] ?? 0) > (p[row] ?? 0)) row = k;
    for (let k = 5; k < 8; k++) if ((p[k] ?? 0) > (p[col] ?? 0)) col = k;
    const praw = p[row] ?? 0;
    const pcraw = p[col] ?? 0;
    // Quick screen 4 dB under the floor (the solver moves a power by at most 2 dB).
    if (praw < 0.4 * this.threshold || pcraw < 0.4 * this.threshold) return none;
    if (praw + pcraw < 0.5 * PAIR_TO_TOTAL * energy) return none;
    for (let k = 0; k < 4; k++) if (k !== row && (p[k] ?? 0) * DOMINANCE > praw) return none;
    for (let k = 4; k < 8; k++) if (k !== col && (p[k] ?? 0) * DOMINANCE > pcraw) return none;
    const re = (k: number): number => (s1[k] ?? 0) - (s2[k] ?? 0) * (this.wCos[k] ?? 0);
    const im = (k: number): number => (s2[k] ?? 0) * (this.wSin[k] ?? 0);
    const pair = row * 4 + (col - 4);
    const y = [re(row), im(row), re(col), im(col)];
    const m = this.solvers;
    const amp = [0, 1, 2, 3].map((i) => {
      let v = 0;
      for (let j = 0; j < 4; j++) v += (m[pair * 16 + i * 4 + j] ?? 0) * (y[j] ?? 0);
      return v;
    });
    const [ar, ai, br, bi] = amp as [number, number, number, number];
    // A real tone 2 Re(a e^{jwn}) carries 2 N |a|^2 of energy over the block.
    const pr = 2 * DTMF_BLOCK_SAMPLES * (ar * ar + ai * ai);
    const pc = 2 * DTMF_BLOCK_SAMPLES * (br * br + bi * bi);
    if (pr < this.threshold || pc < this.threshold) return none;
    if (pr + pc < PAIR_TO_TOTAL * energy) return none;
    if (pr > this.normalTwist * pc || pc > this.reverseTwist * pr) return none;
    if (energy - pr - pc > RESIDUAL_TO_WEAK * Math.min(pr, pc)) return none;
    // Guards starts only: skipped while the same digit is already on.
    const k2 = 2 * Math.cos((4 * Math.PI * (DTMF_COL_HZ[col - 4] ?? 0)) / SAMPLE_RATE_HZ);
    // Two 40-sample Goertzels at 2 f_col, powers added (wide enough for the
    // harmonic of a tone 2% off).
    const half = DTMF_BLOCK_SAMPLES / 2;
    let h2 = 0;
    for (let h = 0; h < DTMF_BLOCK_SAMPLES; h += half) {
      let a = 0;
      let b = 0;
      for (let n = h; n < h + half; n++) {
        const t = (x[at + n] ?? 0) - b + k2 * a;
        b = a;
        a = t;
      }
      h2 += a * a + b * b - k2 * a * b;
    }
    if (this.current !== pair && (h2 * 2) / half > SECOND_HARMONIC * pc) return none;
    return { digit: pair, rowRe: ar, rowIm: ai, colRe: br, colIm: bi };
  }

  /** Phase test between two blocks of the same digit (filter k). */
  private phaseOk(k: number, are: number, aim: number, bre: number, bim: number): boolean {
    // w = b * conj(a) * e^{-j w_k M}: its angle is the frequency error times M.
    const zr = bre * are + bim * aim;
    const zi = bim * are - bre * aim;
    const cr = this.rotRe[k] ?? 1;
    const ci = this.rotIm[k] ?? 0;
    const wr = zr * cr + zi * ci;
    const wi = zi * cr - zr * ci;
    return wr >= (this.cosLimit[k] ?? 1) * Math.sqrt(wr * wr + wi * wi);
  }

  private track(r: BlockResult): void {
    const prev = this.prev;
    const blockStart = this.block * DTMF_BLOCK_SAMPLES;
    if (r.digit >= 0 && r.digit === prev.digit) {
      const row = r.digit >> 2;
      const col = 4 + (r.digit & 3);
      const linked =
        this.phaseOk(row, prev.rowRe, prev.rowIm, r.rowRe, r.rowIm) &&
        this.phaseOk(col, prev.colRe, prev.colIm, r.colRe, r.colIm);
      if (linked) this.run++;
      else {
        this.run = 1;
        this.runStart = blockStart;
      }
    } else if (r.digit >= 0) {
      this.run = 1;
      this.runStart = blockStart;
    } else this.run = 0;
    this.prev = r;

    if (this.current >= 0 && r.digit === this.current) {
      this.misses = 0;
      this.lastGoodEnd = blockStart + DTMF_BLOCK_SAMPLES;
    } else if (this.current >= 0) {
      this.misses++;
      if (this.misses >= DTMF_END_MISSES) this.finish();
    }
    if (this.run >= DTMF_START_BLOCKS && r.digit !== this.current) {
      if (this.current >= 0) this.finish();
      this.current = r.digit;
      this.pendingStart = this.runStart;
      this.misses = 0;
      this.lastGoodEnd = blockStart + DTMF_BLOCK_SAMPLES;
    }
  }

  private finish(): void {
    this.done.push({ digit: DTMF_DIGITS[this.current] ?? '?', startSample: this.pendingStart, endSample: this.lastGoodEnd });
    this.current = -1;
    this.misses = 0;
  }
}

/** Options of the reference generator (defaults documented in docs/dsp/dtmf.md). */
export interface DtmfTxOptions {
  onMs?: number;
  offMs?: number;
  lowDbm0?: number;
  highDbm0?: number;
}

/** Float samples of a DTMF digit string (Q.23), starting with the first tone. */
export function dtmfGenerate(digits: string, options: DtmfTxOptions = {}): Float64Array {
  const on = Math.round(((options.onMs ?? 50) * SAMPLE_RATE_HZ) / 1000);
  const off = Math.round(((options.offMs ?? 50) * SAMPLE_RATE_HZ) / 1000);
  const lo = DBM0_PEAK * Math.pow(10, (options.lowDbm0 ?? -10) / 20);
  const hi = DBM0_PEAK * Math.pow(10, (options.highDbm0 ?? -8) / 20);
  const out = new Float64Array(digits.length * (on + off));
  let at = 0;
  for (const ch of digits) {
    const d = DTMF_DIGITS.indexOf(ch.toUpperCase());
    if (d < 0) throw new RangeError(`dtmfGenerate: ${JSON.stringify(ch)} is not a DTMF digit`);
    const wr = (2 * Math.PI * (DTMF_ROW_HZ[d >> 2] ?? 0)) / SAMPLE_RATE_HZ;
    const wc = (2 * Math.PI * (DTMF_COL_HZ[d & 3] ?? 0)) / SAMPLE_RATE_HZ;
    for (let n = 0; n < on; n++) out[at + n] = lo * Math.sin(wr * n) + hi * Math.sin(wc * n);
    at += on + off;
  }
  return out;
}
