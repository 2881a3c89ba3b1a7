// G.711 companding rules, one sample at a time.
//
// What it does: the A-law and μ-law encoders and decoders exactly as ITU-T
// G.711 defines them (§2 A-law, §3 μ-law, Tables 1a/1b and 2a/2b), on 16-bit
// linear samples, plus the transcoding procedure of G.711 Tables 3 and 4.
// The g711 kernel builds its lookup tables from these functions once
// (g711Init) and uses them for work that is not a multiple of the SIMD width.
//
// How:
//   A-law encode: sign from the input (non-negative sets bit 8), the
//   one's-complement magnitude for negatives, segment = position of the top
//   bit of magnitude|0xFF minus 7, four quantisation bits below it, then the
//   even bits inverted (XOR 0x55, the E1 line code).
//   μ-law encode: magnitude plus the bias 0x84, segment from the top bit, four
//   bits below it, every bit inverted for positive values (XOR 0xFF) and all
//   but the sign for negative ones (XOR 0x7F); inputs past the top segment
//   saturate to the largest code.
//   Decoders return the middle of the quantisation interval.
//   Transcoding (Tables 3 and 4) keeps the sign and maps the 7-bit magnitude
//   index. It equals "decode the magnitude, re-encode the magnitude" except
//   for the entries G.711 chose differently so that A → μ → A (and most of
//   μ → A → μ) round-trips: see alawToUlaw and ulawToAlaw.
//
// Limits: none; every 16-bit input and every octet is defined.

/** Idle (silence) octet of A-law on E1: +0 after even-bit inversion. */
export const ALAW_IDLE_OCTET: u8 = 0xd5;
/** Idle octet of μ-law: +0. */
export const ULAW_IDLE_OCTET: u8 = 0xff;

const ALAW_EVEN_BITS: i32 = 0x55;
const ULAW_BIAS: i32 = 0x84;

/** Position (0-based) of the highest set bit of v, v > 0. */
// @ts-ignore: decorator
@inline function topBit(v: i32): i32 {
  return 31 - clz<i32>(v);
}

/** A-law code of one 16-bit linear sample (G.711 §2, Table 1a/2a). */
export function alawEncode(linear: i32): u8 {
  let mask: i32 = ALAW_EVEN_BITS | 0x80;
  let m = linear;
  if (m < 0) {
    mask = ALAW_EVEN_BITS;
    m = -m - 1;
  }
  const seg = topBit(m | 0xff) - 7;
  const shift = seg == 0 ? 4 : seg + 3;
  return <u8>(((seg << 4) | ((m >> shift) & 0x0f)) ^ mask);
}

/** Linear value of one A-law code. */
export function alawDecode(code: u8): i16 {
  const c = <i32>code ^ ALAW_EVEN_BITS;
  const q = (c & 0x0f) << 4;
  const seg = (c >> 4) & 7;
  const mag = seg == 0 ? q + 8 : (q + 0x108) << (seg - 1);
  return <i16>((c & 0x80) != 0 ? mag : -mag);
}

/** μ-law code of one 16-bit linear sample (G.711 §3, Table 2b). */
export function ulawEncode(linear: i32): u8 {
  let mask: i32 = 0xff;
  let v = ULAW_BIAS + linear;
  if (linear < 0) {
    mask = 0x7f;
    v = ULAW_BIAS - linear;
  }
  const seg = topBit(v | 0xff) - 7;
  if (seg >= 8) return <u8>(0x7f ^ mask);
  return <u8>(((seg << 4) | ((v >> (seg + 3)) & 0x0f)) ^ mask);
}

/** Linear value of one μ-law code. */
export function ulawDecode(code: u8): i16 {
  const c = ~(<i32>code) & 0xff;
  const t = (((c & 0x0f) << 3) + ULAW_BIAS) << ((c >> 4) & 7);
  return <i16>((c & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS);
}

/**
 * A-law to μ-law, G.711 Table 4. Magnitude indices 80..95 (A-law segment 5)
 * map to the μ-law index of the same number, one step below what
 * re-encoding the decoded value would give.
 */
export function alawToUlaw(code: u8): u8 {
  const c = <i32>code ^ ALAW_EVEN_BITS;
  const negative = (c & 0x80) == 0;
  const index = c & 0x7f;
  const mag = <i32>alawDecode(<u8>((index | 0x80) ^ ALAW_EVEN_BITS));
  let uIndex = ~(<i32>ulawEncode(mag)) & 0x7f;
  if (index >= 80 && index <= 95) uIndex = index;
  return <u8>(negative ? ~uIndex & 0x7f : ~uIndex & 0xff);
}

/**
 * μ-law to A-law, G.711 Table 3. Magnitude indices 48, 49, 64 and 81..95 map
 * one A-law step above what re-encoding the decoded value would give
 * (48 → 45, 49 → 47, 64 → 63, n → n for 81..95).
 */
export function ulawToAlaw(code: u8): u8 {
  const c = ~(<i32>code) & 0xff;
  const negative = (c & 0x80) != 0;
  const index = c & 0x7f;
  const mag = <i32>ulawDecode(<u8>(~index & 0xff));
  let aIndex = <i32>(alawEncode(mag) ^ ALAW_EVEN_BITS) & 0x7f;
  if (index == 48) aIndex = 45;
  else if (index == 49) aIndex = 47;
  else if (index == 64) aIndex = 63;
  else if (index >= 81 && index <= 95) aIndex = index;
  return <u8>((negative ? aIndex : aIndex | 0x80) ^ ALAW_EVEN_BITS);
}
