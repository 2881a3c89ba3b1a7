// Shared contracts: the only part of engine/ that drivers and dsp may import.
// It imports nothing outside itself.

export * from './errors.ts';
export * from './clock.ts';
export * from './log.ts';
export * from './causes.ts';
export * from './emitter.ts';
export * from './channel.ts';
export * from './channel-base.ts';
export * from './driver.ts';
export * from './cdr.ts';
export * from './media-io.ts';
export * from './engine-events.ts';
