// The engine's HTTP API on uWebSockets.js: health, metrics, REST for the CLI,
// the event WebSocket, and webhooks for call events.

/** The HTTP/WebSocket server. */
export { ApiServer, EVENTS_TOPIC, type ApiServerOptions } from './api-server.ts';
/** What the API needs from a running engine. */
export type { ApiEngine, CallSummary, EngineEventName, EngineMetrics, OriginateOutcome, ReloadOutcome, SpanView } from './engine-port.ts';
/** Webhook delivery with a bounded retry queue on the engine clock. */
export { WebhookDispatcher, fetchPost, MAX_WEBHOOK_QUEUE, MAX_IN_FLIGHT, RETRY_BASE_MS, RETRY_MAX_MS, type WebhookPost, type WebhookStats } from './webhooks.ts';
/** Prometheus text rendering. */
export { renderPrometheus, type MetricFamily } from './prometheus.ts';
/** Sliding-window call rate. */
export { CallRate, CALL_RATE_WINDOW_S } from './call-rate.ts';
/** The port filled from the core Engine. */
export { coreApiEngine, mergeSpans, type CoreApiOptions } from './core-adapter.ts';
