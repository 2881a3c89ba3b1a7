// DtmfRxBank: typed slot API of the dtmfRx kernel (wasm/kernels/dtmf-rx.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the dtmfRx kernel. */
export class DtmfRxBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'dtmfRx', 'DTMF_RX'));
  }
}
