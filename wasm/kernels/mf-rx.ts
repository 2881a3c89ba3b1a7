// Kernel mfRx: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: mfRxInit (tables, once), mfRxReset(slot),
// mfRxConfigure(slot) (reads MF_RX_PARAM_BASE + slot * MF_RX_PARAM_BYTES) and
// mfRxTick(count) (processes count records from MF_RX_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function mfRxInit(): void {}

/** Clears the state of one slot. */
export function mfRxReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function mfRxConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function mfRxTick(count: i32): void {}
