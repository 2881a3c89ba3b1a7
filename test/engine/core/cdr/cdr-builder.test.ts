// CDR dispositions from answer and cause.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause, dispositionOf } from '../../../../engine/core/index.ts';

test('dispositions: answered wins; 17 busy; 18, 19 and caller abandon (16) no answer; others failed; a failure is failed', () => {
  assert.equal(dispositionOf(true, Cause.normalClearing, false), 'answered');
  assert.equal(dispositionOf(true, Cause.userBusy, false), 'answered');
  assert.equal(dispositionOf(false, Cause.userBusy, false), 'busy');
  assert.equal(dispositionOf(false, Cause.noUserResponding, false), 'noAnswer');
  assert.equal(dispositionOf(false, Cause.noAnswer, false), 'noAnswer');
  assert.equal(dispositionOf(false, Cause.normalClearing, false), 'noAnswer');
  assert.equal(dispositionOf(false, Cause.unallocatedNumber, false), 'failed');
  assert.equal(dispositionOf(false, Cause.noCircuitAvailable, false), 'failed');
  assert.equal(dispositionOf(true, Cause.temporaryFailure, true), 'failed');
});
