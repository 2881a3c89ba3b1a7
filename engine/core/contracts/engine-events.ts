// The engine event bus: call and leg events the API streams (screen pop,
// wallboards, CTI) and applications listen to.
//
// What it does: declares one typed map of events, each a plain, JSON-safe
// object (ids, numbers, strings), so the API can forward them unchanged.
// Every event carries the call id, engine time (ms, the engine clock) and
// wall time (ms since the epoch, for display only).
//
// Limits: events describe what happened; they are not commands. A listener
// error is caught by the bus (safe emit) and never reaches the call.

import type { CallerCategory, ChannelTechnology } from './channel.ts';
import type { CdrRecord } from './cdr.ts';
import type { SpanStatus } from './driver.ts';

/** Fields every call event has. */
export interface CallEventBase {
  readonly callId: string;
  /** Engine time in ms. */
  readonly at: number;
  /** Wall time in ms since the epoch (display only). */
  readonly wallAt: number;
}

/** A leg as events describe it. */
export interface LegSummary {
  readonly legId: string;
  readonly channelId: string;
  readonly technology: ChannelTechnology;
  readonly driver: string;
  readonly direction: 'incoming' | 'outgoing';
}

/** A new call was offered (incoming) or originated. */
export interface CallOfferedEvent extends CallEventBase {
  readonly leg: LegSummary;
  readonly ani: string | undefined;
  readonly dnis: string;
  readonly category: CallerCategory | undefined;
  /** Name of the route that matched (inbound) or undefined. */
  readonly route: string | undefined;
}

/** A leg alerts. */
export interface LegRingingEvent extends CallEventBase {
  readonly leg: LegSummary;
  readonly earlyMedia: boolean;
}

/** A leg was answered. */
export interface LegAnsweredEvent extends CallEventBase {
  readonly leg: LegSummary;
}

/** Legs were joined (two-party bridge or a conference room). */
export interface CallBridgedEvent extends CallEventBase {
  readonly legIds: readonly string[];
  readonly mode: 'direct' | 'mixer';
}

/** A transfer completed. */
export interface CallTransferredEvent extends CallEventBase {
  readonly kind: 'blind' | 'attended';
  readonly fromLegId: string;
  readonly toLegId: string;
  /** Call the transferred party now belongs to. */
  readonly targetCallId: string;
}

/** A leg was put on hold or taken off it. */
export interface LegHeldEvent extends CallEventBase {
  readonly legId: string;
  readonly held: boolean;
}

/** A received digit (from any source). */
export interface LegDigitEvent extends CallEventBase {
  readonly legId: string;
  readonly digit: string;
}

/** A leg ended. */
export interface LegEndedEvent extends CallEventBase {
  readonly legId: string;
  readonly cause: number;
  readonly by: 'local' | 'remote';
}

/** A call ended: its CDR. */
export interface CallEndedEvent extends CallEventBase {
  readonly cdr: CdrRecord;
}

/** A span's alarm or availability changed (forwarded from its driver). */
export interface SpanChangedEvent {
  readonly at: number;
  readonly status: SpanStatus;
}

/** The engine's event map (`engine.on('answered', fn)`). */
export interface EngineEvents {
  offered: [event: CallOfferedEvent];
  ringing: [event: LegRingingEvent];
  answered: [event: LegAnsweredEvent];
  bridged: [event: CallBridgedEvent];
  transferred: [event: CallTransferredEvent];
  held: [event: LegHeldEvent];
  digit: [event: LegDigitEvent];
  legEnded: [event: LegEndedEvent];
  ended: [event: CallEndedEvent];
  span: [event: SpanChangedEvent];
}
