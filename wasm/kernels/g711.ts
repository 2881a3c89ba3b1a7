// Kernel g711: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: g711Init (tables, once), g711Reset(slot),
// g711Configure(slot) (reads G711_PARAM_BASE + slot * G711_PARAM_BYTES) and
// g711Tick(count) (processes count records from G711_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function g711Init(): void {}

/** Clears the state of one slot. */
export function g711Reset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function g711Configure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function g711Tick(count: i32): void {}
