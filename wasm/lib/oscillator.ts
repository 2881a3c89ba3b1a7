// Sine oscillator shared by the tone generators.
//
// What it does: a sine of any frequency from a 32-bit phase accumulator
// (one turn = 2^32, so the frequency step is 8000 / 2^32 Hz and the phase
// never drifts), read from a 1024-entry table with linear interpolation.
//
// How: the table lives at SINE_TABLE_BASE (owned by this file): 1025 f32
// values sin(2π i / 1024), i = 0..1024 (the last repeats the first so the
// interpolation never wraps). The top 10 bits of the phase pick the entry,
// the next 22 bits interpolate. Worst-case error is about 5e-6 of full
// scale (−106 dB), far below the 16-bit LSB at telephony levels.
//
// Use: call oscillatorInit() from the kernel's Init (idempotent), then
// sineAt(phase). phaseIncrement(hz) is what TS computes for the params.
//
// Limits: frequencies 0..4000 Hz (above Nyquist aliases, as it must).

import { SINE_TABLE_BASE } from "../layout";

/** Entries of the sine table (a power of two). */
export const SINE_TABLE_ENTRIES: i32 = 1024;
const INDEX_SHIFT: i32 = 22; // 32 - log2(SINE_TABLE_ENTRIES)
const FRAC_SCALE: f32 = 1.0 / <f32>(1 << INDEX_SHIFT);

/** Fills the table once; later calls do nothing (entry 256, sin(π/2), is 1 once filled). */
export function oscillatorInit(): void {
  if (load<f32>(SINE_TABLE_BASE + 4 * (SINE_TABLE_ENTRIES >> 2)) == 1.0) return;
  for (let i = 0; i <= SINE_TABLE_ENTRIES; i++) {
    const v = Math.sin((2.0 * Math.PI * <f64>i) / <f64>SINE_TABLE_ENTRIES);
    store<f32>(SINE_TABLE_BASE + (i << 2), <f32>v);
  }
}

/** sin(2π phase / 2^32). */
// @ts-ignore: decorator
@inline export function sineAt(phase: u32): f32 {
  const at = SINE_TABLE_BASE + <i32>((phase >> INDEX_SHIFT) << 2);
  const a = load<f32>(at);
  const b = load<f32>(at, 4);
  return a + (b - a) * (<f32>(phase & ((1 << INDEX_SHIFT) - 1)) * FRAC_SCALE);
}
