// Recording taps and fax mode in the media tick.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordingFactory, RecordingSink } from '../../../../engine/core/index.ts';
import { harness, lineOf } from '../support/harness.ts';
import { connect } from '../support/connect.ts';
import { toneDbm0 } from '../support/tones.ts';
import { tone } from '../../../support/signals.ts';

test('a recorded call hands the sink each tick what the caller said and heard; the CDR names the file', () => {
  const said: number[] = [];
  const heard: number[] = [];
  let closed = 0;
  const factory: RecordingFactory = {
    open({ callId }): RecordingSink {
      return {
        path: `rec/${callId}.wav`,
        write(rx, tx) {
          said.push(...rx);
          heard.push(...tx);
        },
        close() {
          closed++;
        },
      };
    },
  };
  const h = harness({ engine: { recordingFactory: factory, shouldRecord: () => true } });
  const { a, b } = connect(h, '2001', '2002');
  a.play(lineOf(h.dsp, tone([{ freqHz: 600, levelDbm0: -10 }], 8000)));
  b.play(lineOf(h.dsp, tone([{ freqHz: 1400, levelDbm0: -20 }], 8000)));
  h.run(600);
  b.channel.hangup(16);
  h.run(40);
  assert.ok(said.length >= 160 * 25 && said.length % 160 === 0, `whole frames: ${said.length}`);
  assert.ok(Math.abs(toneDbm0(said, 600, 1600, 4000) + 10) < 0.5, 'the caller side at -10 dBm0');
  assert.ok(Math.abs(toneDbm0(heard, 1400, 1600, 4000) + 20) < 0.5, 'the called side at -20 dBm0');
  assert.equal(closed, 1);
  assert.match(h.cdrs.records[0]?.recordingPath ?? '', /^rec\/.+\.wav$/);
});

test('a recording sink that throws stops the recording, not the call', () => {
  const h = harness({
    engine: {
      shouldRecord: () => true,
      recordingFactory: {
        open: () => ({
          path: 'rec/x.wav',
          write() {
            throw new Error('disk full');
          },
          close() {},
        }),
      },
    },
  });
  const { a } = connect(h, '2001', '2002');
  h.run(200);
  assert.equal(a.channel.state, 'answered');
  h.engine.stop();
});

test('fax mode: the tap gets the raw received samples each tick and its tx replaces the bridge audio', () => {
  const h = harness({ phones: { echoCancel: true } });
  const { a, b, callId } = connect(h, '2001', '2002');
  const legA = h.engine.call(callId)!.legs[0]!;
  let rxFrames = 0;
  let last = 0;
  assert.equal(
    h.engine.setFaxMode(legA.id, true, {
      rx(pcm, at) {
        rxFrames++;
        assert.ok(at > last);
        last = at;
        assert.equal(pcm.length, 160);
      },
      tx(pcm) {
        pcm.fill(2000);
        return true;
      },
    }),
    true,
  );
  a.listen(true);
  b.play(lineOf(h.dsp, tone([{ freqHz: 1000, levelDbm0: -10 }], 4000)));
  h.run(200);
  assert.ok(rxFrames >= 9, `frames to the tap: ${rxFrames}`);
  assert.equal(legA.media?.echoActive, false, 'no echo canceller in fax mode');
  const line = a.heard();
  assert.ok(line.length > 0 && line.every((x) => x === line[line.length - 1]), 'the tap\'s constant output reaches the line, not the bridge tone');
  h.engine.stop();
});
