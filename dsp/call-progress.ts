// CallProgress: the cadence half of the call-progress detector, a pure
// classifier fed by one toneRx slot's events.
//
// What it does: turns the kernel's class changes (silence, tone bin mask,
// other energy) into what the line is playing: the plan's tones (dial,
// ringback, busy, congestion, callWaiting, specialInformation, ...), fax
// CNG, answer tone (ANS/CED, or ANS with 180° phase reversals = /ANS or
// ANSam/), silence or voice. Each change of verdict is returned as a
// report with the sample time it was reached.
//
// How: the class events cut time into segments; a segment's "cadence mask"
// is its bin mask when it is a tone and 0 otherwise (silence and other
// energy both count as "off"). Each tone of the plan becomes a pattern of
// (mask, ms) elements (equal neighbours merged, cyclic when it repeats).
//   cadenced tones  the last completed segments must equal a rotation of
//                   the whole pattern, each duration within ±(15 % + 12 ms)
//                   (the reference's ±10 % plus our 10 ms step); an off in
//                   progress may close the pattern once it has lasted its
//                   minimum, when it is 2 s or longer (ringback, CNG gaps);
//                   a segment cut by the start of listening is not used.
//   continuous      a tone segment of a continuous tone's mask lasting
//                   longer than every cadenced use of that mask (and >= 1 s).
//   fax             CNG: one 1100 Hz burst of 500 ms (T.30: 0.5 s on, 3 s
//                   off); ANS: 2100 Hz for 1 s with no reversal; ANS with
//                   reversals: two reversals 450 ± 60 ms apart (V.25).
//   voice           500 ms of non-tone energy since the last tone segment
//                   of 200 ms or more.
//   silence         5 s with neither tone nor energy (longer than every
//                   off of the plans' ringback).
// Spec: shared/reference/tones-and-dsp.md §1 (cadences ±10 %, busy 0.7 s
// vs congestion 1.4 s period, ringback 1 s burst) and §4 (2100 Hz).
// Limits: the first verdict of a cadenced tone needs one full cycle; ANSam's
// 15 Hz amplitude modulation is not analysed (ANSam and ANS are told apart
// only by the reversals).

import type { TonePlan, ToneName } from './tone-plans.ts';
import {
  CNG_HZ,
  ANS_HZ,
  TONE_RX_CLASS_ENERGY,
  TONE_RX_DEFAULTS,
  planOf,
  type ToneRxBins,
  type ToneRxOptions,
} from './tone-rx.ts';
import * as L from './layout.generated.ts';

/** What the line is playing. */
export type CallProgressKind = ToneName | 'faxCng' | 'ans' | 'ansPhaseReversal' | 'voice' | 'silence';

/** One change of verdict. */
export interface CallProgressReport {
  kind: CallProgressKind;
  /** Sample time (same clock as the events fed in) at which it was reached. */
  atSample: number;
}

/** Options of a classifier. */
export interface CallProgressOptions {
  plan: ToneRxOptions['plan'];
  /** The slot's bins (ToneRxBank.binsOf). */
  bins: ToneRxBins;
  skipTones?: readonly ToneName[];
  /** Relative cadence tolerance (default 0.15). */
  toleranceRel?: number;
  /** Absolute cadence tolerance (default 12 ms). */
  toleranceMs?: number;
  /** Quiet time that means silence (default 5000 ms). */
  silenceMs?: number;
  /** Non-tone energy that means voice (default 500 ms). */
  voiceMs?: number;
}

interface Element {
  mask: number;
  ms: number;
}

interface Pattern {
  kind: CallProgressKind;
  elements: Element[];
  /** How many consecutive elements must match (the whole cycle, or fewer). */
  need: number;
}

interface Segment {
  mask: number;
  startSample: number;
  /** Started when listening started: its true length is unknown. */
  cut: boolean;
}

const SAMPLES_PER_MS = 8;
const REVERSAL_MS = 450;
const REVERSAL_TOLERANCE_MS = 60;
const GLITCH_MS = 30;
const RECHECK_SAMPLES = 100 * SAMPLES_PER_MS;
const NOTHING: readonly CallProgressReport[] = Object.freeze([]);

