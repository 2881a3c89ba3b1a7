// LevelBank: typed slot API of the level kernel (wasm/kernels/level.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the level kernel. */
export class LevelBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'level', 'LEVEL'));
  }
}
