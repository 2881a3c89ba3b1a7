// Plain TypeScript G.711: the test oracle and the bench baseline of the g711
// kernel (wasm/kernels/g711.ts).
//
// What it does: A-law and μ-law encoding and decoding of 16-bit linear
// samples, one sample at a time, written from the rules of ITU-T G.711
// (§2 A-law with even-bit inversion, §3 μ-law with bias 0x84, Tables 1/2), and
// the A-law ↔ μ-law transcoding of G.711 Tables 3 and 4.
//
// How: A-law finds the segment by walking the segment end points of the
// 13-bit magnitude (shared/reference/tones-and-dsp.md §3.1); μ-law adds the
// bias and walks the 14-bit segment end points. The kernel computes the
// segment differently (bit counting, SIMD compares), so agreement over all
// 65536 inputs is a real check. Transcoding keeps the sign and maps the
// 7-bit magnitude index by decode-then-encode, with the entries where G.711's
// tables differ listed explicitly (confirmed against spandsp's
// alaw_to_ulaw/ulaw_to_alaw, which implement the tables).
//
// Limits: slow by design (no tables, no batching).

/** The two G.711 laws. */
export type G711Law = 'alaw' | 'ulaw';

// Upper ends of the A-law segments on the 13-bit magnitude (§3.1 table).
const ALAW_SEGMENT_END = [31, 63, 127, 255, 511, 1023, 2047, 4095];
// Upper ends of the μ-law segments on the biased magnitude (in 16-bit units).
const ULAW_SEGMENT_END = [0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff, 0x3fff, 0x7fff];

/** A-law octet of one 16-bit sample. */
export function alawEncode(linear: number): number {
  const positive = linear >= 0;
  const magnitude = positive ? linear : -linear - 1;
  const m = magnitude >> 3;
  let seg = 0;
  while (m > (ALAW_SEGMENT_END[seg] ?? 4095)) seg++;
  const q = seg <= 1 ? (m >> 1) & 0x0f : (m >> seg) & 0x0f;
  return ((positive ? 0x80 : 0) | (seg << 4) | q) ^ 0x55;
}

/** Linear value of one A-law octet. */
export function alawDecode(octet: number): number {
  const c = (octet & 0xff) ^ 0x55;
  const seg = (c >> 4) & 7;
  const q = c & 0x0f;
  const magnitude = seg === 0 ? q * 16 + 8 : (q * 16 + 264) * 2 ** (seg - 1);
  return c & 0x80 ? magnitude : -magnitude;
}

/** μ-law octet of one 16-bit sample. */
export function ulawEncode(linear: number): number {
  const positive = linear >= 0;
  const v = 0x84 + Math.abs(linear);
  const mask = positive ? 0xff : 0x7f;
  if (v > 0x7fff) return 0x7f ^ mask;
  let seg = 0;
  while (v > (ULAW_SEGMENT_END[seg] ?? 0x7fff)) seg++;
  const q = Math.floor(v / 2 ** (seg + 3)) & 0x0f;
  return ((seg << 4) | q) ^ mask;
}

/** Linear value of one μ-law octet. */
export function ulawDecode(octet: number): number {
  const c = ~octet & 0xff;
  const seg = (c >> 4) & 7;
  const q = c & 0x0f;
  const t = (q * 8 + 0x84) * 2 ** seg;
  return c & 0x80 ? 0x84 - t : t - 0x84;
}

/** A-law magnitude indices whose G.711 Table 4 entry is the μ-law index of the same number. */
const A_TO_U_SAME_INDEX_FROM = 80;
const A_TO_U_SAME_INDEX_TO = 95;
/** μ-law magnitude index → A-law magnitude index where G.711 Table 3 departs from re-encoding. */
const U_TO_A_EXCEPTIONS: ReadonlyMap<number, number> = new Map([
  [48, 45],
  [49, 47],
  [64, 63],
  ...Array.from({ length: 15 }, (_, k): [number, number] => [81 + k, 81 + k]),
]);

/** A-law octet to μ-law octet (G.711 Table 4). */
export function alawToUlaw(octet: number): number {
  const c = (octet & 0xff) ^ 0x55;
  const index = c & 0x7f;
  const magnitude = alawDecode((index | 0x80) ^ 0x55);
  let u = ~ulawEncode(magnitude) & 0x7f;
  if (index >= A_TO_U_SAME_INDEX_FROM && index <= A_TO_U_SAME_INDEX_TO) u = index;
  return c & 0x80 ? ~u & 0xff : ~u & 0x7f;
}

/** μ-law octet to A-law octet (G.711 Table 3). */
export function ulawToAlaw(octet: number): number {
  const c = ~octet & 0xff;
  const index = c & 0x7f;
  const magnitude = ulawDecode(~index & 0xff);
  const a = U_TO_A_EXCEPTIONS.get(index) ?? (alawEncode(magnitude) ^ 0x55) & 0x7f;
  return (c & 0x80 ? a : a | 0x80) ^ 0x55;
}

/** Encodes a block (the bench baseline). */
export function encodeBlock(law: G711Law, pcm: ArrayLike<number>, out: Uint8Array): void {
  const f = law === 'alaw' ? alawEncode : ulawEncode;
  for (let i = 0; i < pcm.length; i++) out[i] = f(pcm[i] ?? 0);
}

/** Decodes a block (the bench baseline). */
export function decodeBlock(law: G711Law, octets: ArrayLike<number>, out: Int16Array): void {
  const f = law === 'alaw' ? alawDecode : ulawDecode;
  for (let i = 0; i < octets.length; i++) out[i] = f(octets[i] ?? 0);
}
