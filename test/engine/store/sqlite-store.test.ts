import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { silentLog, type Log } from '../../../engine/core/contracts/index.ts';
import { MIGRATIONS, migrate, openSqliteStore } from '../../../engine/store/index.ts';
import { WALL0, openOf, recordOf } from './cdr-fixtures.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function capturingLog(lines: { level: string; msg: string }[]): Log {
  const log: Log = {
    error: (_f, msg) => lines.push({ level: 'error', msg }),
    warn: (_f, msg) => lines.push({ level: 'warn', msg }),
    info: () => {},
    debug: () => {},
    trace: () => {},
    child: () => log,
  };
  return log;
}

const open = (path: string, log: Log = silentLog, extra: { maxSizeBytes?: number } = {}) => openSqliteStore({ path, log, nowWall: () => WALL0, ...extra });

test('a new store applies every migration once, in WAL mode, and re-opening applies none', (t) => {
  const path = join(tempDir(t), 'cdr.sqlite');
  const s = open(path);
  assert.equal(s.schemaVersion, MIGRATIONS.at(-1)?.version);
  s.close();
  s.close();
  const db = new Database(path);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
  assert.equal(rows.length, MIGRATIONS.length);
  assert.deepEqual(migrate(db, WALL0), []);
  db.close();
});

test('a database from a newer Hotline is refused with ERR_STORE', (t) => {
  const path = join(tempDir(t), 'cdr.sqlite');
  open(path).close();
  const db = new Database(path);
  db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(999, 'future', WALL0);
  db.close();
  assert.throws(() => open(path), { code: 'ERR_STORE', message: /schema version 999 is newer/ });
});

