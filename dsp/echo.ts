// EchoBank: typed slot API of the echo kernel (wasm/kernels/echo.ts).
// Placeholder until the kernel lands; see docs/dsp.md for the conventions.

import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Slots, parameters and the per-tick work list of the echo kernel. */
export class EchoBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'echo', 'ECHO'));
  }
}
