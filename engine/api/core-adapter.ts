// Fills the API's engine port (engine-port.ts) from the core Engine.
//
// What it does: maps the core's answers onto the API's plain data: call
// snapshots as they are; driver spans and board spans into one span list;
// originate results onto stable error codes (draining, no route, capacity);
// every engine event onto one subscription.
//
// Limits: reload is whatever the caller passes (the runtime re-reads the
// config file and applies the hot parts); board spans come from a callback
// because boards are opened by the runtime, not by the Engine.

import { Cause, causeName, type Engine, type EngineEvents, type SpanStatus } from '../core/index.ts';
import type { RecordingStats } from '../core/recording/index.ts';
import type { ApiEngine, EngineEventName, OriginateOutcome, ReloadOutcome, SpanView } from './engine-port.ts';

const EVENT_NAMES: readonly EngineEventName[] = ['offered', 'ringing', 'answered', 'bridged', 'transferred', 'held', 'digit', 'legEnded', 'ended'];

/** Options of coreApiEngine. */
export interface CoreApiOptions {
  engine: Engine;
  /** Engine time when the engine started (uptime is measured from it). */
  startedAt: number;
  now: () => number;
  boardSpans: () => SpanView[];
  reload: () => ReloadOutcome;
  recordings: RecordingStats;
}

/** The API's view of a core Engine. */
export function coreApiEngine(o: CoreApiOptions): ApiEngine {
  const { engine } = o;
  return {
    uptimeMs: () => o.now() - o.startedAt,
    draining: () => engine.draining,
    spans: () => mergeSpans(o.boardSpans(), engine.spans()),
    calls: () => engine.calls(),
    metrics: () => {
      const m = engine.metrics();
      return {
        activeCalls: m.activeCalls,
        callsTotal: m.callsTotal,
        tick: { ...m.tick, channels: m.activeLegs },
        recordings: { ...o.recordings },
      };
    },
    originate: ({ from, to }): OriginateOutcome => {
      if (engine.draining) return { ok: false, code: 'ERR_DRAINING', message: 'engine is draining: no new calls' };
      const r = engine.originate(from, to);
      if (r.ok) return { ok: true, callId: r.callId };
      const code = r.cause === Cause.noCircuitAvailable || r.cause === Cause.switchingEquipmentCongestion ? 'ERR_CAPACITY' : 'ERR_NO_ROUTE';
      return { ok: false, code, message: `${r.reason} (Q.850 ${r.cause} ${causeName(r.cause)})` };
    },
    hangup: (callId) => engine.hangup(callId),
    record: (callId, on) => engine.record(callId, on),
    drain: () => engine.drain(),
    reload: () => o.reload(),
    subscribe: (listener) => {
      const offs = EVENT_NAMES.map((name) =>
        engine.on(name, ((...args: EngineEvents[typeof name]) => listener(name, ...args)) as never),
      );
      return () => offs.forEach((off) => off());
    },
  };
}

/**
 * One list of spans: a board span that a driver runs (the analog driver's
 * fxs ports, later China No.1 and SS7 spans) is shown once, with the driver's
 * name and busy count; a driver's own spans (loopback, SIP trunks) follow.
 */
export function mergeSpans(board: readonly SpanView[], driver: readonly SpanStatus[]): SpanView[] {
  const byName = new Map(driver.map((d) => [d.name, d]));
  const merged = board.map((b) => {
    const d = byName.get(b.name);
    if (!d) return b;
    byName.delete(b.name);
    return { ...b, driver: d.driver, busy: d.busy, alarms: [...new Set([...b.alarms, ...(d.alarm === 'none' ? [] : [d.alarm])])] };
  });
  const rest = [...byName.values()].map((s) => ({ name: s.name, kind: s.driver, driver: s.driver, alarms: s.alarm === 'none' ? [] : [s.alarm], channels: s.channels, busy: s.busy }));
  return [...merged, ...rest];
}