test('a migration that fails leaves the previous version intact', () => {
  const db = new Database(':memory:');
  const steps = [...MIGRATIONS, { version: 2, name: 'broken', sql: 'CREATE TABLE t2 (x INTEGER); SELECT * FROM no_such_table;' }];
  assert.throws(() => migrate(db, WALL0, steps));
  assert.equal((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v, 1);
  assert.equal(db.prepare("SELECT name FROM sqlite_master WHERE name = 't2'").get(), undefined);
});

test('a written CDR reads back with its legs, and the open row it replaces is gone', (t) => {
  const s = open(join(tempDir(t), 'cdr.sqlite'));
  s.cdrs.callStarted(openOf(1));
  assert.equal(s.cdrs.get('call-1')?.open, true);
  assert.equal(s.cdrs.list().length, 0, 'open calls are not in the CDR list');
  const rec = recordOf(1, { recordingPath: 'recordings/call-1.wav' });
  s.cdrs.write(rec);
  assert.deepEqual(s.cdrs.list(), [rec]);
  assert.deepEqual(s.cdrs.get('call-1'), { open: false, ...rec });
  assert.deepEqual(s.cdrs.openCalls(), []);
  s.close();
});

test('a recording path set while the call is open survives the final write without one', (t) => {
  const s = open(join(tempDir(t), 'cdr.sqlite'));
  s.cdrs.callStarted(openOf(2, { startWall: WALL0 + 2000.4 }));
  assert.equal(s.cdrs.stats.errors, 0, 'fractional wall times are stored (rounded)');
  assert.equal(s.cdrs.openCalls()[0]?.startWall, WALL0 + 2000);
  s.cdrs.setRecordingPath('call-2', 'recordings/call-2.wav');
  s.cdrs.write(recordOf(2));
  assert.equal(s.cdrs.list()[0]?.recordingPath, 'recordings/call-2.wav');
  s.close();
});

test('queries: newest first, limit, by number on call or leg, by start time', (t) => {
  const s = open(join(tempDir(t), 'cdr.sqlite'));
  for (let n = 1; n <= 10; n++) s.cdrs.write(recordOf(n));
  s.cdrs.write(recordOf(11, { ani: '555', legs: [{ ...recordOf(11).legs[0]!, ani: '555' }, { ...recordOf(11).legs[1]!, dnis: '7777' }] }));
  assert.deepEqual(s.cdrs.list({ limit: 3 }).map((r) => r.callId), ['call-11', 'call-10', 'call-9']);
  assert.deepEqual(s.cdrs.list({ number: '555' }).map((r) => r.callId), ['call-11']);
  assert.deepEqual(s.cdrs.list({ number: '7777' }).map((r) => r.callId), ['call-11'], 'a leg number matches');
  assert.deepEqual(s.cdrs.list({ number: '13900000004' }).map((r) => r.callId), ['call-4']);
  assert.deepEqual(s.cdrs.list({ fromWall: WALL0 + 3000, toWall: WALL0 + 5000 }).map((r) => r.callId), ['call-4', 'call-3']);
  assert.equal(s.cdrs.list({ limit: 0 }).length, 1, 'limit is at least 1');
  assert.equal(s.cdrs.list({ limit: 5000 }).length, 11, 'limit is capped, not refused');
  s.close();
});

test('at start every call still open is closed as crashed with cause 41; ended calls are untouched', (t) => {
  const path = join(tempDir(t), 'cdr.sqlite');
  const s = open(path);
  s.cdrs.write(recordOf(1));
  s.cdrs.callStarted(openOf(2));
  s.cdrs.callStarted(openOf(3));
  s.close();
  const lines: { level: string; msg: string }[] = [];
  const again = open(path, capturingLog(lines));
  const recovered = again.cdrs.recoverCrashed(WALL0 + 10_000);
  assert.deepEqual(recovered.closed.sort(), ['call-2', 'call-3']);
  const crashed = again.cdrs.list({ number: openOf(2).ani ?? '' })[0];
  assert.equal(crashed?.disposition, 'crashed');
  assert.equal(crashed?.cause, 41);
  assert.equal(crashed?.endWall, WALL0 + 10_000);
  assert.equal(crashed?.durationMs, 10_000 - 2000);
  assert.deepEqual(again.cdrs.get('call-1'), { open: false, ...recordOf(1) });
  assert.deepEqual(again.cdrs.recoverCrashed(WALL0 + 20_000).closed, [], 'a second pass finds nothing');
  assert.ok(lines.some((l) => l.level === 'warn' && l.msg === 'open calls closed as crashed'));
  again.close();
});

test('a full store fails loudly (error log and counter), never throws, and keeps committed rows', (t) => {
  const path = join(tempDir(t), 'cdr.sqlite');
  const lines: { level: string; msg: string }[] = [];
  const s = open(path, capturingLog(lines), { maxSizeBytes: 64 * 1024 });
  let n = 0;
  const big = 'x'.repeat(2000);
  while (s.cdrs.stats.errors === 0 && n < 500) s.cdrs.write(recordOf(++n, { recordingPath: big }));
  assert.ok(s.cdrs.stats.errors >= 1, 'the quota was hit');
  assert.ok(n > 3 && n < 500);
  assert.ok(lines.some((l) => l.level === 'error' && l.msg === 'store write failed: call ended'));
  assert.doesNotThrow(() => s.cdrs.callStarted(openOf(9999, { dnis: big })));
  s.close();
  const again = open(path);
  assert.equal(again.cdrs.list({ limit: 1000 }).length, n - 1, 'every row before the failure is there, the failed one is not half-written');
  assert.equal(again.cdrs.get(`call-${n}`), undefined);
  again.close();
});

test('kill -9 of a writing process loses no committed CDR', async (t) => {
  const path = join(tempDir(t), 'cdr.sqlite');
  const script = `
    import { openSqliteStore } from './engine/store/index.ts';
    import { silentLog } from './engine/core/contracts/index.ts';
    import { recordOf } from './test/engine/store/cdr-fixtures.ts';
    const s = openSqliteStore({ path: process.argv[1], log: silentLog, nowWall: () => 0 });
    for (let n = 1; ; n++) { s.cdrs.write(recordOf(n)); process.stdout.write(n + '\\n'); }
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = 0;
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trim().split('\n');
      last = Number(lines.at(-1));
      if (last >= 200 && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await new Promise((resolve) => child.once('exit', resolve));
  const s = open(path);
  const stored = s.cdrs.list({ limit: 1000 }).length;
  assert.ok(stored >= last, `every reported write is stored (${stored} >= ${last})`);
  s.close();
});
