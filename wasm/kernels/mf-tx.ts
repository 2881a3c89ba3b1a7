// Kernel mfTx: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: mfTxInit (tables, once), mfTxReset(slot),
// mfTxConfigure(slot) (reads MF_TX_PARAM_BASE + slot * MF_TX_PARAM_BYTES) and
// mfTxTick(count) (processes count records from MF_TX_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function mfTxInit(): void {}

/** Clears the state of one slot. */
export function mfTxReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function mfTxConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function mfTxTick(count: i32): void {}
