// MfRxBank: typed slot API of the mfRx kernel (wasm/kernels/mf-rx.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the mfRx kernel. */
export class MfRxBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'mfRx', 'MF_RX'));
  }
}
