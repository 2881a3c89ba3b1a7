// Kernel dtmfTx: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: dtmfTxInit (tables, once), dtmfTxReset(slot),
// dtmfTxConfigure(slot) (reads DTMF_TX_PARAM_BASE + slot * DTMF_TX_PARAM_BYTES) and
// dtmfTxTick(count) (processes count records from DTMF_TX_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function dtmfTxInit(): void {}

/** Clears the state of one slot. */
export function dtmfTxReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function dtmfTxConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function dtmfTxTick(count: i32): void {}
