// Applications: where IVR flows, queues, voicemail and other call-center
// features plug into the core.
//
// What it does: declares the callback an inbound route with an application
// target calls (`{ ivr: main }` reaches the application registered as "ivr"
// with name "main"), and what it receives: the call, the caller's leg, the
// route, and the engine's call control. Later issues (IVR, ACD, voicemail)
// implement Application; the core only dispatches.
//
// Limits: `handle` runs inside the call's try boundary: if it throws, the
// call is released with Q.850 41 and the reason is logged.

import type { Call } from './call.ts';
import type { Leg } from './leg.ts';

/** Call control an application may use (the Engine implements it). */
export interface CallControlApi {
  hangup(callId: string, cause?: number): boolean;
  hold(legId: string): boolean;
  unhold(legId: string): boolean;
  transferBlind(legId: string, dest: string): { ok: boolean };
  transferAttended(legIdA: string, legIdB: string): { ok: boolean };
  conference(legId: string, room: string): boolean;
  /** Plays a named prompt to a leg (PromptFactory); false when it does not exist. */
  playPrompt(legId: string, name: string): boolean;
}

/** What an application receives for one call. */
export interface ApplicationContext {
  readonly call: Call;
  readonly leg: Leg;
  /** The target's name (`main` in `{ ivr: main }`). */
  readonly name: string;
  readonly route: string;
  readonly control: CallControlApi;
}

/** A call-center application (IVR, queue, voicemail, ...). */
export interface Application {
  handle(ctx: ApplicationContext): void;
}
