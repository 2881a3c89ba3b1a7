// Webhooks: POSTs call events (call ended with its CDR, recording saved, ...)
// as JSON to the configured URLs, without ever holding up a call.
//
// How: `enqueue` only appends to a bounded queue and returns; a pump sends
// at most MAX_IN_FLIGHT requests at a time (fetch, with the hook's timeout).
// A failed attempt (network error, timeout, non-2xx status) is retried after
// an exponential backoff (1 s, 2 s, 4 s, ... capped at 60 s) armed on the
// engine clock, until the hook's maxAttempts; then it is given up, logged at
// error level and counted. When the queue is full a new delivery is dropped,
// logged and counted (the oldest work is the most likely to be in flight or
// retrying already).
//
// Body: `{ "event": "call.ended", "wallAt": <ms since epoch>, "data": {...} }`,
// with the header `x-hotline-event`. Receivers should be idempotent: a
// delivery whose response was lost is sent again.
//
// Limits: deliveries are in memory; a restart loses what was still queued
// (the CDRs themselves are in the store).

import type { Clock, Log, TimerHandle } from '../core/contracts/index.ts';
import type { WebhookConfig, WebhookEvent } from '../core/config/index.ts';

export const MAX_WEBHOOK_QUEUE = 1000;
export const MAX_IN_FLIGHT = 4;
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 60_000;

/** Sends one request; resolves to the HTTP status (rejects on network error or timeout). */
export type WebhookPost = (url: string, body: string, headers: Record<string, string>, timeoutMs: number) => Promise<number>;

/** Counters for /metrics. */
export interface WebhookStats {
  delivered: number;
  /** Attempts that failed (each retry counts). */
  attemptsFailed: number;
  /** Deliveries given up after maxAttempts. */
  failed: number;
  /** Deliveries refused because the queue was full. */
  dropped: number;
}

interface Job {
  hook: WebhookConfig;
  event: WebhookEvent;
  body: string;
  attempt: number;
}

/** Default transport: fetch with a timeout. */
export const fetchPost: WebhookPost = async (url, body, headers, timeoutMs) => {
  const r = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
  await r.arrayBuffer().catch(() => undefined);
  return r.status;
};

/** The webhook dispatcher of one engine. */
export class WebhookDispatcher {
  readonly stats: WebhookStats = { delivered: 0, attemptsFailed: 0, failed: 0, dropped: 0 };
  private hooks: readonly WebhookConfig[];
  private readonly clock: Clock;
  private readonly log: Log;
  private readonly nowWall: () => number;
  private readonly post: WebhookPost;
  private readonly ready: Job[] = [];
  private readonly waiting = new Set<TimerHandle>();
  private inFlight = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: { hooks: readonly WebhookConfig[]; clock: Clock; log: Log; nowWall: () => number; post?: WebhookPost }) {
    this.hooks = options.hooks;
    this.clock = options.clock;
    this.log = options.log.child({ mod: 'webhooks' });
    this.nowWall = options.nowWall;
    this.post = options.post ?? fetchPost;
  }

  /** Deliveries queued, retrying or in flight. */
  get pending(): number {
    return this.ready.length + this.waiting.size + this.inFlight;
  }

  /** Replaces the hooks (reload); queued deliveries keep the hook they were made for. */
  setHooks(hooks: readonly WebhookConfig[]): void {
    this.hooks = hooks;
  }

  /** Queues `event` for every hook that wants it. Never blocks, never throws. */
  enqueue(event: WebhookEvent, data: unknown): void {
    if (this.closed) return;
    const targets = this.hooks.filter((h) => h.events.includes(event));
    if (targets.length === 0) return;
    let body: string;
    try {
      body = JSON.stringify({ event, wallAt: this.nowWall(), data });
    } catch (err) {
      this.log.error({ err, event }, 'webhook payload not serialisable');
      return;
    }
    for (const hook of targets) {
      if (this.pending >= MAX_WEBHOOK_QUEUE) {
        this.stats.dropped++;
        this.log.error({ url: hook.url, event, queue: MAX_WEBHOOK_QUEUE }, 'webhook queue full, delivery dropped');
        continue;
      }
      this.ready.push({ hook, event, body, attempt: 0 });
    }
    this.pump();
  }

  /** Resolves when nothing is queued, retrying or in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: retries are cancelled and queued deliveries dropped. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.waiting) t.cancel();
    this.waiting.clear();
    if (this.ready.length > 0) this.log.warn({ dropped: this.ready.length }, 'webhooks stopped with deliveries queued');
    this.ready.length = 0;
    this.settle();
  }

  private pump(): void {
    while (!this.closed && this.inFlight < MAX_IN_FLIGHT) {
      const job = this.ready.shift();
      if (!job) break;
      this.inFlight++;
      job.attempt++;
      const headers = { 'content-type': 'application/json', 'x-hotline-event': job.event };
      this.post(job.hook.url, job.body, headers, job.hook.timeoutMs).then(
        (status) => this.finish(job, status >= 200 && status < 300 ? undefined : `status ${status}`),
        (err: unknown) => this.finish(job, (err as Error).name === 'TimeoutError' ? `timeout after ${job.hook.timeoutMs} ms` : (err as Error).message),
      );
    }
    this.settle();
  }

  private finish(job: Job, failure: string | undefined): void {
    this.inFlight--;
    if (failure === undefined) {
      this.stats.delivered++;
    } else {
      this.stats.attemptsFailed++;
      // A delivery that fails while shutting down is not retried (close() said so).
      if (this.closed) this.stats.failed++;
      else if (job.attempt < job.hook.maxAttempts) {
        const delayMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (job.attempt - 1));
        this.log.warn({ url: job.hook.url, event: job.event, attempt: job.attempt, reason: failure, retryInMs: delayMs }, 'webhook attempt failed');
        const t: TimerHandle = this.clock.setTimer(delayMs, () => {
          this.waiting.delete(t);
          this.ready.push(job);
          this.pump();
        });
        this.waiting.add(t);
      } else {
        this.stats.failed++;
        this.log.error({ url: job.hook.url, event: job.event, attempts: job.attempt, reason: failure }, 'webhook delivery given up');
      }
    }
    this.pump();
  }

  private settle(): void {
    if (this.pending !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
