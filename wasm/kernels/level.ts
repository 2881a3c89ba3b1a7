// Kernel level: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: levelInit (tables, once), levelReset(slot),
// levelConfigure(slot) (reads LEVEL_PARAM_BASE + slot * LEVEL_PARAM_BYTES) and
// levelTick(count) (processes count records from LEVEL_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function levelInit(): void {}

/** Clears the state of one slot. */
export function levelReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function levelConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function levelTick(count: i32): void {}
