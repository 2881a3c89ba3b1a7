// Synthetic talk-off corpus: speech-like utterances, music-like chords and
// whistles, generated from a seed, for testing that tone detectors (DTMF,
// MFC/R2) do not fire on voice and music.
//
// API (read-only for other suites):
//   speechCorpus({ seed, seconds, kinds? }) -> Int16Array[]   utterances at 8 kHz
//   corpusSeconds(utterances) -> total length in seconds
// The same seed and options always give the same samples.
//
// How an utterance is built (docs/dsp/dtmf.md, "Talk-off corpus"):
//   speech  a formant synthesiser. Source: a glottal pulse train (Rosenberg
//           shape, 40% opening, 16% closing) whose pitch follows a phrase
//           contour (declination plus random accents) around a speaker's
//           base pitch: male 80-150 Hz, female 150-250 Hz, child 230-300 Hz,
//           with 1-2% cycle-to-cycle jitter and shimmer. Tract: five
//           cascaded two-pole resonators; F1-F3 glide between vowel targets
//           (10 vowels, scaled by speaker: 1.0 / 1.15 / 1.3), F4 and F5
//           fixed. Syllables of 120-320 ms with a raised-cosine envelope,
//           fricative noise bursts (white noise through a 2.5-5 kHz
//           resonator) at some syllable edges, words of 1-4 syllables,
//           pauses of 50-600 ms. Level -30 to -12 dBm0 per utterance.
//   music   chords of 2-4 equal-tempered notes (A4 = 440 Hz, C3..C7), each a
//           harmonic series (4-8 partials, 1/k^r roll-off, r random), with
//           attack-decay-sustain-release envelopes, 200-1500 ms per chord.
//   whistle a sine at 600-2600 Hz with 4-7 Hz vibrato (0.5-3%) and slow glides,
//           a weak second harmonic, in phrases of 150-900 ms notes.
// Limits: synthetic; it has no real voice's aperiodic detail, so measured
// talk-off rates compare detectors but do not predict a field rate.

import { DBM0_PEAK, prng } from './signals.ts';

/** What speechCorpus generates. */
export type CorpusKind = 'speech' | 'music' | 'whistle';

/** Options of speechCorpus. */
export interface SpeechCorpusOptions {
  /** Seed of the PRNG; the same seed gives the same corpus. */
  seed: number;
  /** Total length to generate, seconds (rounded up to whole utterances). */
  seconds: number;
  /** Kinds to mix; default all three, weighted 70% speech, 20% music, 10% whistle. */
  kinds?: CorpusKind[];
}

const RATE = 8000;

// Vowel targets F1, F2, F3 (Hz) for an adult male voice.
const VOWELS: readonly (readonly [number, number, number])[] = [
  [730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240], [530, 1840, 2480], [570, 840, 2410],
  [660, 1720, 2410], [520, 1190, 2390], [440, 1020, 2240], [490, 1350, 1690], [390, 1990, 2550],
];

/** Generates the corpus: a list of utterances of 16-bit linear samples at 8 kHz. */
export function speechCorpus(options: SpeechCorpusOptions): Int16Array[] {
  const rnd = prng(options.seed);
  const kinds = options.kinds ?? ['speech', 'music', 'whistle'];
  const out: Int16Array[] = [];
  let total = 0;
  while (total < options.seconds * RATE) {
    const kind = pickKind(rnd, kinds);
    const seconds = 2 + rnd() * 4;
    const x = kind === 'speech' ? speech(rnd, seconds) : kind === 'music' ? music(rnd, seconds) : whistle(rnd, seconds);
    const levelDbm0 = -30 + rnd() * 18;
    out.push(normalise(x, levelDbm0));
    total += x.length;
  }
  return out;
}

/** Total length of utterances in seconds. */
export function corpusSeconds(utterances: readonly Int16Array[]): number {
  return utterances.reduce((s, u) => s + u.length, 0) / RATE;
}

