// EchoBank: typed slot API of the line echo canceller (wasm/kernels/echo.ts).
//
// What it does: opens canceller slots with a tail length and NLP / comfort
// noise choices, queues one work record [slot, rinPtr, sinPtr, soutPtr] per
// leg and tick, forces bypass per slot, and reads the per-slot results
// (ERLE estimate, double talk, converged, bypass, NLP) written by the last
// tick. Events (EV_ECHO_DISABLER_ON/OFF, EV_ECHO_PATH_CHANGE) arrive
// through the shared event ring (dsp/events.ts); `isEchoEvent` names them.
//
// Parameter block (i32 words): 0 tailMs, 1 nlp, 2 comfort noise, 3 bypass.
// Result block: see the kernel header; decoded by stats().

import { HotlineError } from '../engine/core/contracts/index.ts';
import type { DspCore } from './core.ts';
import { KernelBank, regionsOf } from './kernel-bank.ts';

/** Tail lengths the canceller supports (32, 64 or 128 ms = 256, 512, 1024 taps). */
export type EchoTailMs = 32 | 64 | 128;

/** Options of EchoBank.open. */
export interface EchoOptions {
  /** Echo path capacity; default 128 ms. */
  tailMs?: EchoTailMs;
  /** Non-linear processor; default on. */
  nlp?: boolean;
  /** Comfort noise while the NLP suppresses; default on. */
  comfortNoise?: boolean;
}

/** Why a canceller passes Sin through untouched. */
export type EchoBypass = 'none' | 'forced' | 'toneDisabler';

/** Per-slot results after the last tick. */
export interface EchoStats {
  /** Long-term estimate of the linear canceller's echo return loss enhancement, dB. */
  erleDb: number;
  /** Double talk detected in the last block. */
  doubleTalk: boolean;
  /** ERLE estimate above 18 dB (released below 12 dB). */
  converged: boolean;
  bypass: EchoBypass;
  /** The NLP was replacing the residual by comfort noise in the last block. */
  nlpActive: boolean;
  /** Estimated near-end background level (the comfort-noise level), dBm0. */
  backgroundDbm0: number;
  /** Echo-path changes detected since open or reset. */
  pathChanges: number;
  /**
   * The canceller is in its fast-convergence mode (after open, reset or an
   * echo-path change, until converged): it costs about twice as much then.
   */
  fastConvergence: boolean;
}

const BYPASS_NAMES: readonly EchoBypass[] = ['none', 'forced', 'toneDisabler'];

/** Slots, parameters and the per-tick work list of the echo kernel. */
export class EchoBank extends KernelBank {
  constructor(core: DspCore) {
    super(core, regionsOf(core, 'echo', 'ECHO'));
  }

  /** Opens one canceller; returns its slot. */
  open(options: EchoOptions = {}): number {
    const tailMs = options.tailMs ?? 128;
    if (tailMs !== 32 && tailMs !== 64 && tailMs !== 128) {
      throw new HotlineError('ERR_INVALID_ARG', `echo.open: tailMs: expected 32, 64 or 128, got ${String(tailMs)}`);
    }
    const slot = this.allocSlot();
    const p = this.paramsI32(slot);
    p[0] = tailMs;
    p[1] = options.nlp ?? true ? 1 : 0;
    p[2] = options.comfortNoise ?? true ? 1 : 0;
    p[3] = 0;
    this.applyParams(slot);
    return slot;
  }

  /** Queues one frame: rin = what we sent toward the line, sin = what came back, sout = cleaned. */
  queue(slot: number, rinPtr: number, sinPtr: number, soutPtr: number): void {
    this.push(slot, rinPtr, sinPtr, soutPtr);
  }

  /** Forces the canceller of a slot out of (true) or back into (false) the path. */
  setBypass(slot: number, bypass: boolean): void {
    this.checkSlot(slot);
    const p = this.paramsI32(slot);
    p[3] = bypass ? 1 : 0;
    this.applyParams(slot);
  }

  /** Results of the slot's last processed frame. */
  stats(slot: number): EchoStats {
    this.checkSlot(slot);
    const at = this.resultIndex(slot);
    const f32 = this.core.f32;
    const i32 = this.core.i32;
    return {
      erleDb: f32[at] ?? 0,
      doubleTalk: (i32[at + 1] ?? 0) !== 0,
      converged: (i32[at + 2] ?? 0) !== 0,
      bypass: BYPASS_NAMES[i32[at + 3] ?? 0] ?? 'none',
      nlpActive: (i32[at + 4] ?? 0) !== 0,
      backgroundDbm0: f32[at + 5] ?? 0,
      pathChanges: i32[at + 6] ?? 0,
      fastConvergence: (i32[at + 7] ?? 0) !== 0,
    };
  }
}

/** True for the event kinds of the echo kernel's range. */
export function isEchoEvent(kind: number, core: DspCore): boolean {
  return kind >= core.layout.EV_ECHO_BASE && kind < core.layout.EV_ECHO_BASE + 0x100;
}
