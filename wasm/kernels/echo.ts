// Kernel echo: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: echoInit (tables, once), echoReset(slot),
// echoConfigure(slot) (reads ECHO_PARAM_BASE + slot * ECHO_PARAM_BYTES) and
// echoTick(count) (processes count records from ECHO_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function echoInit(): void {}

/** Clears the state of one slot. */
export function echoReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function echoConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function echoTick(count: i32): void {}
