import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '../../../engine/core/contracts/index.ts';
import {
  CANONICAL_HEADER_BYTES,
  WavRecorder,
  WavRecordingFactory,
  decodeWav,
  parseWav,
  recordingModeFor,
  repairRecordings,
  repairWavFile,
  type RecordingSaved,
} from '../../../engine/core/recording/index.ts';
import { demoConfig } from '../../../engine/core/config/index.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-rec-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const frame = (f: (i: number) => number): Int16Array => Int16Array.from({ length: 160 }, (_, i) => f(i));

function declared(path: string): { riff: number; data: number; length: number } {
  const b = readFileSync(path);
  return { riff: b.readUInt32LE(4), data: b.readUInt32LE(40), length: b.length };
}

test('a mixed recording holds rx + tx, clipped, with exact header sizes after close', (t) => {
  const path = join(tempDir(t), 'mixed.wav');
  const r = WavRecorder.open(path, { layout: 'mixed', log: silentLog });
  for (let k = 0; k < 10; k++) r.write(frame((i) => i * 10), frame(() => (k === 9 ? 32000 : 5)));
  r.close();
  r.close();
  const d = decodeWav(path, readFileSync(path));
  assert.equal(d.source.channels, 1);
  assert.equal(d.source.sampleRateHz, 8000);
  assert.equal(d.samples.length, 1600);
  assert.equal(d.samples[3], 35);
  assert.equal(d.samples[9 * 160 + 100], 32767, 'clipped, not wrapped');
  assert.deepEqual(declared(path), { riff: 36 + 3200, data: 3200, length: 44 + 3200 });
});

test('a stereo recording puts rx on the left and tx on the right', (t) => {
  const path = join(tempDir(t), 'stereo.wav');
  const r = WavRecorder.open(path, { layout: 'stereo', log: silentLog });
  r.write(frame(() => 111), frame(() => -222));
  r.close();
  const bytes = readFileSync(path);
  const l = parseWav(path, bytes);
  assert.equal(l.format.channels, 2);
  assert.equal(l.format.blockAlign, 4);
  assert.equal(l.dataBytes, 640);
  assert.equal(bytes.readInt16LE(CANONICAL_HEADER_BYTES), 111);
  assert.equal(bytes.readInt16LE(CANONICAL_HEADER_BYTES + 2), -222);
});

test('while recording, the header is patched every second of audio, so the file on disk is playable up to the last second', (t) => {
  const path = join(tempDir(t), 'live.wav');
  const r = WavRecorder.open(path, { layout: 'mixed', log: silentLog });
  assert.deepEqual(declared(path), { riff: 36, data: 0, length: 44 });
  for (let k = 0; k < 49; k++) r.write(frame(() => 1), frame(() => 1));
  assert.deepEqual(declared(path), { riff: 36, data: 0, length: 44 }, 'under one second: still buffered');
  r.write(frame(() => 1), frame(() => 1));
  assert.deepEqual(declared(path), { riff: 36 + 16000, data: 16000, length: 44 + 16000 }, 'one second: written and patched');
  for (let k = 0; k < 75; k++) r.write(frame(() => 1), frame(() => 1));
  assert.equal(declared(path).data, 32000);
  assert.equal(decodeWav(path, readFileSync(path)).samples.length, 16000);
  r.close();
  assert.equal(declared(path).data, 125 * 320);
});

test('repair: a file whose data ran ahead of its header gets the sizes from its length; a partial sample is cut', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'cut.wav');
  const r = WavRecorder.open(path, { layout: 'stereo', log: silentLog });
  for (let k = 0; k < 120; k++) r.write(frame(() => 7), frame(() => 9));
  // The process "dies" here: the last 20 ticks are still in memory; then
  // simulate data the OS wrote after the last header patch, ending mid-sample.
  const before = declared(path);
  assert.equal(before.data, 2 * 32000);
  writeFileSync(path, Buffer.alloc(1003, 1), { flag: 'a' });
  assert.equal(repairWavFile(path).outcome, 'repaired');
  const after = declared(path);
  const data = 2 * 32000 + 1000;
  assert.deepEqual(after, { riff: 36 + data, data, length: 44 + data });
  assert.equal(decodeWav(path, readFileSync(path)).samples.length, data / 4);
  assert.equal(repairWavFile(path).outcome, 'ok', 'a repaired file is consistent');
});

test('repair: a header that claims more than the file holds is shrunk to the file', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'short.wav');
  const r = WavRecorder.open(path, { layout: 'mixed', log: silentLog });
  for (let k = 0; k < 100; k++) r.write(frame(() => 3), frame(() => 4));
  r.close();
  truncateSync(path, 44 + 20001);
  const results = repairRecordings(dir, silentLog);
  assert.deepEqual(results.map((x) => x.outcome), ['repaired']);
  assert.deepEqual(declared(path), { riff: 36 + 20000, data: 20000, length: 44 + 20000 });
});

