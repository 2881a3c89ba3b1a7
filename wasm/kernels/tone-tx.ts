// Kernel toneTx: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: toneTxInit (tables, once), toneTxReset(slot),
// toneTxConfigure(slot) (reads TONE_TX_PARAM_BASE + slot * TONE_TX_PARAM_BYTES) and
// toneTxTick(count) (processes count records from TONE_TX_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function toneTxInit(): void {}

/** Clears the state of one slot. */
export function toneTxReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function toneTxConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function toneTxTick(count: i32): void {}
