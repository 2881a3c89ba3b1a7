// Call detail records: what one record holds and the sink that stores it.
//
// What it does: declares the CDR the engine produces for every call (one
// record per call, with its legs), and the CdrSink the store implements
// (engine/store, SQLite). The engine calls `callStarted` when a call is
// created, so the store can keep an open row, and `write` once when the call
// has ended; at restart the store closes rows left open with disposition
// `crashed` (the record below is what it completes).
//
// How the disposition is chosen (engine/core/cdr/): answered if any leg
// pair was connected; else busy for Q.850 17; noAnswer for 18, 19 and for a
// caller who hung up while the far end rang (16 before answer); failed for
// every other cause; crashed is written only by the store's recovery.
//
// Limits: `write` is synchronous (better-sqlite3); it must not throw for bad
// data, and if it does the engine logs the error and keeps running.

/** How a call ended, for reports. */
export type CdrDisposition = 'answered' | 'noAnswer' | 'busy' | 'failed' | 'crashed';

/** One leg of a call in its CDR. Times are engine ms; `*Wall` are ms since the epoch. */
export interface CdrLeg {
  readonly legId: string;
  readonly channelId: string;
  readonly technology: string;
  readonly driver: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly ani: string | null;
  readonly dnis: string;
  readonly startAt: number;
  readonly answerAt: number | null;
  readonly endAt: number;
  readonly cause: number;
  readonly releasedBy: 'local' | 'remote';
}

/** What the store receives when a call begins (enough to close it after a crash). */
export interface CdrOpen {
  readonly callId: string;
  readonly ani: string | null;
  readonly dnis: string;
  readonly route: string | null;
  readonly startAt: number;
  readonly startWall: number;
}

/** One record per call. */
export interface CdrRecord {
  readonly callId: string;
  readonly ani: string | null;
  readonly dnis: string;
  /** Name of the inbound or outbound route used, if any. */
  readonly route: string | null;
  readonly disposition: CdrDisposition;
  /** Q.850 cause of the call's release (the first leg that released). */
  readonly cause: number;
  readonly causeName: string;
  readonly startAt: number;
  readonly answerAt: number | null;
  readonly endAt: number;
  readonly startWall: number;
  readonly answerWall: number | null;
  readonly endWall: number;
  /** endAt - startAt. */
  readonly durationMs: number;
  /** endAt - answerAt (0 when not answered). */
  readonly billableMs: number;
  readonly recordingPath: string | null;
  readonly legs: readonly CdrLeg[];
}

/** Where CDRs go (the SQLite store implements it). */
export interface CdrSink {
  /** A call began: keep an open row. */
  callStarted(open: CdrOpen): void;
  /** A call ended: store its record (synchronous; durable when it returns). */
  write(record: CdrRecord): void;
}
