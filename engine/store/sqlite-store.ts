// Opens the SQLite store: the database file, its pragmas, the migrations,
// and the repositories over it.
//
// Pragmas: journal_mode=WAL (readers never block the writer, and a commit is
// one append to the WAL: a killed process loses nothing committed, the WAL
// is replayed at the next open); synchronous=NORMAL by default (durable
// against process death; FULL adds an fsync per commit for power loss);
// foreign_keys=ON; busy_timeout so a second reader (the CLI, a backup) does
// not fail at once.
//
// Limits: one writer process per file (SQLite's rule); the store is
// synchronous and runs on the engine thread, which is fine for CDR rates (a
// few hundred rows per second cost well under a millisecond each).

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HotlineError, type Log } from '../core/contracts/index.ts';
import { migrate } from './migrations.ts';
import { SqliteCdrRepository } from './sqlite-cdr-repository.ts';
import type { CdrRepository } from './repository.ts';

/** Options of openSqliteStore. */
export interface SqliteStoreOptions {
  /** Database file (created with its folder), or ":memory:". */
  path: string;
  log: Log;
  /** Wall time in ms since the epoch (migration stamps). */
  nowWall: () => number;
  /** NORMAL survives kill -9; FULL also survives power loss. Default NORMAL. */
  synchronous?: 'normal' | 'full';
  /** Upper bound of the database size (SQLite max_page_count); writes beyond it fail as a full disk would. */
  maxSizeBytes?: number;
}

/** An open store. */
export interface Store {
  readonly path: string;
  readonly cdrs: CdrRepository;
  /** Highest applied schema version. */
  readonly schemaVersion: number;
  /** Closes the database (checkpoints the WAL); idempotent. */
  close(): void;
}

/** Opens (and migrates) the SQLite store; throws HotlineError ERR_STORE if the file cannot be opened. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const log = options.log.child({ mod: 'store' });
  let db: Database.Database;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    const applied = migrate(db, options.nowWall());
    if (options.maxSizeBytes !== undefined) {
      const pageSize = Number(db.pragma('page_size', { simple: true }));
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxSizeBytes / pageSize))}`);
    }
    if (applied.length > 0) log.info({ path: options.path, versions: applied }, 'store migrated');
  } catch (err) {
    if (err instanceof HotlineError) throw err;
    throw new HotlineError('ERR_STORE', `store ${options.path}: cannot open: ${(err as Error).message}`, { cause: err });
  }
  const version = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v;
  const cdrs = new SqliteCdrRepository(db, { log });
  let closed = false;
  return {
    path: options.path,
    cdrs,
    schemaVersion: version,
    close() {
      if (closed) return;
      closed = true;
      try {
        db.close();
      } catch (err) {
        log.error({ err }, 'store close failed');
      }
    },
  };
}
