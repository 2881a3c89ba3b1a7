import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as spawnCli, startEngine, testConfig, until } from './engine-process.ts';
import { runCli as runCliInProcess, type CliEnv } from '../../engine/cli/cli.ts';

/** Runs a client command line in this process (the engine is a real child process). */
async function runCli(args: string[], env: CliEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCliInProcess(args, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) }, env);
  return { code, out, err };
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('CLI against a running engine: status, spans, originate, calls, hangup, cdrs', async (t) => {
  const dir = tempDir(t);
  const engine = await startEngine(dir, testConfig(join(dir, 'data')));
  t.after(() => engine.child.kill('SIGKILL'));
  const url = ['--url', engine.url];

  const status = await runCli(['status', ...url]);
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, /^hotline 0\.\d+\.\d+: ok, up [0-9.]+s, 0 active call\(s\)$/m);
  assert.match(status.out, /^loopback\/0 +loopback +loopback +none +0\/30$/m);

  const spans = await runCli(['spans', '--json'], { HOTLINE_URL: engine.url });
  assert.equal(spans.code, 0, spans.err);
  assert.deepEqual(JSON.parse(spans.out), { spans: [{ name: 'loopback/0', kind: 'loopback', driver: 'loopback', alarms: [], channels: 30, busy: 0 }] });

  const orig = await runCli(['originate', '1001', '2001', ...url]);
  assert.equal(orig.code, 0, orig.err);
  const callId = /^call (\S+): ringing 1001, then 2001$/m.exec(orig.out)?.[1];
  assert.ok(callId, orig.out);
  await until('the call connects', async () => ((await engine.api('GET', '/api/calls')).json['calls'] as { state: string }[])[0]?.state === 'connected');
  const calls = await runCli(['calls', ...url]);
  assert.match(calls.out, new RegExp(`^${callId} +connected +1001 +2001 `, 'm'));

  const hang = await runCli(['hangup', callId, ...url]);
  assert.equal(hang.code, 0, hang.err);
  assert.equal(hang.out.trim(), `call ${callId}: hung up`);
  await until('the CDR', async () => ((await engine.api('GET', '/api/cdrs')).json['cdrs'] as unknown[]).length === 1);
  const cdrs = await runCli(['cdrs', '--number', '2001', '--limit', '5', ...url]);
  assert.equal(cdrs.code, 0, cdrs.err);
  assert.match(cdrs.out, new RegExp(`^${callId} .* 1001 +2001 +answered +normalClearing `, 'm'));

  const again = await runCli(['hangup', callId, ...url]);
  assert.equal(again.code, 1);
  assert.match(again.err, /^hotline: ERR_NOT_FOUND: no active call/);
  assert.equal(await engine.stop(), 0);
});

test('the hotline executable runs the CLI and passes its exit code', () => {
  const help = spawnCli(['--help']);
  assert.equal(help.code, 0, help.err);
  assert.match(help.out, /^usage: hotline <command>/);
  const bad = spawnCli(['originate', '1001']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^hotline originate: expected FROM TO, got 1001$/m);
});

test('CLI without an engine says it cannot reach it and exits 1; usage errors exit 2', async () => {
  const r = await runCli(['status', '--url', 'http://127.0.0.1:1']);
  assert.equal(r.code, 1);
  assert.match(r.err, /^hotline: cannot reach the engine at http:\/\/127\.0\.0\.1:1 .*is it running\?/);
  for (const args of [['originate', '1001'], ['frobnicate'], ['calls', '--colour'], ['cdrs', '--limit'], []]) {
    const u = await runCli(args);
    assert.equal(u.code, 2, args.join(' '));
  }
  assert.equal((await runCli(['--help'])).code, 0);
  assert.equal((await runCli(['status', '--url', 'not a url'])).code, 2);
});

