// The engine's one HTTP port, on uWebSockets.js: health, Prometheus
// metrics, the REST API the CLI uses, and the event stream.
//
// Routes:
//   GET    /health            version, uptime, spans and alarms, active calls, drain state
//   GET    /metrics           Prometheus text (prometheus.ts)
//   GET    /api/calls         active calls
//   POST   /api/calls         originate {from, to} -> 201 {callId}
//   DELETE /api/calls/:id     hang up -> 204, or 404
//   GET    /api/spans         spans and their alarms
//   GET    /api/cdrs          ?limit=&number=&from=&to= (wall ms) -> newest first
//   POST   /api/drain         drain mode -> 202
//   POST   /api/reload        validate then apply the config file -> 200 {applied, needsRestart} or 400
//   WS     /api/events        every engine event as {"type": name, ...event}
// Anything else is a JSON 404. Errors use the envelope of http-util.ts.
//
// How: each handler runs inside a try boundary; an exception becomes a 500
// with code ERR_INTERNAL and an error log, and the server keeps serving.
// Engine events are published to one uWS topic, so fan-out to every
// WebSocket happens in native code. The constructor does no I/O; `listen`
// binds (port 0 picks a free port), `close` unbinds and closes sockets.
//
// Limits: no TLS and no authentication yet: bind to loopback (the default)
// or put a proxy in front. The admin UI's static files come later.

import uWS, { type HttpRequest, type HttpResponse, type TemplatedApp, type WebSocket, type us_listen_socket } from 'uWebSockets.js';
import type { Clock, Log } from '../core/contracts/index.ts';
import type { CdrRepository, StoreStats } from '../store/index.ts';
import type { ApiEngine } from './engine-port.ts';
import { CallRate } from './call-rate.ts';
import { readJson, reply, sendError, sendJson, send, type Reply } from './http-util.ts';
import { renderPrometheus, type MetricFamily } from './prometheus.ts';
import type { WebhookStats } from './webhooks.ts';

/** Topic every event WebSocket subscribes to. */
export const EVENTS_TOPIC = 'events';

/** Options of ApiServer. */
export interface ApiServerOptions {
  engine: ApiEngine;
  cdrs: CdrRepository;
  clock: Clock;
  log: Log;
  version: string;
  host: string;
  port: number;
  /** Extra counters shown on /metrics. */
  webhookStats?: WebhookStats;
  storeStats?: StoreStats;
}

/** The HTTP/WebSocket server of one engine. */
export class ApiServer {
  private readonly o: ApiServerOptions;
  private readonly log: Log;
  private readonly app: TemplatedApp;
  private readonly rate = new CallRate();
  private readonly sockets = new Set<WebSocket<unknown>>();
  private listenSocket: us_listen_socket | undefined;
  private unsubscribe: (() => void) | undefined;
  private boundPort = 0;
  /** Handler failures (500s), for /metrics. */
  private internalErrors = 0;

  constructor(options: ApiServerOptions) {
    this.o = options;
    this.log = options.log.child({ mod: 'api' });
    this.app = uWS.App();
    this.routes();
  }

  /** The bound port (after listen). */
  get port(): number {
    return this.boundPort;
  }