/** Pure cadence classifier of one toneRx slot. */
export class CallProgress {
  private readonly patterns: Pattern[] = [];
  private readonly continuous: { kind: CallProgressKind; mask: number; afterMs: number }[] = [];
  private readonly tolRel: number;
  private readonly tolMs: number;
  private readonly silenceMs: number;
  private readonly voiceMs: number;
  private readonly ansMask: number;
  private readonly longestOffMs = new Map<CallProgressKind, number>();
  private readonly history: { mask: number; ms: number; cut: boolean }[] = [];
  private segment: Segment;
  private cls = 0;
  private classStart = 0;
  private energyMs = 0;
  private reversals: number[] = [];
  private verdict: CallProgressKind | null = null;
  private wakeAt = 0;
  private readonly scratch: CallProgressReport[] = [];
  /** Shortest gap in progress that can close a cadence. */
  private gapDueMs = Infinity;

  constructor(options: CallProgressOptions, startSample = 0) {
    this.tolRel = options.toleranceRel ?? 0.15;
    this.tolMs = options.toleranceMs ?? 12;
    this.silenceMs = options.silenceMs ?? 5000;
    this.voiceMs = options.voiceMs ?? 500;
    const plan = planOf(options.plan);
    const maskOf = (freqs: readonly number[]): number =>
      freqs.reduce((m, f) => {
        const k = options.bins.freqsHz.indexOf(f);
        return k < 0 ? m : m | (1 << k);
      }, 0);
    this.buildPatterns(plan, options.skipTones ?? TONE_RX_DEFAULTS.skipTones, maskOf);
    this.ansMask = maskOf([ANS_HZ]);
    this.segment = { mask: 0, startSample, cut: true };
    this.classStart = startSample;
  }

  /** The current verdict, or null before the first. */
  get current(): CallProgressKind | null {
    return this.verdict;
  }

  private buildPatterns(plan: TonePlan, skip: readonly ToneName[], maskOf: (f: readonly number[]) => number): void {
    for (const tone of Object.values(plan.tones)) {
      if (skip.includes(tone.name)) continue;
      const last = tone.segments.at(-1);
      if (last !== undefined && last.durationMs === 0) {
        this.continuous.push({ kind: tone.name, mask: maskOf(last.freqsHz), afterMs: 0 });
        continue;
      }
      if (!tone.repeat) continue;
      const elements: Element[] = [];
      for (const s of tone.segments) {
        const mask = maskOf(s.freqsHz);
        const prev = elements.at(-1);
        if (prev !== undefined && prev.mask === mask) prev.ms += s.durationMs;
        else elements.push({ mask, ms: s.durationMs });
      }
      const first = elements[0];
      const end = elements.at(-1);
      if (elements.length > 1 && first !== undefined && end !== undefined && first.mask === end.mask) {
        first.ms += end.ms;
        elements.pop();
      }
      this.patterns.push({ kind: tone.name, elements, need: elements.length });
    }
    const cng = maskOf([CNG_HZ]);
    if (cng !== 0) this.patterns.push({ kind: 'faxCng', elements: [{ mask: cng, ms: 500 }, { mask: 0, ms: 3000 }], need: 1 });
    for (const p of this.patterns) {
      const offs = p.elements.filter((e) => e.mask === 0).map((e) => e.ms);
      this.longestOffMs.set(p.kind, Math.max(0, ...offs) * (1 + this.tolRel) + this.tolMs);
      for (const ms of offs) {
        if (ms >= 2000) this.gapDueMs = Math.min(this.gapDueMs, ms - this.tolerance(ms));
      }
    }
    // A continuous tone is told from a cadenced use of the same frequencies by outlasting it.
    for (const c of this.continuous) {
      const longest = Math.max(0, ...this.patterns.flatMap((p) => p.elements.filter((e) => e.mask === c.mask).map((e) => e.ms)));
      c.afterMs = Math.max(1000, longest * (1 + this.tolRel) + this.tolMs + 200);
    }
  }

