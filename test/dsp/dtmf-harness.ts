// Test harness for the DTMF kernels: drives many detector slots at once,
// frame by frame, exactly as the engine's media tick does (one frame per
// slot per tick, one run() per tick, events decoded after the tick).
//
// Signals of different lengths are padded with silence, and every channel
// gets DTMF_TAIL_SAMPLES of silence at the end so that digits still in
// progress are ended. Used by test/dsp/dtmf*.test.ts only.

import { Dsp, type DtmfDigit, type DtmfRxOptions } from '../../dsp/index.ts';
import { DTMF_ROW_HZ, DTMF_COL_HZ, DTMF_DIGITS } from '../../dsp/reference/dtmf.ts';
import { tone, type Component } from '../support/signals.ts';

/** Silence appended to every channel (400 ms), longer than the end delay. */
export const DTMF_TAIL_SAMPLES = 3200;

/** Runs each signal on its own slot of dsp.dtmfRx, all in lockstep; returns digits per channel. */
export function detect(dsp: Dsp, signals: readonly Int16Array[], options: DtmfRxOptions = {}): DtmfDigit[][] {
  const bank = dsp.dtmfRx;
  const slots = signals.map(() => bank.open(options));
  const frames = signals.map(() => dsp.frames.alloc());
  const longest = Math.max(0, ...signals.map((s) => s.length)) + DTMF_TAIL_SAMPLES;
  const out: DtmfDigit[][] = signals.map(() => []);
  try {
    for (let at = 0; at < longest; at += 160) {
      for (let i = 0; i < signals.length; i++) {
        const f = frames[i]!;
        const s = signals[i]!;
        f.pcm.fill(0);
        if (at < s.length) f.pcm.set(s.subarray(at, Math.min(s.length, at + 160)));
        bank.queue(slots[i]!, f.ptr);
      }
      bank.run();
      bank.takeEvents(dsp.events);
    }
    slots.forEach((slot, i) => out[i]!.push(...bank.takeDigits(slot)));
  } finally {
    slots.forEach((slot) => bank.close(slot));
    frames.forEach((f) => dsp.frames.release(f));
  }
  return out;
}

/** Float samples of digit d (0..15) with per-group levels and frequency factors. */
export function digitTone(
  d: number,
  samples: number,
  options: { lowDbm0?: number; highDbm0?: number; rowFactor?: number; colFactor?: number; phase?: number } = {},
): Float64Array {
  const parts: Component[] = [
    { freqHz: (DTMF_ROW_HZ[d >> 2] ?? 0) * (options.rowFactor ?? 1), levelDbm0: options.lowDbm0 ?? -10, phaseRad: options.phase ?? 0.4 },
    { freqHz: (DTMF_COL_HZ[d & 3] ?? 0) * (options.colFactor ?? 1), levelDbm0: options.highDbm0 ?? -10, phaseRad: (options.phase ?? 0.4) * 2.3 + 1 },
  ];
  return tone(parts, samples);
}

/** The digit character of index d. */
export function digitChar(d: number): string {
  return DTMF_DIGITS[d] ?? '?';
}

/** Joins the digits of one channel ("159#"). */
export function digitString(ds: readonly DtmfDigit[]): string {
  return ds.map((d) => d.digit).join('');
}
