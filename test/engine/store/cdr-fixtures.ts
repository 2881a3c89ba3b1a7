// Builds CDR records for store and API tests.

import type { CdrOpen, CdrRecord } from '../../../engine/core/contracts/index.ts';

export const WALL0 = 1_800_000_000_000;

/** The open-row facts of call n. */
export function openOf(n: number, over: Partial<CdrOpen> = {}): CdrOpen {
  return { callId: `call-${n}`, ani: `1390000${String(n).padStart(4, '0')}`, dnis: '1001', route: 'demo-in', startAt: n * 1000, startWall: WALL0 + n * 1000, ...over };
}

/** A complete answered two-leg record of call n. */
export function recordOf(n: number, over: Partial<CdrRecord> = {}): CdrRecord {
  const o = openOf(n);
  return {
    callId: o.callId,
    ani: o.ani,
    dnis: o.dnis,
    route: o.route,
    disposition: 'answered',
    cause: 16,
    causeName: 'normalClearing',
    startAt: o.startAt,
    answerAt: o.startAt + 3000,
    endAt: o.startAt + 63000,
    startWall: o.startWall,
    answerWall: o.startWall + 3000,
    endWall: o.startWall + 63000,
    durationMs: 63000,
    billableMs: 60000,
    recordingPath: null,
    legs: [
      { legId: `${o.callId}-a`, channelId: 'sim0/1/1', technology: 'china1', driver: 'china1', direction: 'incoming', ani: o.ani, dnis: o.dnis, startAt: o.startAt, answerAt: o.startAt + 3000, endAt: o.startAt + 63000, cause: 16, releasedBy: 'remote' },
      { legId: `${o.callId}-b`, channelId: 'sim0/3', technology: 'analog', driver: 'analog', direction: 'outgoing', ani: o.ani, dnis: '1001', startAt: o.startAt + 100, answerAt: o.startAt + 3000, endAt: o.startAt + 63000, cause: 16, releasedBy: 'local' },
    ],
    ...over,
  };
}
