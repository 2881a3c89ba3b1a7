// The engine core: the only import point of engine/core for other folders.
//
// See docs/engine.md for the Engine API (the ops layer and applications
// call exactly this), the Channel contract, the media tick and routing.

/** The engine: drivers, routing, calls, the media tick and the event bus. */
export { Engine, type EngineOptions, type EngineMetrics } from './engine.ts';
/** Shared contracts (Channel, ChannelDriver, Clock, Log, causes, CDR, events). */
export * from './contracts/index.ts';
/** Engine clocks (WallClock, DrivenClock) and the periodic Ticker. */
export * from './clock/index.ts';
/** Routing: patterns, permission classes, hunting, config validation. */
export * from './routing/index.ts';
/** Calls, legs, call control and the application interface. */
export { Call, Leg, type CallState, type CallSnapshot, type LegEvents, type Application, type ApplicationContext, type CallControlApi, type ControlResult } from './calls/index.ts';
/** The CDR builder. */
export * from './cdr/index.ts';
/** Media tick pieces other layers may need (tones, DTMF frequencies). */
export { DEFAULT_PROGRESS_TONES, progressTonesFor, dtmfFrequencies, DTMF_DIGITS, TICK_MS, FRAME_SAMPLES, type ProgressTones, type ToneSpec } from './media/index.ts';
/** Conference layout names. */
export type { ConferenceMode } from './bridges/index.ts';
