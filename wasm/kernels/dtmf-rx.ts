// Kernel dtmfRx: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: dtmfRxInit (tables, once), dtmfRxReset(slot),
// dtmfRxConfigure(slot) (reads DTMF_RX_PARAM_BASE + slot * DTMF_RX_PARAM_BYTES) and
// dtmfRxTick(count) (processes count records from DTMF_RX_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function dtmfRxInit(): void {}

/** Clears the state of one slot. */
export function dtmfRxReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function dtmfRxConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function dtmfRxTick(count: i32): void {}
