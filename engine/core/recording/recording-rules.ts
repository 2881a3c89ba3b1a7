// Recording rules: whether a call is recorded, from the configuration's
// always / never / on-demand settings (the `recording` section).
//
// How: the most specific rule wins: a rule for the extension, then for the
// queue, then for the route; without a matching rule, recording.default.
// `onDemand` means "not now; the agent or an application may start it".
//
// Limits: rules select by exact name/number; patterns are the routes' job.

import type { RecordingMode, RecordingSection } from '../config/index.ts';

/** What is known about a call when deciding. */
export interface RecordingSubject {
  route?: string | undefined;
  extension?: string | undefined;
  queue?: string | undefined;
}

/** The recording mode for a call. */
export function recordingModeFor(subject: RecordingSubject, recording: RecordingSection): RecordingMode {
  const rules = recording.rules;
  const byRule = (pick: (r: (typeof rules)[number]) => string | undefined, value: string | undefined): RecordingMode | undefined =>
    value === undefined ? undefined : rules.find((r) => pick(r) === value)?.mode;
  return byRule((r) => r.extension, subject.extension) ?? byRule((r) => r.queue, subject.queue) ?? byRule((r) => r.route, subject.route) ?? recording.default;
}
