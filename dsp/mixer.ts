// MixerBank: typed slot API of the mixer kernel (wasm/kernels/mixer.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the mixer kernel. */
export class MixerBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'mixer', 'MIXER'));
  }
}
