// G.711 expansion (A-law and μ-law octets to 16-bit linear) for prompt files.
//
// How: ITU-T G.711 (11/88) Tables 1a/1b (μ-law) and 2a/2b (A-law): each
// octet is sign, 3-bit segment and 4-bit step; A-law octets are transmitted
// with even bits inverted (XOR 0x55), μ-law octets with all bits inverted.
// The decision value is the middle of the step, scaled to 16 bits (A-law
// x8 of its 13-bit range, μ-law x4 of its 14-bit range), the usual
// convention. The two 256-entry tables are constants built at module load.
//
// Limits: decoding only; the engine's encoder is the DSP core's G.711 kernel.

function alaw(octet: number): number {
  const a = octet ^ 0x55;
  const segment = (a >> 4) & 7;
  const step = a & 0x0f;
  const magnitude = segment === 0 ? (step << 4) + 8 : ((step << 4) + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

function ulaw(octet: number): number {
  const u = ~octet & 0xff;
  const segment = (u >> 4) & 7;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << segment) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

/** Linear value of every A-law octet (G.711 Table 2). */
export const ALAW_TO_LINEAR: Int16Array = Int16Array.from({ length: 256 }, (_, i) => alaw(i));
/** Linear value of every μ-law octet (G.711 Table 1). */
export const ULAW_TO_LINEAR: Int16Array = Int16Array.from({ length: 256 }, (_, i) => ulaw(i));
