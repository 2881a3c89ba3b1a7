// CDR builder: the record of a finished call, as a pure function.
//
// What it does: turns an ended Call into the CdrRecord the store writes:
// call facts, one entry per leg, durations, and the disposition:
//   answered   the call was connected (some party answered)
//   busy       released before answer with Q.850 17 (user busy)
//   noAnswer   released before answer with 18, 19, or by the caller (16,
//              caller abandoned while the far end rang)
//   failed     any other cause before answer, or a failure inside the engine
//   crashed    never produced here: the store's recovery writes it for calls
//              still open at restart
// The cause is that of the first release in the call.
//
// Limits: times are engine ms and wall ms as the call recorded them.

import { Cause, causeName, type CdrDisposition, type CdrLeg, type CdrRecord } from '../contracts/index.ts';
import type { Call } from '../calls/call.ts';

/** Disposition from whether the call was answered and its cause. */
export function dispositionOf(answered: boolean, cause: number, failed: boolean): CdrDisposition {
  if (failed) return 'failed';
  if (answered) return 'answered';
  if (cause === Cause.userBusy) return 'busy';
  if (cause === Cause.noUserResponding || cause === Cause.noAnswer || cause === Cause.normalClearing) return 'noAnswer';
  return 'failed';
}

/** The CDR of an ended call. */
export function buildCdr(call: Call): CdrRecord {
  const endAt = call.endAt ?? call.startAt;
  const endWall = call.endWall ?? call.startWall;
  const cause = call.firstRelease?.cause ?? Cause.normalUnspecified;
  const legs: CdrLeg[] = call.legs.map((l) => ({
    legId: l.id,
    channelId: l.channel.id,
    technology: l.channel.technology,
    driver: l.channel.driver,
    direction: l.channel.direction,
    ani: l.channel.call?.ani ?? null,
    dnis: l.channel.call?.dnis ?? '',
    startAt: l.startAt,
    answerAt: l.answerAt,
    endAt: l.endAt ?? endAt,
    cause: l.channel.hangupInfo?.cause ?? cause,
    releasedBy: l.channel.hangupInfo?.by ?? 'local',
  }));
  return {
    callId: call.id,
    ani: call.ani ?? null,
    dnis: call.dnis,
    route: call.route,
    disposition: dispositionOf(call.answerAt !== null, cause, call.failure !== undefined),
    cause,
    causeName: causeName(cause),
    startAt: call.startAt,
    answerAt: call.answerAt,
    endAt,
    startWall: call.startWall,
    answerWall: call.answerWall,
    endWall,
    durationMs: endAt - call.startAt,
    billableMs: call.answerAt === null ? 0 : endAt - call.answerAt,
    recordingPath: call.recordingPath,
    legs,
  };
}
