import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, testConfig, until } from './engine-process.ts';

test('a running engine POSTs call.ended with the CDR and recording.saved with the file to a configured webhook', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-hooks-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const got: { event: string; data: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push(JSON.parse(body) as { event: string; data: Record<string, unknown> });
      res.writeHead(204, { connection: 'close' }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hotline`;
  const engine = await startEngine(dir, testConfig(join(dir, 'data'), `webhooks:\n  - { url: "${hookUrl}", events: [call.ended, recording.saved] }\n`));
  t.after(() => engine.child.kill('SIGKILL'));
  const c = await engine.api('POST', '/api/calls', { from: '1001', to: '2001' });
  const callId = String(c.json['callId']);
  // Connected means the first party answered; the recording starts when both are talking.
  await until('both parties answered', async () => {
    const legs = ((await engine.api('GET', '/api/calls')).json['calls'] as { legs: { state: string }[] }[])[0]?.legs ?? [];
    return legs.length === 2 && legs.every((l) => l.state === 'answered');
  });
  await engine.api('DELETE', `/api/calls/${callId}`);
  await until('both webhooks', async () => got.some((g) => g.event === 'call.ended') && got.some((g) => g.event === 'recording.saved'));
  const ended = got.find((g) => g.event === 'call.ended');
  assert.equal((ended?.data['cdr'] as { callId: string }).callId, callId);
  const saved = got.find((g) => g.event === 'recording.saved');
  assert.equal(saved?.data['callId'], callId);
  assert.match(String(saved?.data['path']), /\.wav$/);
  assert.equal(await engine.stop(), 0);
});
