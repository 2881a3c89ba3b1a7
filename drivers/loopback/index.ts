// Loopback driver: software cable pairs for tests and the demo.

/** A ChannelDriver of software pairs wired back to back. */
export { LoopbackDriver, isLoopbackChannel, type LoopbackDriverOptions } from './loopback-driver.ts';
/** One end of a loopback pair. */
export { LoopbackChannel, lineFrameBytes, silenceOctet } from './loopback-channel.ts';
/** The far side of a loopback call, driven by a test or demo. */
export { LoopbackPhone } from './loopback-phone.ts';
