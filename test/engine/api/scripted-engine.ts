// An ApiEngine for API tests: a scripted stand-in for the core engine with
// just enough behaviour (calls that start on originate, end on hangup and
// leave a CDR in a real store) to exercise every route. The API is the
// thing under test; this only plays the engine's side of the port.

import type { CdrSink, EngineEvents } from '../../../engine/core/contracts/index.ts';
import type { ApiEngine, CallSummary, EngineEventName, EngineMetrics, OriginateOutcome, ReloadOutcome, SpanView } from '../../../engine/api/index.ts';

type Listener = <K extends EngineEventName>(name: K, ...args: EngineEvents[K]) => void;

export class ScriptedEngine implements ApiEngine {
  now = 0;
  wall = 1_800_000_000_000;
  isDraining = false;
  nextReload: ReloadOutcome = { ok: true, applied: ['routing'], needsRestart: [] };
  spanList: SpanView[] = [
    { name: 'sim0/1', kind: 'e1', alarms: [], channels: 30, busy: 2 },
    { name: 'sim0/2', kind: 'e1', alarms: ['los', 'ais'], channels: 30, busy: 0 },
  ];
  callsTotal = 0;
  private readonly active = new Map<string, CallSummary>();
  private readonly listeners = new Set<Listener>();
  private readonly cdrs: CdrSink;

  constructor(cdrs: CdrSink) {
    this.cdrs = cdrs;
  }

  uptimeMs(): number {
    return this.now;
  }
  draining(): boolean {
    return this.isDraining;
  }
  spans(): SpanView[] {
    return this.spanList;
  }
  calls(): CallSummary[] {
    return [...this.active.values()];
  }
  metrics(): EngineMetrics {
    return {
      activeCalls: this.active.size,
      callsTotal: this.callsTotal,
      tick: { ticks: 50, skipped: 1, lastCostMs: 0.25, maxCostMs: 1.5, totalCostMs: 20, lastLateMs: 0.5, maxLateMs: 3, channels: 4 },
      recordings: { opened: 0, active: 0, errors: 0 },
    };
  }
  originate(request: { from: string; to: string }): OriginateOutcome {
    if (this.isDraining) return { ok: false, code: 'ERR_DRAINING', message: 'engine is draining: no new calls' };
    if (request.to.startsWith('0')) return { ok: false, code: 'ERR_NO_ROUTE', message: `no route for ${request.to}` };
    const callId = `call-${++this.callsTotal}`;
    this.active.set(callId, { callId, state: 'setup', ani: request.from, dnis: request.to, route: 'demo-in', startAt: this.now, answerAt: null, legs: [] });
    this.cdrs.callStarted({ callId, ani: request.from, dnis: request.to, route: 'demo-in', startAt: this.now, startWall: this.wall + this.now });
    const leg = { legId: `${callId}-a`, channelId: 'loop/1', technology: 'loopback' as const, driver: 'loopback', direction: 'outgoing' as const };
    this.emit('offered', { callId, at: this.now, wallAt: this.wall + this.now, leg, ani: request.from, dnis: request.to, category: undefined, route: 'demo-in' });
    return { ok: true, callId };
  }
  record(callId: string, on: boolean): 'started' | 'stopped' | 'noCall' | 'notConnected' | 'noRecorder' {
    if (!this.active.has(callId)) return 'noCall';
    return on ? 'started' : 'stopped';
  }

  hangup(callId: string): boolean {
    const c = this.active.get(callId);
    if (!c) return false;
    this.active.delete(callId);
    const cdr = {
      callId,
      ani: c.ani,
      dnis: c.dnis,
      route: c.route,
      disposition: 'noAnswer' as const,
      cause: 16,
      causeName: 'normalClearing',
      startAt: c.startAt,
      answerAt: null,
      endAt: this.now,
      startWall: this.wall + c.startAt,
      answerWall: null,
      endWall: this.wall + this.now,
      durationMs: this.now - c.startAt,
      billableMs: 0,
      recordingPath: null,
      legs: [],
    };
    this.cdrs.write(cdr);
    this.emit('ended', { callId, at: this.now, wallAt: this.wall + this.now, cdr });
    return true;
  }
  drain(): void {
    this.isDraining = true;
  }
  reload(): ReloadOutcome {
    return this.nextReload;
  }
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit<K extends EngineEventName>(name: K, ...args: EngineEvents[K]): void {
    for (const l of this.listeners) l(name, ...args);
  }
}
