import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLog } from '../../../engine/core/contracts/index.ts';
import { MAX_WEBHOOK_QUEUE, WebhookDispatcher } from '../../../engine/api/index.ts';
import type { WebhookConfig } from '../../../engine/core/config/index.ts';
import { ManualClock } from '../../support/manual-clock.ts';

interface Received {
  event: string | undefined;
  body: { event: string; wallAt: number; data: unknown };
}

/** A local receiver that answers with the statuses it is given, in order (then 200). */
async function receiver(t: { after(fn: () => void): void }, statuses: number[] = []) {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      got.push({ event: req.headers['x-hotline-event'] as string | undefined, body: JSON.parse(text) as Received['body'] });
      res.writeHead(statuses.shift() ?? 200, { connection: 'close' }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

const hook = (url: string, over: Partial<WebhookConfig> = {}): WebhookConfig => ({ url, events: ['call.ended', 'recording.saved'], maxAttempts: 3, timeoutMs: 2000, ...over });

/** Lets pending I/O callbacks run (the real HTTP exchange), then returns. */
async function settle(d: WebhookDispatcher, clock: ManualClock, stepMs = 0): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setImmediate(r));
    if (stepMs) clock.advance(stepMs);
    if (d.pending === 0) return;
  }
}

test('a call.ended event is POSTed as JSON with its event header to every hook that wants it', async (t) => {
  const a = await receiver(t);
  const b = await receiver(t);
  const clock = new ManualClock();
  const d = new WebhookDispatcher({ hooks: [hook(a.url), hook(b.url, { events: ['recording.saved'] })], clock, log: silentLog, nowWall: () => 42 });
  d.enqueue('call.ended', { cdr: { callId: 'c1' } });
  await d.idle();
  assert.deepEqual(a.got, [{ event: 'call.ended', body: { event: 'call.ended', wallAt: 42, data: { cdr: { callId: 'c1' } } } }]);
  assert.deepEqual(b.got, []);
  d.enqueue('recording.saved', { path: 'x.wav' });
  await d.idle();
  assert.equal(b.got.length, 1);
  assert.equal(a.got.length, 2, 'the first hook wants both events');
  assert.deepEqual(d.stats, { delivered: 3, attemptsFailed: 0, failed: 0, dropped: 0 });
  d.close();
});

test('a failed attempt is retried after 1 s then 2 s of engine time, and delivered', async (t) => {
  const a = await receiver(t, [500, 503]);
  const clock = new ManualClock();
  const d = new WebhookDispatcher({ hooks: [hook(a.url)], clock, log: silentLog, nowWall: () => 0 });
  d.enqueue('call.ended', { n: 1 });
  await settle(d, clock);
  assert.equal(a.got.length, 1);
  assert.equal(d.stats.attemptsFailed, 1);
  clock.advance(999);
  await settle(d, clock);
  assert.equal(a.got.length, 1, 'not before 1 s');
  clock.advance(1);
  await settle(d, clock);
  assert.equal(a.got.length, 2);
  clock.advance(1999);
  await settle(d, clock);
  assert.equal(a.got.length, 2, 'not before 2 s more');
  clock.advance(1);
  await d.idle();
  assert.equal(a.got.length, 3);
  assert.deepEqual(d.stats, { delivered: 1, attemptsFailed: 2, failed: 0, dropped: 0 });
  d.close();
});

test('after maxAttempts a delivery is given up and counted; an unreachable URL is a failure, not a crash', async (t) => {
  const a = await receiver(t, [500, 500, 500]);
  const clock = new ManualClock();
  const dead = 'http://127.0.0.1:1/unreachable';
  const d = new WebhookDispatcher({ hooks: [hook(a.url, { maxAttempts: 2 }), hook(dead, { maxAttempts: 1 })], clock, log: silentLog, nowWall: () => 0 });
  d.enqueue('call.ended', {});
  const done = d.idle();
  await settle(d, clock, 500);
  await done;
  assert.equal(a.got.length, 2);
  assert.deepEqual(d.stats, { delivered: 0, attemptsFailed: 3, failed: 2, dropped: 0 });
  d.close();
});

test('enqueue never blocks: beyond the queue bound deliveries are dropped and counted', async () => {
  const clock = new ManualClock();
  const never = (): Promise<number> => new Promise(() => {});
  const d = new WebhookDispatcher({ hooks: [hook('http://127.0.0.1:9/x')], clock, log: silentLog, nowWall: () => 0, post: never });
  for (let i = 0; i < MAX_WEBHOOK_QUEUE + 10; i++) d.enqueue('call.ended', { i });
  assert.equal(d.pending, MAX_WEBHOOK_QUEUE);
  assert.equal(d.stats.dropped, 10);
  d.close();
  d.enqueue('call.ended', {});
  assert.equal(d.stats.dropped, 10, 'a closed dispatcher ignores new events');
});

test('reload replaces the hooks for new events', async (t) => {
  const a = await receiver(t);
  const clock = new ManualClock();
  const d = new WebhookDispatcher({ hooks: [], clock, log: silentLog, nowWall: () => 0 });
  d.enqueue('call.ended', {});
  assert.equal(d.pending, 0);
  d.setHooks([hook(a.url)]);
  d.enqueue('call.ended', {});
  await d.idle();
  assert.equal(a.got.length, 1);
  d.close();
});