  /** Feeds one event of the slot (EV_TONE_RX_START, _END or _PHASE_REVERSAL) at an absolute sample time. */
  event(kind: number, value: number, atSample: number): readonly CallProgressReport[] {
    if (kind !== L.EV_TONE_RX_START && kind !== L.EV_TONE_RX_PHASE_REVERSAL) return NOTHING;
    const out = this.scratch;
    out.length = 0;
    if (atSample >= this.wakeAt) this.check(atSample, out);
    this.wakeAt = atSample;
    if (kind === L.EV_TONE_RX_PHASE_REVERSAL) {
      if (this.segment.mask & this.ansMask) this.reversals.push(atSample);
      this.checkAns(atSample, out);
      return this.flush();
    }
    if (this.cls === TONE_RX_CLASS_ENERGY) this.energyMs += (atSample - this.classStart) / SAMPLES_PER_MS;
    this.cls = value;
    this.classStart = atSample;
    const mask = value === TONE_RX_CLASS_ENERGY ? 0 : value;
    if (mask !== this.segment.mask) this.closeSegment(mask, atSample, out);
    return this.flush();
  }

  private closeSegment(mask: number, atSample: number, out: CallProgressReport[]): void {
    const s = this.segment;
    const ms = (atSample - s.startSample) / SAMPLES_PER_MS;
    const prev = this.history.at(-1);
    // A gap shorter than GLITCH_MS between two tones is the transition window
    // of a tone change (SIT's 950 → 1400 Hz), not an off: it goes back to the
    // tone before it, which then resumes or hands over.
    if (s.mask === 0 && mask !== 0 && ms < GLITCH_MS && prev !== undefined && prev.mask !== 0 && !prev.cut) {
      this.history.pop();
      if (prev.mask === mask) {
        this.segment = { mask, startSample: atSample - (prev.ms + ms) * SAMPLES_PER_MS, cut: false };
        return;
      }
      this.history.push({ mask: prev.mask, ms: prev.ms + ms, cut: false });
    } else {
      this.history.push({ mask: s.mask, ms, cut: s.cut });
    }
    if (this.history.length > 32) this.history.shift();
    if (s.mask !== 0 && ms >= 200) this.energyMs = 0;
    this.segment = { mask, startSample: atSample, cut: false };
    this.reversals = [];
    this.matchCadence(atSample, null, out);
  }

  /**
   * Moves time forward to atSample (call once per tick); returns verdicts
   * reached meanwhile. Cheap between events: the time-driven verdicts
   * (continuous tone, a long gap closing a cadence, voice, silence) are
   * looked at when the first of them can be due, then every 100 ms.
   */
  advance(atSample: number): readonly CallProgressReport[] {
    if (atSample < this.wakeAt) return NOTHING;
    const out = this.scratch;
    out.length = 0;
    this.check(atSample, out);
    this.wakeAt = Math.max(this.nextDue(), atSample + RECHECK_SAMPLES);
    return this.flush();
  }

  /** The reports gathered in scratch, as a fresh array (or the shared empty one). */
  private flush(): readonly CallProgressReport[] {
    return this.scratch.length > 0 ? this.scratch.splice(0) : NOTHING;
  }

  /** The first sample at which a time-driven verdict can be reached in the current segment. */
  private nextDue(): number {
    const start = this.segment.startSample;
    if (this.segment.mask !== 0) {
      let due = Infinity;
      for (const c of this.continuous) if (c.mask === this.segment.mask) due = Math.min(due, start + c.afterMs * SAMPLES_PER_MS);
      if (this.segment.mask === this.ansMask) due = Math.min(due, start + 1000 * SAMPLES_PER_MS);
      return due;
    }
    let due = start + this.gapDueMs * SAMPLES_PER_MS;
    if (this.cls === TONE_RX_CLASS_ENERGY) due = Math.min(due, this.classStart + (this.voiceMs - this.energyMs) * SAMPLES_PER_MS);
    if (this.cls === 0) due = Math.min(due, this.classStart + this.silenceMs * SAMPLES_PER_MS);
    return due;
  }

