// Storage interfaces: what the engine and the API need from a store, with no
// word of SQL in them, so that PostgreSQL can replace SQLite when Hotline
// runs on several nodes (design.md "Scale-out").
//
// The CDR repository is the engine's CdrSink (contracts/cdr.ts) plus the
// queries the API serves and the crash recovery the engine runs at start.
// Write methods never throw: a store error (full disk, I/O error, locked
// file) is logged at error level and counted in `stats.errors`; the engine
// keeps running and rows already committed stay committed.

import type { CdrOpen, CdrRecord, CdrSink } from '../core/contracts/index.ts';

/** A stored call: its record, or an open call (no end yet). */
export type StoredCall =
  | ({ readonly open: false } & CdrRecord)
  | ({ readonly open: true } & CdrOpen);

/** Query of the CDR list (newest first). */
export interface CdrQuery {
  /** At most this many rows (1..1000, default 50). */
  limit?: number;
  /** Rows whose ANI or DNIS equals this number (on the call or any leg). */
  number?: string;
  /** Calls that started at or after this wall time (ms since the epoch). */
  fromWall?: number;
  /** Calls that started before this wall time. */
  toWall?: number;
}

/** Counters a store keeps for /metrics. */
export interface StoreStats {
  /** Rows written (call started or ended). */
  writes: number;
  /** Failed operations (each also logged at error level). */
  errors: number;
}

/** Outcome of the start-up pass over calls left open by a crash. */
export interface CrashRecovery {
  /** Calls closed with disposition `crashed`. */
  closed: string[];
}

/** CDR storage: the engine's sink plus queries and recovery. */
export interface CdrRepository extends CdrSink {
  readonly stats: StoreStats;
  /** Closed CDRs, newest first. */
  list(query?: CdrQuery): CdrRecord[];
  /** One call, open or closed. */
  get(callId: string): StoredCall | undefined;
  /** Calls still open (started, not ended). */
  openCalls(): CdrOpen[];
  /** Records the path of a call's recording (also for calls still open). Never throws. */
  setRecordingPath(callId: string, path: string): void;
  /**
   * Closes every open call with disposition `crashed` (cause 41, temporary
   * failure); their end time is `nowWall`, when the crash was noticed.
   */
  recoverCrashed(nowWall: number): CrashRecovery;
}
