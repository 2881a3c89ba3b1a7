// Calls and their legs.

/** One call: its legs, facts and state. */
export { Call, type CallState, type CallSnapshot } from './call.ts';
/** One party of a call, with its controls and events. */
export { Leg, type LegEvents, type LegHooks } from './leg.ts';
/** Call setup, connection, release, hold, transfer and conferences. */
export { CallControl, type CallControlDeps, type ControlResult } from './call-control.ts';
/** The application plug-in interface (IVR, queue, voicemail). */
export type { Application, ApplicationContext, CallControlApi } from './application.ts';
