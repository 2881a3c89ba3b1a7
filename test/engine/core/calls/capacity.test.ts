// DSP capacity exhaustion fails the call that could not get resources, with
// a cause and a CDR, and leaves the others (and the engine) working.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../../../engine/core/index.ts';
import { harness } from '../support/harness.ts';

test('when the frame pool is exhausted a new call is released with 41 and a failed CDR; after frames free up calls work again', () => {
  const h = harness();
  const hog = [];
  while (h.dsp.frames.available > 0) hog.push(h.dsp.frames.alloc());
  const a = h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(a.channel.hangupInfo?.cause, Cause.temporaryFailure);
  assert.equal(h.cdrs.records[0]?.disposition, 'failed');
  assert.equal(h.engine.calls().length, 0, 'nothing left open');
  for (const f of hog) h.dsp.frames.release(f);
  h.phones.call({ ani: '2001', dnis: '2002' }, { span: 0, channel: 1 });
  h.run(40);
  assert.equal(h.farPhones.length, 1, 'the called extension is seized');
  h.engine.stop();
});
