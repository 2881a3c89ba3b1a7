import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLog } from '../../../engine/core/contracts/index.ts';
import { ApiServer } from '../../../engine/api/index.ts';
import { openSqliteStore } from '../../../engine/store/index.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { ScriptedEngine } from './scripted-engine.ts';
import { openTestSocket } from './ws-client.ts';

async function start(t: { after(fn: () => void): void }) {
  const store = openSqliteStore({ path: ':memory:', log: silentLog, nowWall: () => 0 });
  const engine = new ScriptedEngine(store.cdrs);
  const clock = new ManualClock();
  const server = new ApiServer({ engine, cdrs: store.cdrs, clock, log: silentLog, version: '9.9.9', host: '127.0.0.1', port: 0 });
  const port = await server.listen();
  t.after(() => {
    server.close();
    store.close();
  });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: string) => {
    const r = await fetch(base + path, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
    const text = await r.text();
    return { status: r.status, type: r.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  return { engine, store, server, port, clock, call };
}

test('GET /health reports version, uptime, spans with alarms, active calls and drain state', async (t) => {
  const { engine, call } = await start(t);
  engine.now = 12_345;
  const r = await call('GET', '/health');
  assert.equal(r.status, 200);
  assert.match(r.type, /application\/json/);
  assert.deepEqual(r.json(), {
    status: 'ok',
    version: '9.9.9',
    uptimeMs: 12345,
    activeCalls: 0,
    draining: false,
    spans: [
      { name: 'sim0/1', kind: 'e1', alarms: [], channels: 30, busy: 2 },
      { name: 'sim0/2', kind: 'e1', alarms: ['los', 'ais'], channels: 30, busy: 0 },
    ],
  });
});

test('originate, list and hang up a call; its CDR is then served by /api/cdrs', async (t) => {
  const { call } = await start(t);
  const o = await call('POST', '/api/calls', JSON.stringify({ from: '1001', to: '1002' }));
  assert.equal(o.status, 201);
  const callId = o.json()['callId'];
  assert.equal(callId, 'call-1');
  const list = await call('GET', '/api/calls');
  assert.deepEqual((list.json()['calls'] as { callId: string }[]).map((c) => c.callId), ['call-1']);
  assert.equal((await call('DELETE', '/api/calls/call-1')).status, 204);
  const again = await call('DELETE', '/api/calls/call-1');
  assert.equal(again.status, 404);
  assert.deepEqual(again.json(), { error: { code: 'ERR_NOT_FOUND', message: 'no active call "call-1"' } });
  assert.equal((await call('DELETE', '/api/calls/%E0%A4%A')).status, 400, 'a malformed id is a 400, not a 500');
  const cdrs = (await call('GET', '/api/cdrs?limit=5&number=1002')).json()['cdrs'] as { callId: string; disposition: string }[];
  assert.deepEqual(cdrs.map((c) => [c.callId, c.disposition]), [['call-1', 'noAnswer']]);
  assert.deepEqual((await call('GET', '/api/cdrs?number=9999')).json(), { cdrs: [] });
});

test('POST /api/calls/:id/recording starts and stops an on-demand recording; bad bodies and unknown calls are refused', async (t) => {
  const { call } = await start(t);
  await call('POST', '/api/calls', JSON.stringify({ from: '1001', to: '1002' }));
  const on = await call('POST', '/api/calls/call-1/recording', JSON.stringify({ on: true }));
  assert.equal(on.status, 200);
  assert.deepEqual(on.json(), { callId: 'call-1', recording: true });
  const off = await call('POST', '/api/calls/call-1/recording', JSON.stringify({ on: false }));
  assert.deepEqual(off.json(), { callId: 'call-1', recording: false });
  for (const body of ['{"on": "yes"}', '{}', '{"on": true, "x": 1}', '[true]']) {
    const r = await call('POST', '/api/calls/call-1/recording', body);
    assert.equal(r.status, 400, body);
    assert.match(String((r.json()['error'] as { message: string }).message), /"on"/);
  }
  const missing = await call('POST', '/api/calls/nope/recording', JSON.stringify({ on: true }));
  assert.equal(missing.status, 404);
});

test('bad bodies are 400 with a code and a message naming what was wrong', async (t) => {
  const { call } = await start(t);
  const cases: [string | undefined, string, RegExp][] = [
    ['{"from": "1001", "to": ', 'ERR_BAD_JSON', /^request body is not valid JSON/],
    ['[1,2]', 'ERR_INVALID_ARG', /^body: expected a JSON object/],
    ['{"from": "1001"}', 'ERR_INVALID_ARG', /^body.to: expected a number of 1 to 32 digits .* got nothing$/],
    ['{"from": 1001, "to": "1002"}', 'ERR_INVALID_ARG', /^body.from: expected .* got 1001$/],
    ['{"from": "1001", "to": "1002", "ring": true}', 'ERR_INVALID_ARG', /^body.ring: unknown key/],
    [undefined, 'ERR_INVALID_ARG', /^body: expected a JSON object/],
  ];
  for (const [body, code, message] of cases) {
    const r = await call('POST', '/api/calls', body);
    assert.equal(r.status, 400, String(body));
    const err = r.json()['error'] as { code: string; message: string };
    assert.equal(err.code, code, String(body));
    assert.match(err.message, message);
  }
  const big = await call('POST', '/api/calls', JSON.stringify({ from: 'x'.repeat(70_000), to: '1' }));
  assert.equal(big.status, 413);
});

test('query parameters of /api/cdrs are checked at both ends of their range', async (t) => {
  const { call } = await start(t);
  assert.equal((await call('GET', '/api/cdrs?limit=1')).status, 200);
  assert.equal((await call('GET', '/api/cdrs?limit=1000')).status, 200);
  for (const q of ['limit=0', 'limit=1001', 'limit=ten', 'number=12a', 'from=-1', 'colour=red']) {
    const r = await call('GET', `/api/cdrs?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal((r.json()['error'] as { code: string }).code, 'ERR_INVALID_ARG');
  }
});

test('an unroutable originate is 422 and drain mode refuses new calls with 503', async (t) => {
  const { call } = await start(t);
  const r = await call('POST', '/api/calls', JSON.stringify({ from: '1001', to: '0123' }));
  assert.equal(r.status, 422);
  assert.equal((r.json()['error'] as { code: string }).code, 'ERR_NO_ROUTE');
  const d = await call('POST', '/api/drain');
  assert.equal(d.status, 202);
  assert.deepEqual(d.json(), { draining: true, activeCalls: 0 });
  const h = (await call('GET', '/health')).json();
  assert.equal(h['status'], 'draining');
  const refused = await call('POST', '/api/calls', JSON.stringify({ from: '1001', to: '1002' }));
  assert.equal(refused.status, 503);
  assert.equal((refused.json()['error'] as { code: string }).code, 'ERR_DRAINING');
});

test('reload answers what was applied, or 400 with the config error', async (t) => {
  const { engine, call } = await start(t);
  assert.deepEqual((await call('POST', '/api/reload')).json(), { applied: ['routing'], needsRestart: [] });
  engine.nextReload = { ok: false, code: 'ERR_CONFIG_INVALID', message: 'config h.yaml: engine.logLevel: expected one of ..., got "loud"' };
  const r = await call('POST', '/api/reload');
  assert.equal(r.status, 400);
  assert.deepEqual(r.json(), { error: { code: 'ERR_CONFIG_INVALID', message: 'config h.yaml: engine.logLevel: expected one of ..., got "loud"' } });
});

test('GET /metrics is Prometheus text with calls, rate, tick cost and lateness, span alarms and store errors', async (t) => {
  const { engine, clock, call } = await start(t);
  clock.advance(5000);
  for (let i = 0; i < 5; i++) await call('POST', '/api/calls', JSON.stringify({ from: '1001', to: '1002' }));
  const r = await call('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.type, /^text\/plain; version=0\.0\.4/);
  const m = r.text;
  assert.match(m, /^# TYPE hotline_active_calls gauge\nhotline_active_calls 5$/m);
  assert.match(m, /^hotline_calls_total 5$/m);
  assert.match(m, /^hotline_calls_per_second 0.5$/m, '5 calls in the 10 s window');
  assert.match(m, /^hotline_media_tick_cost_ms\{stat="mean"\} 0.4$/m);
  assert.match(m, /^hotline_media_tick_lateness_ms\{stat="max"\} 3$/m);
  assert.match(m, /^hotline_span_alarm\{span="sim0\/2",alarm="los"\} 1$/m);
  assert.match(m, /^hotline_span_alarm\{span="sim0\/1",alarm="none"\} 0$/m);
  assert.match(m, /^hotline_span_busy_channels\{span="sim0\/1"\} 2$/m);
  assert.match(m, /^hotline_store_errors_total 0$/m);
  assert.match(m, /^hotline_store_writes_total 5$/m);
  clock.advance(11_000);
  assert.match((await call('GET', '/metrics')).text, /^hotline_calls_per_second 0$/m, 'the window slides');
  assert.equal(engine.calls().length, 5);
});

test('unknown paths and methods give a JSON 404', async (t) => {
  const { call } = await start(t);
  const r = await call('GET', '/nope');
  assert.equal(r.status, 404);
  assert.deepEqual(r.json(), { error: { code: 'ERR_NOT_FOUND', message: 'no route GET /nope' } });
  assert.equal((await call('PUT', '/api/calls')).status, 404);
});

test('an engine failure inside a handler is a 500 and the server keeps serving', async (t) => {
  const { engine, call } = await start(t);
  const spans = engine.spans;
  engine.spans = () => {
    throw new Error('boom');
  };
  const r = await call('GET', '/api/spans');
  assert.equal(r.status, 500);
  engine.spans = spans;
  assert.equal((r.json()['error'] as { code: string }).code, 'ERR_INTERNAL');
  assert.equal((await call('GET', '/api/calls')).status, 200);
  assert.match((await call('GET', '/metrics')).text, /^hotline_api_errors_total 1$/m);
});

test('the /api/events WebSocket streams engine events as they happen', async (t) => {
  const { call, port } = await start(t);
  const ws = await openTestSocket(port, '/api/events');
  const hello = JSON.parse(await ws.next()) as { type: string };
  assert.equal(hello.type, 'hello');
  await call('POST', '/api/calls', JSON.stringify({ from: '1001', to: '1002' }));
  const offered = JSON.parse(await ws.next()) as { type: string; callId: string; dnis: string };
  assert.deepEqual([offered.type, offered.callId, offered.dnis], ['offered', 'call-1', '1002']);
  await call('DELETE', '/api/calls/call-1');
  const ended = JSON.parse(await ws.next()) as { type: string; cdr: { callId: string } };
  assert.deepEqual([ended.type, ended.cdr.callId], ['ended', 'call-1']);
  ws.close();
});

test('a port already in use is a clear error', async (t) => {
  const { port } = await start(t);
  const store = openSqliteStore({ path: ':memory:', log: silentLog, nowWall: () => 0 });
  const other = new ApiServer({ engine: new ScriptedEngine(store.cdrs), cdrs: store.cdrs, clock: new ManualClock(), log: silentLog, version: '0', host: '127.0.0.1', port });
  await assert.rejects(other.listen(), new RegExp(`cannot listen on 127.0.0.1:${port}`));
  other.close();
  store.close();
});
