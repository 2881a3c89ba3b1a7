// Entry point of the Hotline DSP module: re-exports the memory map, the
// event kinds and every kernel, and runs one-time initialisation.
//
// The module is built three times from this source by wasm/build.mjs:
// `simd` (ASC_FEATURE_SIMD on), `scalar`, and `checked` (scalar, assertions
// on, --uncheckedBehavior never) which the tests also run. Nothing here
// allocates: --runtime stub, and every buffer is a region of layout.ts.

import { LAYOUT_BASE, LAYOUT_END, MEMORY_PAGES } from "./layout";
import { g711Init } from "./kernels/g711";
import { dtmfRxInit } from "./kernels/dtmf-rx";
import { dtmfTxInit } from "./kernels/dtmf-tx";
import { mfRxInit } from "./kernels/mf-rx";
import { mfTxInit } from "./kernels/mf-tx";
import { toneTxInit } from "./kernels/tone-tx";
import { toneRxInit } from "./kernels/tone-rx";
import { echoInit } from "./kernels/echo";
import { mixerInit } from "./kernels/mixer";
import { levelInit } from "./kernels/level";

export * from "./layout";
export * from "./lib/event-kinds";
export * from "./kernels/g711";
export * from "./kernels/dtmf-rx";
export * from "./kernels/dtmf-tx";
export * from "./kernels/mf-rx";
export * from "./kernels/mf-tx";
export * from "./kernels/tone-tx";
export * from "./kernels/tone-rx";
export * from "./kernels/echo";
export * from "./kernels/mixer";
export * from "./kernels/level";

/** 1 when this build uses WASM SIMD, 0 for the scalar build. */
export const DSP_SIMD: i32 = ASC_FEATURE_SIMD ? 1 : 0;

/**
 * Checks the memory map against the module and fills the shared tables.
 * Returns 0 on success, or a negative code: -1 static data overlaps the
 * layout, -2 the layout does not fit in memory.
 */
export function dspInit(): i32 {
  if (<i32>__heap_base > LAYOUT_BASE) return -1;
  if (<i64>LAYOUT_END > <i64>memory.size() * 65536 || memory.size() != MEMORY_PAGES) return -2;
  g711Init();
  dtmfRxInit();
  dtmfTxInit();
  mfRxInit();
  mfTxInit();
  toneTxInit();
  toneRxInit();
  echoInit();
  mixerInit();
  levelInit();
  return 0;
}