test('repair walks subfolders, leaves good files untouched and skips non-WAVE files', (t) => {
  const dir = tempDir(t);
  const f = new WavRecordingFactory({ dir, layout: 'mixed', log: silentLog });
  const r = f.open({ callId: 'c1', legId: 'l1', at: 0, wallAt: Date.UTC(2026, 0, 1) });
  assert.equal(r.path, join(dir, '2026-01-01', 'c1-l1.wav'));
  r.write(frame(() => 1), frame(() => 1));
  r.close();
  writeFileSync(join(dir, 'junk.wav'), 'nope');
  const mtime = statSync(r.path).mtimeMs;
  const out = repairRecordings(dir, silentLog);
  assert.deepEqual(out.map((x) => x.outcome).sort(), ['ok', 'skipped']);
  assert.equal(statSync(r.path).mtimeMs, mtime);
  assert.deepEqual(repairRecordings(join(dir, 'absent'), silentLog), []);
});

test('the recording factory reports saved recordings and survives a folder it cannot write', (t) => {
  const dir = tempDir(t);
  const saved: RecordingSaved[] = [];
  const f = new WavRecordingFactory({ dir, layout: 'stereo', log: silentLog, onSaved: (s) => saved.push(s) });
  const r = f.open({ callId: 'call/9', legId: 'a', at: 0, wallAt: Date.UTC(2026, 5, 30, 23, 59) });
  assert.match(r.path, /2026-06-30[/\\]call_9-a\.wav$/);
  for (let k = 0; k < 50; k++) r.write(frame(() => 0), frame(() => 0));
  assert.equal(f.stats.active, 1);
  r.close();
  assert.equal(f.stats.active, 0);
  assert.deepEqual(saved, [{ callId: 'call/9', legId: 'a', path: r.path, dataBytes: 32000, durationMs: 1000 }]);
  writeFileSync(join(dir, 'blocked'), 'a file where a folder should be');
  const g = new WavRecordingFactory({ dir: join(dir, 'blocked'), layout: 'mixed', log: silentLog });
  const dead = g.open({ callId: 'c', legId: 'l', at: 0, wallAt: 0 });
  assert.equal(dead.path, '');
  assert.doesNotThrow(() => {
    dead.write(frame(() => 1), frame(() => 1));
    dead.close();
  });
  assert.equal(g.stats.errors, 1);
});

test('recording rules: an extension rule beats a queue rule, which beats a route rule, which beats the default', () => {
  const c = demoConfig().recording;
  assert.equal(recordingModeFor({ route: 'demo-in' }, c), 'always', 'route rule');
  assert.equal(recordingModeFor({ route: 'demo-out' }, c), 'never', 'default');
  assert.equal(recordingModeFor({ extension: '1001' }, c), 'always', 'extension rule');
  const more = {
    ...c,
    rules: [{ route: undefined, extension: '1001', queue: undefined, mode: 'never' as const }, ...c.rules, { route: undefined, extension: undefined, queue: 'sales', mode: 'onDemand' as const }],
  };
  assert.equal(recordingModeFor({ route: 'demo-in', extension: '1001' }, more), 'never');
  assert.equal(recordingModeFor({ route: 'demo-in', queue: 'sales' }, more), 'onDemand');
  assert.equal(recordingModeFor({ route: 'demo-in', extension: '1002', queue: 'sales' }, more), 'onDemand');
});

test('an I/O error while recording (the file descriptor is gone, as on a failing disk) stops the recording without throwing', { skip: existsSync('/proc/self/fd') ? false : 'needs /proc' }, (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'failing.wav');
  const errors: string[] = [];
  const log = { ...silentLog, error: (_f: object, msg: string) => errors.push(msg), child: () => log };
  const stats = { opened: 0, active: 0, errors: 0 };
  const r = WavRecorder.open(path, { layout: 'mixed', log, stats });
  const fd = readdirSync('/proc/self/fd').map(Number).find((n) => {
    try {
      return readlinkSync(`/proc/self/fd/${n}`) === path;
    } catch {
      return false;
    }
  });
  assert.ok(fd !== undefined, 'found the recording descriptor');
  closeSync(fd);
  assert.doesNotThrow(() => {
    for (let k = 0; k < 60; k++) r.write(frame(() => 1), frame(() => 1));
    r.close();
  });
  assert.deepEqual(errors, ['recording write failed, recording stopped']);
  assert.deepEqual(stats, { opened: 1, active: 0, errors: 1 });
});
