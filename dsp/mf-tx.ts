// MfTxBank: typed slot API of the mfTx kernel (wasm/kernels/mf-tx.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the mfTx kernel. */
export class MfTxBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'mfTx', 'MF_TX'));
  }
}