function pickKind(rnd: () => number, kinds: CorpusKind[]): CorpusKind {
  const weight = (k: CorpusKind): number => (k === 'speech' ? 7 : k === 'music' ? 2 : 1);
  const sum = kinds.reduce((s, k) => s + weight(k), 0);
  let r = rnd() * sum;
  for (const k of kinds) {
    r -= weight(k);
    if (r <= 0) return k;
  }
  return kinds[0] ?? 'speech';
}

// Scales to an active level (RMS over samples above -50 dB of the peak) and rounds.
function normalise(x: Float64Array, levelDbm0: number): Int16Array {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  let e = 0;
  let n = 0;
  for (const v of x) {
    if (Math.abs(v) > peak * 0.003) {
      e += v * v;
      n++;
    }
  }
  const rms = Math.sqrt(e / Math.max(1, n));
  const gain = rms > 0 ? ((DBM0_PEAK / Math.SQRT2) * Math.pow(10, levelDbm0 / 20)) / rms : 0;
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round((x[i] ?? 0) * gain)));
  return out;
}

/** Two-pole resonator with unity gain at its centre, retunable per sample. */
class Resonator {
  private y1 = 0;
  private y2 = 0;
  step(x: number, freqHz: number, bandwidthHz: number): number {
    const r = Math.exp((-Math.PI * bandwidthHz) / RATE);
    const a1 = 2 * r * Math.cos((2 * Math.PI * freqHz) / RATE);
    const a2 = -r * r;
    const g = 1 - a1 - a2;
    const y = g * x + a1 * this.y1 + a2 * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

function speech(rnd: () => number, seconds: number): Float64Array {
  const n = Math.round(seconds * RATE);
  const out = new Float64Array(n);
  const speaker = rnd();
  const [f0lo, f0hi, scale] = speaker < 0.4 ? [80, 150, 1] : speaker < 0.8 ? [150, 250, 1.15] : [230, 300, 1.3];
  const base = f0lo + rnd() * (f0hi - f0lo);
  const tract = [new Resonator(), new Resonator(), new Resonator(), new Resonator(), new Resonator()];
  const fric = new Resonator();
  const noise = (): number => rnd() * 2 - 1;
  let at = Math.round(rnd() * 0.3 * RATE);
  let phase = 0;
  let period = RATE / base;
  let amp = 1;
  let vowel: readonly [number, number, number] = VOWELS[Math.floor(rnd() * VOWELS.length)] ?? [500, 1500, 2500];
  while (at < n) {
    const syllables = 1 + Math.floor(rnd() * 4);
    for (let s = 0; s < syllables && at < n; s++) {
      const len = Math.round((0.12 + rnd() * 0.2) * RATE);
      const next = VOWELS[Math.floor(rnd() * VOWELS.length)] ?? vowel;
      const accent = 1 + (rnd() - 0.5) * 0.3;
      const fricBefore = rnd() < 0.35 ? Math.round((0.03 + rnd() * 0.08) * RATE) : 0;
      const fricHz = 2500 + rnd() * 2500;
      for (let i = 0; i < fricBefore && at < n; i++, at++) {
        const env = Math.sin((Math.PI * i) / fricBefore);
        out[at] = 0.25 * env * fric.step(noise(), fricHz, 1200);
      }
      for (let i = 0; i < len && at < n; i++, at++) {
        const t = i / len;
        const f1 = (vowel[0] * (1 - t) + next[0] * t) * scale;
        const f2 = (vowel[1] * (1 - t) + next[1] * t) * scale;
        const f3 = (vowel[2] * (1 - t) + next[2] * t) * scale;
        phase += 1;
        if (phase >= period) {
          phase -= period;
          const contour = 1 - 0.15 * (at / n) + 0.1 * Math.sin((2 * Math.PI * at) / (RATE * 0.9));
          const f0 = base * contour * accent * (1 + (rnd() - 0.5) * 0.03);
          period = RATE / Math.max(60, f0);
          amp = 1 + (rnd() - 0.5) * 0.1;
        }
        const g = glottal(phase / period) * amp + 0.02 * noise();
        let y = g;
        y = tract[0]!.step(y, f1, 60 + 20 * scale);
        y = tract[1]!.step(y, f2, 90 + 30 * scale);
        y = tract[2]!.step(y, f3, 150);
        y = tract[3]!.step(y, 3300 * scale > 3800 ? 3800 : 3300 * scale, 250);
        y = tract[4]!.step(y, 3750, 300);
        const env = 0.5 - 0.5 * Math.cos(2 * Math.PI * Math.min(1, t * 1.0));
        out[at] = (out[at] ?? 0) + y * env * 4;
      }
      vowel = next;
    }
    at += Math.round((0.05 + rnd() * 0.55) * RATE);
  }
  return out;
}

// Rosenberg glottal pulse over one period (t in [0, 1)), differentiated
// for lip radiation.
function glottal(t: number): number {
  const open = 0.4;
  const close = 0.16;
  if (t < open) return Math.sin((Math.PI * t) / open) * 0.5 * Math.PI / open;
  if (t < open + close) return -Math.sin((Math.PI * (t - open)) / (2 * close)) * (Math.PI / (2 * close));
  return 0;
}

function music(rnd: () => number, seconds: number): Float64Array {
  const n = Math.round(seconds * RATE);
  const out = new Float64Array(n);
  let at = 0;
  while (at < n) {
    const len = Math.round((0.2 + rnd() * 1.3) * RATE);
    const notes = 2 + Math.floor(rnd() * 3);
    const rolloff = 0.7 + rnd() * 1.3;
    const partials = 4 + Math.floor(rnd() * 5);
    for (let k = 0; k < notes; k++) {
      const semitone = -21 + Math.floor(rnd() * 49); // C3 .. C7 around A4
      const f = 440 * Math.pow(2, semitone / 12);
      const ph = rnd() * 2 * Math.PI;
      for (let h = 1; h <= partials && f * h < 3900; h++) {
        const a = 1 / Math.pow(h, rolloff);
        const w = (2 * Math.PI * f * h) / RATE;
        for (let i = 0; i < len && at + i < n; i++) {
          out[at + i] = (out[at + i] ?? 0) + a * adsr(i, len) * Math.sin(w * i + ph * h);
        }
      }
    }
    at += len + Math.round(rnd() * 0.2 * RATE);
  }
  return out;
}

function adsr(i: number, len: number): number {
  const attack = Math.min(400, len * 0.1);
  const release = Math.min(800, len * 0.3);
  if (i < attack) return i / attack;
  if (i < attack + 400) return 1 - (0.3 * (i - attack)) / 400;
  if (i > len - release) return 0.7 * Math.max(0, (len - i) / release);
  return 0.7;
}

function whistle(rnd: () => number, seconds: number): Float64Array {
  const n = Math.round(seconds * RATE);
  const out = new Float64Array(n);
  let at = 0;
  let phase = 0;
  while (at < n) {
    const len = Math.round((0.15 + rnd() * 0.75) * RATE);
    const f0 = 600 + rnd() * 2000;
    const f1 = f0 * (1 + (rnd() - 0.5) * 0.2);
    const vibHz = 4 + rnd() * 3;
    const vibDepth = 0.005 + rnd() * 0.025;
    for (let i = 0; i < len && at < n; i++, at++) {
      const t = i / len;
      const f = (f0 * (1 - t) + f1 * t) * (1 + vibDepth * Math.sin((2 * Math.PI * vibHz * i) / RATE));
      phase += (2 * Math.PI * f) / RATE;
      const env = Math.min(1, i / 200, (len - i) / 200);
      out[at] = env * (Math.sin(phase) + 0.08 * Math.sin(2 * phase));
    }
    at += Math.round(rnd() * 0.3 * RATE);
  }
  return out;
}
