// Kernel toneRx: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: toneRxInit (tables, once), toneRxReset(slot),
// toneRxConfigure(slot) (reads TONE_RX_PARAM_BASE + slot * TONE_RX_PARAM_BYTES) and
// toneRxTick(count) (processes count records from TONE_RX_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function toneRxInit(): void {}

/** Clears the state of one slot. */
export function toneRxReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function toneRxConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function toneRxTick(count: i32): void {}
