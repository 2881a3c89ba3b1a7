// ToneTxBank: typed slot API of the toneTx kernel (wasm/kernels/tone-tx.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the toneTx kernel. */
export class ToneTxBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'toneTx', 'TONE_TX'));
  }
}
