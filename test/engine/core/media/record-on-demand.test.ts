// On-demand recording: the `onDemand` rule records nothing until asked, and
// Engine.record starts and stops the recording of a connected call.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordingFactory, RecordingSink } from '../../../../engine/core/index.ts';
import { harness, lineOf } from '../support/harness.ts';
import { connect } from '../support/connect.ts';
import { tone } from '../../../support/signals.ts';

function countingFactory(): { factory: RecordingFactory; frames: () => number; opened: () => number; closed: () => number } {
  let frames = 0;
  let opened = 0;
  let closed = 0;
  const factory: RecordingFactory = {
    open({ callId }): RecordingSink {
      opened++;
      return {
        path: `rec/${callId}-${opened}.wav`,
        write() {
          frames++;
        },
        close() {
          closed++;
        },
      };
    },
  };
  return { factory, frames: () => frames, opened: () => opened, closed: () => closed };
}

test('an on-demand call records only between record(on) and record(off); the CDR names the file', () => {
  const rec = countingFactory();
  const h = harness({ engine: { recordingFactory: rec.factory, shouldRecord: () => false } });
  const { a, b, callId } = connect(h, '2001', '2002');
  a.play(lineOf(h.dsp, tone([{ freqHz: 600, levelDbm0: -10 }], 16000)));
  h.run(400);
  assert.equal(rec.opened(), 0, 'nothing recorded before it is asked');
  assert.equal(h.engine.record(callId, true), 'started');
  assert.equal(h.engine.record(callId, true), 'started', 'asking twice keeps the running file');
  assert.equal(rec.opened(), 1);
  h.run(400);
  const during = rec.frames();
  assert.ok(during >= 19 && during <= 21, `about 20 frames in 400 ms: ${during}`);
  assert.equal(h.engine.record(callId, false), 'stopped');
  assert.equal(rec.closed(), 1);
  h.run(400);
  assert.equal(rec.frames(), during, 'no frames after record(off)');
  b.channel.hangup(16);
  h.run(40);
  assert.match(h.cdrs.records[0]?.recordingPath ?? '', /^rec\/.+-1\.wav$/);
});

test('record refuses unknown calls, calls not answered yet, and engines without a recorder', () => {
  const h = harness({ engine: { shouldRecord: () => false } });
  assert.equal(h.engine.record('no-such-call', true), 'noCall');
  const { callId } = connect(h, '2001', '2002');
  assert.equal(h.engine.record(callId, true), 'noRecorder');
  h.engine.stop();
});
