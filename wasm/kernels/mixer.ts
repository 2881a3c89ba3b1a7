// Kernel mixer: placeholder until its implementation lands (see docs/dsp.md).
// Exports follow the house convention: mixerInit (tables, once), mixerReset(slot),
// mixerConfigure(slot) (reads MIXER_PARAM_BASE + slot * MIXER_PARAM_BYTES) and
// mixerTick(count) (processes count records from MIXER_WORK_BASE).

/** One-time table setup, called by dspInit. */
export function mixerInit(): void {}

/** Clears the state of one slot. */
export function mixerReset(slot: i32): void {}

/** Applies the parameters the TS side wrote for one slot. */
export function mixerConfigure(slot: i32): void {}

/** Processes one 20 ms frame for each of the count work records. */
export function mixerTick(count: i32): void {}
