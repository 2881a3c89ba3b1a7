import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav, decodeWav } from '../../engine/core/recording/index.ts';
import { startEngine, testConfig, until } from './engine-process.ts';

interface Cdr {
  callId: string;
  disposition: string;
  cause: number;
  recordingPath: string | null;
  legs: unknown[];
}

function wavFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.wav')) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

test('kill -9 during calls and recordings: ended calls keep their CDRs, open calls come back as crashed, recordings play', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-kill9-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  const config = testConfig(dataDir);
  const first = await startEngine(dir, config);
  t.after(() => first.child.kill('SIGKILL'));

  const ids: string[] = [];
  for (const [from, to] of [['1001', '2001'], ['1002', '2002'], ['1003', '2003'], ['1004', '2004']]) {
    const r = await first.api('POST', '/api/calls', { from, to });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    ids.push(String(r.json['callId']));
  }
  await until('four connected calls', async () => {
    const calls = (await first.api('GET', '/api/calls')).json['calls'] as { state: string }[];
    return calls.length === 4 && calls.every((c) => c.state === 'connected');
  });
  // Recordings flush once per second of audio: wait until every one has data on disk.
  const recordings = join(dataDir, 'recordings');
  await until('recordings with audio on disk', async () => {
    const files = wavFiles(recordings);
    return files.length >= 4 && files.every((f) => statSync(f).size > 44);
  });
  const [endA, endB, openC, openD] = ids as [string, string, string, string];
  for (const id of [endA, endB]) assert.equal((await first.api('DELETE', `/api/calls/${id}`)).status, 204);
  await until('two CDRs', async () => ((await first.api('GET', '/api/cdrs')).json['cdrs'] as Cdr[]).length === 2);
  const before = (await first.api('GET', '/api/cdrs')).json['cdrs'] as Cdr[];

  await first.kill9();

  const second = await startEngine(dir, config);
  t.after(() => second.child.kill('SIGKILL'));
  assert.match(second.stdout(), /2 call\(s\) left open by an unclean stop were closed as "crashed"/);
  const after = (await second.api('GET', '/api/cdrs?limit=10')).json['cdrs'] as Cdr[];
  const byId = new Map(after.map((c) => [c.callId, c]));
  for (const c of before) assert.deepEqual(byId.get(c.callId), c, `CDR of ended call ${c.callId} is unchanged`);
  for (const id of [endA, endB]) assert.equal(byId.get(id)?.disposition, 'answered');
  for (const id of [openC, openD]) {
    const c = byId.get(id);
    assert.equal(c?.disposition, 'crashed', `open call ${id} closed as crashed`);
    assert.equal(c?.cause, 41);
    assert.ok(c?.recordingPath, `crashed call ${id} is linked to its recording`);
  }
  const files = wavFiles(recordings);
  assert.ok(files.length >= 4);
  for (const f of files) {
    const bytes = readFileSync(f);
    const layout = parseWav(f, bytes);
    assert.equal(layout.declaredDataBytes, bytes.length - layout.dataOffset, `${f}: header sizes match the file after repair`);
    assert.equal(bytes.readUInt32LE(4), bytes.length - 8, `${f}: RIFF size`);
    assert.equal(layout.format.channels, 2);
    assert.ok(decodeWav(f, bytes).samples.length >= 8000, `${f}: at least one second of audio`);
  }
  assert.equal(await second.stop(), 0, 'clean stop on SIGTERM');
  assert.match(second.stdout(), /hotline: stopped/);
});
