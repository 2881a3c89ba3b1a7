// Shared contracts: the only part of engine/ that drivers and dsp may import.
// It imports nothing outside itself.

export * from './errors.ts';
export * from './clock.ts';
export * from './log.ts';
