// G711Bank: typed slot API of the g711 kernel (wasm/kernels/g711.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the g711 kernel. */
export class G711Bank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'g711', 'G711'));
  }
}
