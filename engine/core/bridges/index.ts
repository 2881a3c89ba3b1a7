// Bridges: direct two-party audio, and conferences (mixer for three or more).

/** Direct frame-copy bridges between two legs. */
export { bridgeDirect, bridgeOneWay, unbridge } from './bridge.ts';
/** Named conferences with automatic direct/mixer layout. */
export { Conference, type ConferenceMode } from './conference.ts';