  private check(atSample: number, out: CallProgressReport[]): void {
    const elapsedMs = (atSample - this.segment.startSample) / SAMPLES_PER_MS;
    if (this.segment.mask !== 0) {
      for (const c of this.continuous) {
        if (c.mask === this.segment.mask && elapsedMs >= c.afterMs) {
          this.report(c.kind, atSample, out);
          break;
        }
      }
      if (elapsedMs >= 200) this.energyMs = 0;
      this.checkAns(atSample, out);
      return;
    }
    if (this.matchCadence(atSample, elapsedMs, out)) return;
    const voice = this.energyMs + (this.cls === TONE_RX_CLASS_ENERGY ? (atSample - this.classStart) / SAMPLES_PER_MS : 0);
    if (voice >= this.voiceMs) this.report('voice', atSample, out);
    // A cadenced verdict survives its own long gaps (callWaiting's 10 s).
    const keep = this.longestOffMs.get(this.verdict ?? 'silence') ?? 0;
    const quietMs = (atSample - this.classStart) / SAMPLES_PER_MS;
    if (this.cls === 0 && quietMs >= this.silenceMs && elapsedMs > keep) this.report('silence', atSample, out);
  }

  private checkAns(atSample: number, out: CallProgressReport[]): void {
    if (this.ansMask === 0 || this.segment.mask !== this.ansMask) return;
    const r = this.reversals;
    for (let i = 1; i < r.length; i++) {
      const gapMs = ((r[i] ?? 0) - (r[i - 1] ?? 0)) / SAMPLES_PER_MS;
      if (Math.abs(gapMs - REVERSAL_MS) <= REVERSAL_TOLERANCE_MS) {
        this.report('ansPhaseReversal', atSample, out);
        return;
      }
    }
    const onMs = (atSample - this.segment.startSample) / SAMPLES_PER_MS;
    if (r.length === 0 && onMs >= 1000) this.report('ans', atSample, out);
  }

  private tolerance(expectedMs: number): number {
    return expectedMs * this.tolRel + this.tolMs;
  }

  /** Tries every cadenced pattern against the history (plus an off in progress of inProgressMs). */
  private matchCadence(atSample: number, inProgressMs: number | null, out: CallProgressReport[]): boolean {
    for (const p of this.patterns) {
      if (this.matches(p, inProgressMs)) {
        this.report(p.kind, atSample, out);
        return true;
      }
    }
    return false;
  }

  /**
   * Walks the history backwards from the newest segment, matching the
   * pattern backwards from each of its elements. A pattern matches when at
   * least `need` segments agree, every segment examined agrees, and the walk
   * ends at the start of listening, at an off longer than any of the
   * pattern's offs or a tone longer than its element (what came before the
   * tone), or after two cycles.
   */
  private matches(p: Pattern, inProgressMs: number | null): boolean {
    const m = p.elements.length;
    const maxOff = this.longestOffMs.get(p.kind) ?? 0;
    // A partial pattern (CNG's single burst) must end where its cycle starts.
    const from = p.need < m ? p.need - 1 : 0;
    const to = p.need < m ? p.need - 1 : m - 1;
    for (let r = from; r <= to; r++) {
      let k = r;
      let count = 0;
      let ok = true;
      if (inProgressMs !== null) {
        const e = p.elements[k];
        if (e === undefined || e.mask !== 0 || this.segment.cut || e.ms < 2000) continue;
        if (inProgressMs < e.ms - this.tolerance(e.ms)) continue;
        count = 1;
        k = (k + m - 1) % m;
      }
      for (let i = this.history.length - 1; i >= 0 && count < 2 * m; i--) {
        const seg = this.history[i];
        const e = p.elements[k];
        if (seg === undefined || e === undefined || seg.cut) break;
        const ms = seg.ms;
        // What came before the tone: a longer gap, or a longer tone (a ringback
        // burst running into busy). A shorter segment is a mismatch.
        if (count >= p.need && ms > e.ms + this.tolerance(e.ms) && (seg.mask !== 0 || ms > maxOff + this.tolerance(maxOff))) break;
        if (seg.mask !== e.mask || Math.abs(ms - e.ms) > this.tolerance(e.ms)) {
          ok = false;
          break;
        }
        count++;
        k = (k + m - 1) % m;
      }
      if (ok && count >= p.need) return true;
    }
    return false;
  }

  private report(kind: CallProgressKind, atSample: number, out: CallProgressReport[]): void {
    if (this.verdict === kind) return;
    this.verdict = kind;
    out.push({ kind, atSample });
  }
}