  /** Binds host:port and starts streaming events; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.app.listen(this.o.host, this.o.port, (token) => {
        if (!token) {
          reject(new Error(`api: cannot listen on ${this.o.host}:${this.o.port} (port in use or not permitted)`));
          return;
        }
        this.listenSocket = token;
        this.boundPort = uWS.us_socket_local_port(token);
        this.unsubscribe = this.o.engine.subscribe((name, ...args) => {
          if (name === 'offered') this.rate.add(this.o.clock.now());
          this.publish(name, args[0]);
        });
        this.log.info({ host: this.o.host, port: this.boundPort }, 'api listening');
        resolve(this.boundPort);
      });
    });
  }

  /** Stops listening and closes every WebSocket; idempotent. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.listenSocket) {
      uWS.us_listen_socket_close(this.listenSocket);
      this.listenSocket = undefined;
    }
    for (const ws of this.sockets) ws.end(1001, 'engine stopping');
    this.sockets.clear();
    // Also drops idle keep-alive connections, so clients and the process exit
    // at once. The method exists at run time but is missing from the package's
    // type declarations.
    (this.app as TemplatedApp & { close?: () => void }).close?.();
  }

  private publish(name: string, event: unknown): void {
    try {
      this.app.publish(EVENTS_TOPIC, JSON.stringify({ type: name, ...(event as object) }));
    } catch (err) {
      this.log.error({ err, event: name }, 'event not published');
    }
  }

  private routes(): void {
    const app = this.app;
    const guard =
      (fn: (r: Reply, req: HttpRequest) => void | Promise<void>) =>
      (res: HttpResponse, req: HttpRequest): void => {
        const r = reply(res);
        // uWS requests are only valid until the handler returns: read what the log needs now.
        const where = `${req.getMethod().toUpperCase()} ${req.getUrl()}`;
        const fail = (err: unknown): void => {
          this.internalErrors++;
          this.log.error({ err, request: where }, 'api handler failed');
          sendError(r, 500, 'ERR_INTERNAL', 'internal error (see the engine log)');
        };
        try {
          const p = fn(r, req);
          if (p) p.catch(fail);
        } catch (err) {
          fail(err);
        }
      };
    app.get('/health', guard((r) => sendJson(r, 200, this.health())));
    app.get('/metrics', guard((r) => send(r, 200, 'text/plain; version=0.0.4; charset=utf-8', renderPrometheus(this.metrics()))));
    app.get('/api/calls', guard((r) => sendJson(r, 200, { calls: this.o.engine.calls() })));
    app.post('/api/calls', guard((r) => this.originate(r)));
    app.del('/api/calls/:id', guard((r, req) => this.hangup(r, req.getParameter(0) ?? '')));
    app.post('/api/calls/:id/recording', guard((r, req) => this.record(r, req.getParameter(0) ?? '')));
    app.get('/api/spans', guard((r) => sendJson(r, 200, { spans: this.o.engine.spans() })));
    app.get('/api/cdrs', guard((r, req) => this.cdrs(r, req.getQuery() ?? '')));
    app.post('/api/drain', guard((r) => {
      this.o.engine.drain();
      sendJson(r, 202, { draining: true, activeCalls: this.o.engine.metrics().activeCalls });
    }));
    app.post('/api/reload', guard((r) => {
      const out = this.o.engine.reload();
      if (out.ok) sendJson(r, 200, { applied: out.applied, needsRestart: out.needsRestart });
      else sendError(r, 400, out.code, out.message);
    }));
    app.ws('/api/events', {
      maxPayloadLength: 4096,
      idleTimeout: 120,
      open: (ws) => {
        this.sockets.add(ws);
        ws.subscribe(EVENTS_TOPIC);
        ws.send(JSON.stringify({ type: 'hello', uptimeMs: this.o.engine.uptimeMs() }));
      },
      close: (ws) => {
        this.sockets.delete(ws);
      },
    });
    app.any('/*', guard((r, req) => sendError(r, 404, 'ERR_NOT_FOUND', `no route ${req.getMethod().toUpperCase()} ${req.getUrl()}`)));
  }

  private health(): unknown {
    const e = this.o.engine;
    const spans = e.spans();
    const draining = e.draining();
    return {
      status: draining ? 'draining' : 'ok',
      version: this.o.version,
      uptimeMs: Math.round(e.uptimeMs()),
      activeCalls: e.metrics().activeCalls,
      draining,
      spans,
    };
  }

  private async originate(r: Reply): Promise<void> {
    const body = await readJson(r);
    if (!body.ok) return sendError(r, body.status, body.code, body.message);
    const v = body.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return sendError(r, 400, 'ERR_INVALID_ARG', 'body: expected a JSON object {"from": "...", "to": "..."}');
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'from' && k !== 'to') return sendError(r, 400, 'ERR_INVALID_ARG', `body.${k}: unknown key (expected "from" and "to")`);
    for (const k of ['from', 'to'] as const) {
      const n = o[k];
      if (typeof n !== 'string' || !/^[0-9*#+A-D]{1,32}$/.test(n)) {
        return sendError(r, 400, 'ERR_INVALID_ARG', `body.${k}: expected a number of 1 to 32 digits (0-9 * # + A-D) as a string, got ${JSON.stringify(n) ?? 'nothing'}`);
      }
    }
    const out = this.o.engine.originate({ from: o['from'] as string, to: o['to'] as string });
    if (out.ok) return sendJson(r, 201, { callId: out.callId });
    const status = out.code === 'ERR_DRAINING' ? 503 : out.code === 'ERR_INVALID_ARG' ? 400 : out.code === 'ERR_CAPACITY' ? 503 : 422;
    sendError(r, status, out.code, out.message);
  }

  private async record(r: Reply, raw: string): Promise<void> {
    let id: string;
    try {
      id = decodeURIComponent(raw);
    } catch {
      return sendError(r, 400, 'ERR_INVALID_ARG', `call id: malformed URL encoding ${JSON.stringify(raw)}`);
    }
    const body = await readJson(r);
    if (!body.ok) return sendError(r, body.status, body.code, body.message);
    const v = body.value;
    const on = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)['on'] : undefined;
    if (typeof on !== 'boolean' || Object.keys(v as object).length !== 1) {
      return sendError(r, 400, 'ERR_INVALID_ARG', 'body: expected {"on": true} or {"on": false}');
    }
    const outcome = this.o.engine.record(id, on);
    switch (outcome) {
      case 'started':
      case 'stopped':
        return sendJson(r, 200, { callId: id, recording: outcome === 'started' });
      case 'noCall':
        return sendError(r, 404, 'ERR_NOT_FOUND', `no active call ${JSON.stringify(id)}`);
      case 'notConnected':
        return sendError(r, 409, 'ERR_INVALID_STATE', `call ${JSON.stringify(id)} is not connected yet`);
      case 'noRecorder':
        return sendError(r, 503, 'ERR_UNSUPPORTED', 'recording is not available (no recorder, or the file could not be opened)');
    }
  }

  private hangup(r: Reply, raw: string): void {
    let id: string;
    try {
      id = decodeURIComponent(raw);
    } catch {
      return sendError(r, 400, 'ERR_INVALID_ARG', `call id: malformed URL encoding ${JSON.stringify(raw)}`);
    }
    if (this.o.engine.hangup(id)) sendJson(r, 204, null);
    else sendError(r, 404, 'ERR_NOT_FOUND', `no active call ${JSON.stringify(id)}`);
  }

  private cdrs(r: Reply, query: string): void {
    const q = new URLSearchParams(query);
    const known = ['limit', 'number', 'from', 'to'];
    for (const k of q.keys()) if (!known.includes(k)) return sendError(r, 400, 'ERR_INVALID_ARG', `query ${k}: unknown parameter (expected ${known.join(', ')})`);
    const int = (k: string, min: number, max: number): number | undefined | Error => {
      const s = q.get(k);
      if (s === null) return undefined;
      const n = Number(s);
      if (!/^[0-9]+$/.test(s) || n < min || n > max) return new Error(`query ${k}: expected an integer from ${min} to ${max}, got ${JSON.stringify(s)}`);
      return n;
    };
    const limit = int('limit', 1, 1000);
    const from = int('from', 0, Number.MAX_SAFE_INTEGER);
    const to = int('to', 0, Number.MAX_SAFE_INTEGER);
    for (const v of [limit, from, to]) if (v instanceof Error) return sendError(r, 400, 'ERR_INVALID_ARG', v.message);
    const number = q.get('number');
    if (number !== null && !/^[0-9*#+A-D]{1,32}$/.test(number)) return sendError(r, 400, 'ERR_INVALID_ARG', `query number: expected digits, got ${JSON.stringify(number)}`);
    const cdrs = this.o.cdrs.list({
      ...(typeof limit === 'number' ? { limit } : {}),
      ...(number !== null ? { number } : {}),
      ...(typeof from === 'number' ? { fromWall: from } : {}),
      ...(typeof to === 'number' ? { toWall: to } : {}),
    });
    sendJson(r, 200, { cdrs });
  }

  private metrics(): MetricFamily[] {
    const e = this.o.engine;
    const m = e.metrics();
    const t = m.tick;
    const store = this.o.storeStats ?? this.o.cdrs.stats;
    const hooks = this.o.webhookStats;
    const spans = e.spans();
    const families: MetricFamily[] = [
      { name: 'hotline_up', help: 'The engine is running.', type: 'gauge', samples: [{ labels: { version: this.o.version }, value: 1 }] },
      { name: 'hotline_uptime_seconds', help: 'Engine time since start.', type: 'gauge', samples: [{ value: e.uptimeMs() / 1000 }] },
      { name: 'hotline_draining', help: '1 while in drain mode (no new calls).', type: 'gauge', samples: [{ value: e.draining() ? 1 : 0 }] },
      { name: 'hotline_active_calls', help: 'Calls in progress.', type: 'gauge', samples: [{ value: m.activeCalls }] },
      { name: 'hotline_calls_total', help: 'Calls started since engine start.', type: 'counter', samples: [{ value: m.callsTotal }] },
      { name: 'hotline_calls_per_second', help: 'Calls offered per second over the last 10 s.', type: 'gauge', samples: [{ value: this.rate.perSecond(this.o.clock.now()) }] },
      { name: 'hotline_media_ticks_total', help: 'Media ticks run.', type: 'counter', samples: [{ value: t.ticks }] },
      { name: 'hotline_media_ticks_skipped_total', help: 'Media ticks skipped because the engine fell too far behind.', type: 'counter', samples: [{ value: t.skipped }] },
      { name: 'hotline_media_tick_channels', help: 'Channels processed by the last media tick.', type: 'gauge', samples: [{ value: t.channels }] },
      { name: 'hotline_media_tick_cost_ms', help: 'Cost of the media tick (last, max, mean).', type: 'gauge', samples: [
        { labels: { stat: 'last' }, value: t.lastCostMs },
        { labels: { stat: 'max' }, value: t.maxCostMs },
        { labels: { stat: 'mean' }, value: t.ticks > 0 ? t.totalCostMs / t.ticks : 0 },
      ] },
      { name: 'hotline_media_tick_lateness_ms', help: 'How late the media tick ran against its 20 ms grid (last, max).', type: 'gauge', samples: [
        { labels: { stat: 'last' }, value: t.lastLateMs },
        { labels: { stat: 'max' }, value: t.maxLateMs },
      ] },
      { name: 'hotline_span_alarm', help: 'Span alarms (1 = active); a span without alarms shows alarm="none" 0.', type: 'gauge', samples: spans.flatMap((s) =>
        s.alarms.length === 0
          ? [{ labels: { span: s.name, alarm: 'none' }, value: 0 }]
          : s.alarms.map((a) => ({ labels: { span: s.name, alarm: a }, value: 1 })),
      ) },
      { name: 'hotline_span_busy_channels', help: 'Channels of the span in a call.', type: 'gauge', samples: spans.map((s) => ({ labels: { span: s.name }, value: s.busy })) },
      { name: 'hotline_store_writes_total', help: 'Store writes that committed.', type: 'counter', samples: [{ value: store.writes }] },
      { name: 'hotline_store_errors_total', help: 'Store operations that failed (see the error log).', type: 'counter', samples: [{ value: store.errors }] },
      { name: 'hotline_recordings_active', help: 'Recordings being written.', type: 'gauge', samples: [{ value: m.recordings.active }] },
      { name: 'hotline_recording_errors_total', help: 'Recordings that failed to start or to write.', type: 'counter', samples: [{ value: m.recordings.errors }] },
      { name: 'hotline_api_errors_total', help: 'API handler failures (HTTP 500).', type: 'counter', samples: [{ value: this.internalErrors }] },
    ];
    if (hooks) {
      families.push(
        { name: 'hotline_webhook_delivered_total', help: 'Webhook deliveries acknowledged with 2xx.', type: 'counter', samples: [{ value: hooks.delivered }] },
        { name: 'hotline_webhook_attempts_failed_total', help: 'Webhook attempts that failed (retries included).', type: 'counter', samples: [{ value: hooks.attemptsFailed }] },
        { name: 'hotline_webhook_failed_total', help: 'Webhook deliveries given up.', type: 'counter', samples: [{ value: hooks.failed }] },
        { name: 'hotline_webhook_dropped_total', help: 'Webhook deliveries dropped because the queue was full.', type: 'counter', samples: [{ value: hooks.dropped }] },
      );
    }
    return families;
  }
}
