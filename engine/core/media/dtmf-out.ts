// In-band DTMF out as tone-generator segments.
//
// What it does: turns a digit string into a ToneSpec for the tone generator:
// for each digit a segment of its two Q.23 frequencies (row and column) for
// onMs, then a silent segment for offMs; non-repeating. A string longer than
// one spec can hold (the generator's segment limit) is sent in chunks, the
// next chunk started when the generator reports the previous one done.
//
// Spec: ITU-T Q.23 §2 (frequencies: low group 697/770/852/941 Hz, high group
// 1209/1336/1477/1633 Hz); Q.24 acceptance (40 ms minimum tone, 40 ms pause)
// is what the defaults (100 ms / 100 ms, -10 dBm0 per frequency, as openr2
// and most PBXs send) comfortably meet.
// Limits: 15 digits per chunk (31 segments).

import type { ToneSpec } from './media-dsp.ts';

/** Digits in detector index order (row * 4 + column). */
export const DTMF_DIGITS = '123A456B789C*0#D';
const ROWS_HZ = [697, 770, 852, 941] as const;
const COLS_HZ = [1209, 1336, 1477, 1633] as const;
/** Digits per tone spec (two segments each, within the generator's 31). */
export const DTMF_DIGITS_PER_CHUNK = 15;

/** The Q.23 frequency pair of a digit, or undefined. */
export function dtmfFrequencies(digit: string): readonly [number, number] | undefined {
  const i = DTMF_DIGITS.indexOf(digit.toUpperCase());
  if (i < 0 || digit.length !== 1) return undefined;
  return [ROWS_HZ[i >> 2]!, COLS_HZ[i & 3]!];
}

/** The next chunk of digits as a tone spec, and how many digits it used. */
export function dtmfToneChunk(digits: string, o: { onMs: number; offMs: number; levelDbm0: number }): { spec: ToneSpec; used: number } {
  const segments: { freqsHz: readonly number[]; levelDbm0: number; durationMs: number }[] = [];
  let used = 0;
  for (const d of digits) {
    if (used >= DTMF_DIGITS_PER_CHUNK) break;
    used++;
    const f = dtmfFrequencies(d);
    if (!f) continue;
    segments.push({ freqsHz: f, levelDbm0: o.levelDbm0, durationMs: o.onMs });
    segments.push({ freqsHz: [], levelDbm0: 0, durationMs: o.offMs });
  }
  if (segments.length === 0) segments.push({ freqsHz: [], levelDbm0: 0, durationMs: 20 });
  return { spec: { name: 'dtmf', repeat: false, segments }, used };
}