test('a bad config file is refused at start with its file, key and expectation, exit 2', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'bad.yaml');
  writeFileSync(join(dir, 'ok.yaml'), 'engine: { httpPort: 0 }\n');
  writeFileSync(file, 'engine:\n  httpPort: 8080\nboards:\n  - { id: b0, kind: sim, spans: [{ kind: e1, framing: css }] }\n');
  const r = await runCli(['start', '--config', file]);
  assert.equal(r.code, 2);
  assert.equal(r.err.trim(), `hotline: config ${file}: boards[0].spans[0].framing: expected "cas" or "ccs", got "css"`);
  const missing = await runCli(['start', '--config', join(dir, 'none.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /none\.yaml: \(file\): expected a readable file, got "ENOENT"/);
  const env = await runCli(['start', '--config', join(dir, 'ok.yaml')], { HOTLINE_HTTP_PORT: 'eighty' });
  assert.equal(env.code, 2);
  assert.match(env.err, /environment: HOTLINE_HTTP_PORT: expected an integer from 0 to 65535, got "eighty"/);
  const real = spawnCli(['start', '--config', file]);
  assert.equal(real.code, 2, 'the executable exits 2 too');
  assert.match(real.err, /boards\[0\].spans\[0\].framing/);
});

test('a bad route never crashes a running engine: unroutable calls fail with a cause, a bad reload changes nothing', async (t) => {
  const dir = tempDir(t);
  const base = testConfig(join(dir, 'data'));
  const engine = await startEngine(dir, base);
  t.after(() => engine.child.kill('SIGKILL'));
  // A route to a trunk group that does not exist is accepted (a warning) and fails per call.
  const withBadRoute = base.replace('routing:\n', 'routing:\n  outbound:\n    - { name: ghost, match: "_0X.", class: local, trunkGroup: nowhere }\n');
  writeFileSync(join(dir, 'hotline.yaml'), withBadRoute);
  const ok = await engine.api('POST', '/api/reload');
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.deepEqual(ok.json['applied'], ['routing']);
  const call = await engine.api('POST', '/api/calls', { from: '1001', to: '0123456' });
  assert.equal(call.status, 201);
  await until('the unroutable call ends', async () => ((await engine.api('GET', '/api/cdrs')).json['cdrs'] as unknown[]).length === 1);
  const cdr = ((await engine.api('GET', '/api/cdrs')).json['cdrs'] as { disposition: string; cause: number }[])[0];
  assert.notEqual(cdr?.cause, 16, `released with a failure cause, got ${JSON.stringify(cdr)}`);
  const unknownExt = await engine.api('POST', '/api/calls', { from: '9999', to: '1001' });
  assert.equal(unknownExt.status, 422);
  // An invalid file is refused whole; the running config stays.
  writeFileSync(join(dir, 'hotline.yaml'), base.replace('logLevel: info', 'logLevel: loud'));
  const bad = await engine.api('POST', '/api/reload');
  assert.equal(bad.status, 400);
  assert.match(String((bad.json['error'] as { message: string }).message), /engine.logLevel: expected one of .* got "loud"/);
  const health = await engine.api('GET', '/health');
  assert.equal(health.json['status'], 'ok');
  assert.equal(engine.child.exitCode, null, 'still running');
  assert.equal(await engine.stop(), 0);
});

test('drain: new calls are refused while a call in progress finishes', async (t) => {
  const dir = tempDir(t);
  const engine = await startEngine(dir, testConfig(join(dir, 'data')));
  t.after(() => engine.child.kill('SIGKILL'));
  const c = await engine.api('POST', '/api/calls', { from: '1001', to: '2001' });
  const id = String(c.json['callId']);
  await until('connected', async () => ((await engine.api('GET', '/api/calls')).json['calls'] as { state: string }[])[0]?.state === 'connected');
  assert.equal((await engine.api('POST', '/api/drain')).status, 202);
  const refused = await engine.api('POST', '/api/calls', { from: '1002', to: '2002' });
  assert.equal(refused.status, 503);
  assert.equal(((await engine.api('GET', '/api/calls')).json['calls'] as unknown[]).length, 1, 'the call in progress is kept');
  assert.equal((await engine.api('DELETE', `/api/calls/${id}`)).status, 204);
  assert.equal(await engine.stop(), 0);
});
