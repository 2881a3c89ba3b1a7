// ToneRxBank: typed slot API of the toneRx kernel (wasm/kernels/tone-rx.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the toneRx kernel. */
export class ToneRxBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'toneRx', 'TONE_RX'));
  }
}
