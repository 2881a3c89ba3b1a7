// DspCore: one instance of the Hotline DSP module and the typed views over
// its fixed memory.
//
// What it does: picks a build (simd, scalar or checked), instantiates it
// once, runs dspInit, and creates the typed-array views every kernel bank
// shares. Memory never grows (initial == maximum pages), so the views stay
// valid for the life of the instance.
//
// Variant choice: options.variant, else the HOTLINE_DSP_VARIANT environment
// variable, else `simd` when the engine supports WASM SIMD, else `scalar`.

import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HotlineError } from '../engine/core/contracts/index.ts';
import * as L from './layout.generated.ts';

/** The three builds of wasm/index.ts. */
export type DspVariant = 'simd' | 'scalar' | 'checked';

/** Options of DspCore.load. */
export interface DspLoadOptions {
  variant?: DspVariant;
}

type Fn = (...args: number[]) => number;

/** Low-level handle on the module: exports, memory and views. */
export class DspCore {
  readonly variant: DspVariant;
  readonly memory: WebAssembly.Memory;
  readonly u8: Uint8Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly layout = L;
  private readonly fns: Record<string, Fn>;

  private constructor(variant: DspVariant, instance: WebAssembly.Instance) {
    this.variant = variant;
    const memory = instance.exports['memory'];
    if (!(memory instanceof WebAssembly.Memory)) throw new HotlineError('ERR_DSP', 'dsp module exports no memory');
    this.memory = memory;
    const buf = memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.i16 = new Int16Array(buf);
    this.i32 = new Int32Array(buf);
    this.u32 = new Uint32Array(buf);
    this.f32 = new Float32Array(buf);
    this.fns = {};
    for (const [k, v] of Object.entries(instance.exports)) if (typeof v === 'function') this.fns[k] = v as Fn;
  }

  /** Loads and initialises one instance (synchronous; the module is small). */
  static load(options: DspLoadOptions = {}): DspCore {
    const variant = options.variant ?? envVariant() ?? (simdSupported() ? 'simd' : 'scalar');
    const file = wasmPath(variant);
    if (!existsSync(file)) {
      throw new HotlineError('ERR_DSP', `dsp module ${variant} not built (run npm run build:wasm)`);
    }
    const mod = new WebAssembly.Module(readFileSync(file));
    const instance = new WebAssembly.Instance(mod, {
      env: {
        abort(_msg: number, _file: number, line: number, col: number) {
          throw new HotlineError('ERR_DSP', `dsp module aborted at line ${line}:${col}`);
        },
      },
    });
    const core = new DspCore(variant, instance);
    const rc = core.call('dspInit');
    if (rc !== 0) throw new HotlineError('ERR_DSP', `dspInit failed with ${rc} (layout does not fit the module)`);
    return core;
  }

  /** Calls an export by name; throws ERR_DSP if the module lacks it. */
  call(name: string, ...args: number[]): number {
    const fn = this.fns[name];
    if (fn === undefined) throw new HotlineError('ERR_DSP', `dsp module has no export ${name}`);
    return fn(...args);
  }

  /** Returns an export as a function, for hot paths that call it every tick. */
  fn(name: string): Fn {
    const fn = this.fns[name];
    if (fn === undefined) throw new HotlineError('ERR_DSP', `dsp module has no export ${name}`);
    return fn;
  }

  /** Size of the module's memory in bytes (constant). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }
}

function envVariant(): DspVariant | undefined {
  const v = process.env['HOTLINE_DSP_VARIANT'];
  if (v === undefined || v === '') return undefined;
  if (v === 'simd' || v === 'scalar' || v === 'checked') return v;
  throw new HotlineError('ERR_INVALID_ARG', `HOTLINE_DSP_VARIANT: expected simd, scalar or checked, got ${JSON.stringify(v)}`);
}

function wasmPath(variant: DspVariant): string {
  return fileURLToPath(new URL(`../build/wasm/${variant}.wasm`, import.meta.url));
}

// A minimal module with one v128 instruction: validates only where SIMD is on.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
]);

function simdSupported(): boolean {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
