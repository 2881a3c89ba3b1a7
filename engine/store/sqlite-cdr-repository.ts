// The CDR repository on SQLite (better-sqlite3).
//
// What it does: one `calls` row per call, created open at `callStarted` and
// completed by `write` with its legs (`call_legs`), in one transaction per
// operation, so a row is either wholly there or not at all. Queries for the
// API (newest first, by number, by time) and the start-up crash recovery
// (open rows -> disposition `crashed`).
//
// Durability: the database runs in WAL mode (sqlite-store.ts). A committed
// transaction is in the WAL file when `write` returns; a killed process
// (kill -9) loses nothing committed, because the WAL is replayed on the next
// open. With synchronous=NORMAL a power loss may lose the last transactions;
// synchronous=FULL (option) closes that gap at the cost of an fsync per CDR.
//
// Errors: no method throws. A failure (SQLITE_FULL, SQLITE_IOERR, ...) is
// logged at error level with the call id, counted in stats.errors, and the
// transaction is rolled back by better-sqlite3; the engine carries on.

import type Database from 'better-sqlite3';
import { Cause, causeName, type CdrDisposition, type CdrLeg, type CdrOpen, type CdrRecord, type Log } from '../core/contracts/index.ts';
import type { CdrQuery, CdrRepository, CrashRecovery, StoreStats, StoredCall } from './repository.ts';

export const DEFAULT_CDR_LIMIT = 50;
export const MAX_CDR_LIMIT = 1000;

interface CallRow {
  call_id: string;
  open: number;
  ani: string | null;
  dnis: string;
  route: string | null;
  disposition: string | null;
  cause: number | null;
  cause_name: string | null;
  start_at: number;
  answer_at: number | null;
  end_at: number | null;
  start_wall: number;
  answer_wall: number | null;
  end_wall: number | null;
  duration_ms: number | null;
  billable_ms: number | null;
  recording_path: string | null;
}

interface LegRow {
  leg_id: string;
  channel_id: string;
  technology: string;
  driver: string;
  direction: string;
  ani: string | null;
  dnis: string;
  start_at: number;
  answer_at: number | null;
  end_at: number;
  cause: number;
  released_by: string;
}

const DISPOSITIONS: readonly CdrDisposition[] = ['answered', 'noAnswer', 'busy', 'failed', 'crashed'];

/** CdrRepository over an open better-sqlite3 database (migrated). */
export class SqliteCdrRepository implements CdrRepository {
  readonly stats: StoreStats = { writes: 0, errors: 0 };
  private readonly db: Database.Database;
  private readonly log: Log;
  private readonly stmt: ReturnType<SqliteCdrRepository['prepare']>;

