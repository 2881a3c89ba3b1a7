// Tone measurement for engine tests: level of one frequency in linear audio
// (single-bin DFT), and DTMF line audio from exact tone pairs.

import { DBM0_PEAK, concat, silence, tone, ms } from '../../../support/signals.ts';
import { dtmfFrequencies } from '../../../../engine/core/index.ts';

/** Level in dBm0 of the sine component at freqHz in pcm[from, to). */
export function toneDbm0(pcm: ArrayLike<number>, freqHz: number, from = 0, to = pcm.length): number {
  const w = (2 * Math.PI * freqHz) / 8000;
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    const x = pcm[i] ?? 0;
    re += x * Math.cos(w * i);
    im -= x * Math.sin(w * i);
  }
  const n = Math.max(1, to - from);
  const amp = (2 * Math.sqrt(re * re + im * im)) / n;
  return 20 * Math.log10(Math.max(amp, 1e-9) / DBM0_PEAK);
}

/** Float samples of DTMF digits (Q.23 pairs at levelDbm0 each), onMs/offMs. */
export function dtmfSamples(digits: string, onMs = 80, offMs = 80, levelDbm0 = -10): Float64Array {
  const parts: Float64Array[] = [];
  for (const d of digits) {
    const f = dtmfFrequencies(d);
    if (!f) throw new Error(`not a DTMF digit: ${d}`);
    parts.push(tone([{ freqHz: f[0], levelDbm0 }, { freqHz: f[1], levelDbm0 }], ms(onMs)), silence(ms(offMs)));
  }
  return concat(...parts);
}
