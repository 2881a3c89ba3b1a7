// Versioned schema migrations of the SQLite store.
//
// How: migrations are an ordered table of (version, name, SQL). The
// `schema_migrations` table records each applied version with its name and
// wall time; at open, every migration above the highest applied version runs
// in its own transaction, so a crash in the middle leaves the previous
// version intact. A database newer than this code (a version we do not know)
// is refused rather than written to.
//
// Limits: migrations only go forward; there is no down migration.

import type Database from 'better-sqlite3';
import { HotlineError } from '../core/contracts/index.ts';

/** One schema step. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, in order. Append only: never edit a published step. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'calls and legs',
    sql: `
      CREATE TABLE calls (
        call_id        TEXT PRIMARY KEY,
        open           INTEGER NOT NULL,
        ani            TEXT,
        dnis           TEXT NOT NULL,
        route          TEXT,
        disposition    TEXT,
        cause          INTEGER,
        cause_name     TEXT,
        start_at       REAL NOT NULL,
        answer_at      REAL,
        end_at         REAL,
        start_wall     INTEGER NOT NULL,
        answer_wall    INTEGER,
        end_wall       INTEGER,
        duration_ms    REAL,
        billable_ms    REAL,
        recording_path TEXT
      ) STRICT;
      CREATE INDEX calls_start_wall ON calls (start_wall);
      CREATE INDEX calls_open ON calls (open) WHERE open = 1;
      CREATE INDEX calls_ani ON calls (ani);
      CREATE INDEX calls_dnis ON calls (dnis);
      CREATE TABLE call_legs (
        call_id     TEXT NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
        leg_id      TEXT NOT NULL,
        seq         INTEGER NOT NULL,
        channel_id  TEXT NOT NULL,
        technology  TEXT NOT NULL,
        driver      TEXT NOT NULL,
        direction   TEXT NOT NULL,
        ani         TEXT,
        dnis        TEXT NOT NULL,
        start_at    REAL NOT NULL,
        answer_at   REAL,
        end_at      REAL NOT NULL,
        cause       INTEGER NOT NULL,
        released_by TEXT NOT NULL,
        PRIMARY KEY (call_id, leg_id)
      ) STRICT;
      CREATE INDEX call_legs_ani ON call_legs (ani);
      CREATE INDEX call_legs_dnis ON call_legs (dnis);
    `,
  },
];

/** Applies pending migrations; returns the versions applied now. */
export function migrate(db: Database.Database, nowWall: number, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) {
    throw new HotlineError('ERR_STORE', `store schema version ${current} is newer than this Hotline (${known}); refusing to open`);
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Math.round(nowWall));
    })();
    applied.push(m.version);
  }
  return applied;
}