  constructor(db: Database.Database, options: { log: Log }) {
    this.db = db;
    this.log = options.log;
    this.stmt = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      open: db.prepare(
        `INSERT INTO calls (call_id, open, ani, dnis, route, start_at, start_wall)
         VALUES (@callId, 1, @ani, @dnis, @route, @startAt, @startWall)
         ON CONFLICT (call_id) DO NOTHING`,
      ),
      close: db.prepare(
        `INSERT INTO calls (call_id, open, ani, dnis, route, disposition, cause, cause_name, start_at, answer_at, end_at,
                            start_wall, answer_wall, end_wall, duration_ms, billable_ms, recording_path)
         VALUES (@callId, 0, @ani, @dnis, @route, @disposition, @cause, @causeName, @startAt, @answerAt, @endAt,
                 @startWall, @answerWall, @endWall, @durationMs, @billableMs, @recordingPath)
         ON CONFLICT (call_id) DO UPDATE SET open = 0, ani = excluded.ani, dnis = excluded.dnis, route = excluded.route,
           disposition = excluded.disposition, cause = excluded.cause, cause_name = excluded.cause_name,
           start_at = excluded.start_at, answer_at = excluded.answer_at, end_at = excluded.end_at,
           start_wall = excluded.start_wall, answer_wall = excluded.answer_wall, end_wall = excluded.end_wall,
           duration_ms = excluded.duration_ms, billable_ms = excluded.billable_ms,
           recording_path = COALESCE(excluded.recording_path, calls.recording_path)`,
      ),
      deleteLegs: db.prepare('DELETE FROM call_legs WHERE call_id = ?'),
      leg: db.prepare(
        `INSERT INTO call_legs (call_id, leg_id, seq, channel_id, technology, driver, direction, ani, dnis, start_at, answer_at, end_at, cause, released_by)
         VALUES (@callId, @legId, @seq, @channelId, @technology, @driver, @direction, @ani, @dnis, @startAt, @answerAt, @endAt, @cause, @releasedBy)`,
      ),
      get: db.prepare('SELECT * FROM calls WHERE call_id = ?'),
      legs: db.prepare('SELECT * FROM call_legs WHERE call_id = ? ORDER BY seq'),
      openCalls: db.prepare('SELECT * FROM calls WHERE open = 1 ORDER BY start_wall'),
      setRecording: db.prepare('UPDATE calls SET recording_path = ? WHERE call_id = ?'),
      crash: db.prepare(
        `UPDATE calls SET open = 0, disposition = 'crashed', cause = @cause, cause_name = @causeName, end_at = start_at,
           end_wall = MAX(@nowWall, start_wall), duration_ms = MAX(@nowWall, start_wall) - start_wall, billable_ms = 0
         WHERE call_id = @callId AND open = 1`,
      ),
    };
  }

  callStarted(open: CdrOpen): void {
    this.guard('call started', open.callId, () => {
      // Wall times are whole milliseconds in the table (STRICT INTEGER); engine clocks give fractions.
      this.stmt.open.run({ ...open, startWall: Math.round(open.startWall) });
    });
  }

  write(record: CdrRecord): void {
    this.guard('call ended', record.callId, () => {
      this.db.transaction(() => {
        this.stmt.close.run({
          callId: record.callId,
          ani: record.ani,
          dnis: record.dnis,
          route: record.route,
          disposition: record.disposition,
          cause: record.cause,
          causeName: record.causeName,
          startAt: record.startAt,
          answerAt: record.answerAt,
          endAt: record.endAt,
          startWall: Math.round(record.startWall),
          answerWall: record.answerWall === null ? null : Math.round(record.answerWall),
          endWall: Math.round(record.endWall),
          durationMs: record.durationMs,
          billableMs: record.billableMs,
          recordingPath: record.recordingPath,
        });
        this.stmt.deleteLegs.run(record.callId);
        record.legs.forEach((leg, seq) => this.stmt.leg.run({ callId: record.callId, seq, ...leg }));
      })();
    });
  }

  setRecordingPath(callId: string, path: string): void {
    this.guard('recording path', callId, () => {
      this.stmt.setRecording.run(path, callId);
    });
  }

  recoverCrashed(nowWall: number): CrashRecovery {
    const closed: string[] = [];
    this.guard('crash recovery', '*', () => {
      this.db.transaction(() => {
        for (const row of this.stmt.openCalls.all() as CallRow[]) {
          this.stmt.crash.run({ callId: row.call_id, cause: Cause.temporaryFailure, causeName: causeName(Cause.temporaryFailure), nowWall: Math.round(nowWall) });
          closed.push(row.call_id);
        }
      })();
    });
    if (closed.length > 0) this.log.warn({ calls: closed.length }, 'open calls closed as crashed');
    return { closed };
  }

  list(query: CdrQuery = {}): CdrRecord[] {
    const limit = Math.min(MAX_CDR_LIMIT, Math.max(1, Math.floor(query.limit ?? DEFAULT_CDR_LIMIT)));
    const where = ['open = 0'];
    const params: Record<string, unknown> = { limit };
    if (query.number !== undefined) {
      where.push('(ani = @number OR dnis = @number OR call_id IN (SELECT call_id FROM call_legs WHERE ani = @number OR dnis = @number))');
      params['number'] = query.number;
    }
    if (query.fromWall !== undefined) {
      where.push('start_wall >= @fromWall');
      params['fromWall'] = Math.round(query.fromWall);
    }
    if (query.toWall !== undefined) {
      where.push('start_wall < @toWall');
      params['toWall'] = Math.round(query.toWall);
    }
    const rows = this.read('list', () =>
      this.db.prepare(`SELECT * FROM calls WHERE ${where.join(' AND ')} ORDER BY start_wall DESC, rowid DESC LIMIT @limit`).all(params) as CallRow[],
    );
    return (rows ?? []).map((r) => this.toRecord(r));
  }

  get(callId: string): StoredCall | undefined {
    const row = this.read('get', () => this.stmt.get.get(callId) as CallRow | undefined);
    if (!row) return undefined;
    if (row.open === 1) return { open: true, ...toOpen(row) };
    return { open: false, ...this.toRecord(row) };
  }

  openCalls(): CdrOpen[] {
    return (this.read('open calls', () => this.stmt.openCalls.all() as CallRow[]) ?? []).map(toOpen);
  }

  private toRecord(r: CallRow): CdrRecord {
    const legs = (this.stmt.legs.all(r.call_id) as LegRow[]).map(
      (l): CdrLeg => ({
        legId: l.leg_id,
        channelId: l.channel_id,
        technology: l.technology,
        driver: l.driver,
        direction: l.direction === 'outgoing' ? 'outgoing' : 'incoming',
        ani: l.ani,
        dnis: l.dnis,
        startAt: l.start_at,
        answerAt: l.answer_at,
        endAt: l.end_at,
        cause: l.cause,
        releasedBy: l.released_by === 'local' ? 'local' : 'remote',
      }),
    );
    const disposition = DISPOSITIONS.find((d) => d === r.disposition) ?? 'failed';
    return {
      callId: r.call_id,
      ani: r.ani,
      dnis: r.dnis,
      route: r.route,
      disposition,
      cause: r.cause ?? 0,
      causeName: r.cause_name ?? causeName(r.cause ?? 0),
      startAt: r.start_at,
      answerAt: r.answer_at,
      endAt: r.end_at ?? r.start_at,
      startWall: r.start_wall,
      answerWall: r.answer_wall,
      endWall: r.end_wall ?? r.start_wall,
      durationMs: r.duration_ms ?? 0,
      billableMs: r.billable_ms ?? 0,
      recordingPath: r.recording_path,
      legs,
    };
  }

  /** Runs a write; a failure is logged and counted, never thrown. */
  private guard(what: string, callId: string, fn: () => void): void {
    try {
      fn();
      this.stats.writes++;
    } catch (err) {
      this.stats.errors++;
      this.log.error({ err, call: callId, code: (err as { code?: unknown }).code }, `store write failed: ${what}`);
    }
  }

  /** Runs a read; a failure is logged and counted, and reads as nothing. */
  private read<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.stats.errors++;
      this.log.error({ err, code: (err as { code?: unknown }).code }, `store read failed: ${what}`);
      return undefined;
    }
  }
}

function toOpen(r: CallRow): CdrOpen {
  return { callId: r.call_id, ani: r.ani, dnis: r.dnis, route: r.route, startAt: r.start_at, startWall: r.start_wall };
}
