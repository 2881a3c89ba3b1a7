// DtmfTxBank: typed slot API of the dtmfTx kernel (wasm/kernels/dtmf-tx.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the dtmfTx kernel. */
export class DtmfTxBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'dtmfTx', 'DTMF_TX'));
  }
}
