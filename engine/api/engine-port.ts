// What the HTTP API needs from a running engine: a narrow port that the CLI's
// start command fills from the core Engine, and that API tests fill with a
// scripted engine. Keeping it narrow keeps the API from reaching into the
// core's internals, and lets later layers (apps, admin UI) add to it.
//
// All values are JSON-safe plain data; nothing here throws for bad input:
// refusals are values with a stable code and a reason.

import type { CallSnapshot, EngineEvents } from '../core/index.ts';

/** One span as /health and /api/spans show it (board spans and driver spans alike). */
export interface SpanView {
  /** `board/span` (1-based) for board spans, `driver/span` for a driver's own spans. */
  name: string;
  /** `e1`, `fxs`, `fxo`, or the driver's technology. */
  kind: string;
  /** Active alarm names (empty when the span is up). */
  alarms: string[];
  /** Circuits on the span and how many carry a call now (0 when unknown). */
  channels: number;
  busy: number;
  /** The driver that runs a board span (absent: no signalling runs on it). */
  driver?: string;
}

/** One active call as /api/calls shows it (the core's snapshot). */
export type CallSummary = CallSnapshot;

/** Engine figures for /metrics (counters are totals since start). */
export interface EngineMetrics {
  activeCalls: number;
  callsTotal: number;
  /** Media tick: ticks run, skipped (late beyond catch-up), and cost / lateness figures in ms. */
  tick: { ticks: number; skipped: number; lastCostMs: number; maxCostMs: number; totalCostMs: number; lastLateMs: number; maxLateMs: number; channels: number };
  /** Recordings (the WAV factory's counters). */
  recordings: { opened: number; active: number; errors: number };
}

/** Result of a reload request. */
export type ReloadOutcome = { ok: true; applied: string[]; needsRestart: string[] } | { ok: false; code: string; message: string };

/** Result of an originate request. */
export type OriginateOutcome = { ok: true; callId: string } | { ok: false; code: 'ERR_DRAINING' | 'ERR_NO_ROUTE' | 'ERR_INVALID_ARG' | 'ERR_CAPACITY'; message: string };

/** Event names the API streams on /api/events. */
export type EngineEventName = keyof EngineEvents;

/** The engine as the API sees it. */
export interface ApiEngine {
  /** Engine time since start, ms. */
  uptimeMs(): number;
  draining(): boolean;
  spans(): SpanView[];
  calls(): CallSummary[];
  metrics(): EngineMetrics;
  originate(request: { from: string; to: string }): OriginateOutcome;
  /** False when no such call is active. */
  hangup(callId: string): boolean;
  /** Starts or stops an on-demand recording of a connected call. */
  record(callId: string, on: boolean): 'started' | 'stopped' | 'noCall' | 'notConnected' | 'noRecorder';
  /** Enters drain mode: no new calls, existing calls finish. Idempotent. */
  drain(): void;
  /** Re-reads and validates the configuration, then applies what can change live. */
  reload(): ReloadOutcome;
  /** Listens to every engine event; returns the function that stops listening. */
  subscribe(listener: <K extends EngineEventName>(name: K, ...args: EngineEvents[K]) => void): () => void;
}
