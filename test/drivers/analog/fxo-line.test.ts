// The FXO loop-start machine, pure: ring detection to an offered call,
// answer by going off hook, the caller abandoning (no ring burst for
// ringGone), outgoing seizure with a dial delay and DTMF, answer
// supervision (immediate or by polarity reversal), disconnect on a battery
// drop longer than batteryLoss (a shorter one is ignored) or on the
// reversal going back, and the unexpected policy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../../engine/core/index.ts';
import { FXO_IDLE, FXO_TABLE, FXO_TIMERS, fxoStep, resolveTimers, type FxoEvent, type FxoState } from '../../../drivers/analog/index.ts';

const st = (name: FxoState['name'], extra: Partial<FxoState> = {}): FxoState => ({ name, dest: '', batteryOff: false, ...extra });
const reversal = { answerSupervision: 'reversal' } as const;

test('a ring burst offers an incoming call and starts ringGone; each burst restarts it', () => {
  const r = fxoStep(FXO_IDLE, { type: 'line.ringOn' });
  assert.equal(r.state.name, 'offered');
  assert.deepEqual(r.actions, [{ type: 'offer' }, { type: 'startTimer', name: 'ringGone' }]);
  assert.deepEqual(fxoStep(r.state, { type: 'line.ringOn' }).actions, [{ type: 'startTimer', name: 'ringGone' }]);
  assert.deepEqual(fxoStep(r.state, { type: 'line.ringOff' }).actions, [], 'the gap between bursts is not an end');
});

test('ringGone: the caller gave up, the call is released with 16; ringGone is 6 s, above the 4 s silence of the cadence', () => {
  const r = fxoStep(st('offered'), { type: 'timer', name: 'ringGone' });
  assert.equal(r.state.name, 'idle');
  assert.deepEqual(r.actions, [{ type: 'stopTimer', name: 'ringGone' }, { type: 'remoteHangup', cause: Cause.normalClearing, detail: 'ringing stopped' }]);
  assert.equal(FXO_TIMERS.ringGone.defaultMs, 6000);
  assert.throws(() => resolveTimers(FXO_TIMERS, { ringGone: 4000 }), /expected 4500..15000 ms/, 'shorter than the cadence gap is refused');
});

test('the engine answers: off hook (stopping ringGone); the engine refuses: stay on hook until the ringing stops', () => {
  const r = fxoStep(st('offered'), { type: 'user.answer' });
  assert.equal(r.state.name, 'connected');
  assert.deepEqual(r.actions, [{ type: 'stopTimer', name: 'ringGone' }, { type: 'hook', offhook: true }]);
  const no = fxoStep(st('offered'), { type: 'user.hangup', cause: Cause.userBusy });
  assert.equal(no.state.name, 'rejected');
  assert.equal(fxoStep(no.state, { type: 'line.ringOn' }).state.name, 'rejected', 'later bursts are the same call');
  assert.equal(fxoStep(no.state, { type: 'timer', name: 'ringGone' }).state.name, 'idle');
});

test('outgoing: off hook, wait dialDelay, dial the number in DTMF; answered when dialling ends (immediate supervision)', () => {
  const seized = fxoStep(FXO_IDLE, { type: 'user.dial', dest: '62345678' });
  assert.deepEqual(seized.state, st('seized', { dest: '62345678' }));
  assert.deepEqual(seized.actions, [{ type: 'hook', offhook: true }, { type: 'startTimer', name: 'dialDelay' }]);
  const dialing = fxoStep(seized.state, { type: 'timer', name: 'dialDelay' });
  assert.equal(dialing.state.name, 'dialing');
  assert.deepEqual(dialing.actions, [{ type: 'stopTimer', name: 'dialDelay' }, { type: 'sendDtmf', digits: '62345678' }]);
  const done = fxoStep(dialing.state, { type: 'dsp.dialled' });
  assert.equal(done.state.name, 'connected');
  assert.deepEqual(done.actions, [{ type: 'remoteProgress' }, { type: 'remoteAnswer' }]);
});

test('reversal supervision: after dialling the call waits; the polarity reversal is the answer', () => {
  const waiting = fxoStep(st('dialing', { dest: '1' }), { type: 'dsp.dialled' }, reversal);
  assert.equal(waiting.state.name, 'awaitingAnswer');
  assert.deepEqual(waiting.actions, [{ type: 'remoteProgress' }]);
  const answered = fxoStep(waiting.state, { type: 'line.reversalOn' }, reversal);
  assert.equal(answered.state.name, 'connected');
  assert.deepEqual(answered.actions, [{ type: 'remoteAnswer' }]);
});

test('disconnect supervision: battery off starts batteryLoss; back before expiry changes nothing; expiry releases with 16 and goes on hook', () => {
  const off = fxoStep(st('connected'), { type: 'line.batteryOff' });
  assert.deepEqual(off.state, st('connected', { batteryOff: true }));
  assert.deepEqual(off.actions, [{ type: 'startTimer', name: 'batteryLoss' }]);
  const back = fxoStep(off.state, { type: 'line.batteryOn' });
  assert.deepEqual(back.state, st('connected'));
  assert.deepEqual(back.actions, [{ type: 'stopTimer', name: 'batteryLoss' }]);
  const gone = fxoStep(off.state, { type: 'timer', name: 'batteryLoss' });
  assert.equal(gone.state.name, 'idle');
  assert.deepEqual(gone.actions, [{ type: 'hook', offhook: false }, { type: 'remoteHangup', cause: Cause.normalClearing, detail: 'battery dropped' }]);
  assert.equal(fxoStep(back.state, { type: 'timer', name: 'batteryLoss' }).state.name, 'connected', 'a stale expiry after the battery came back is ignored');
});

test('the reversal going back ends the call; the engine hanging up goes on hook from every off-hook state', () => {
  assert.equal(fxoStep(st('connected'), { type: 'line.reversalOff' }).state.name, 'idle');
  for (const name of ['seized', 'dialing', 'awaitingAnswer', 'connected'] as const) {
    const r = fxoStep(st(name), { type: 'user.hangup', cause: 16 });
    assert.equal(r.state.name, 'idle', name);
    assert.ok(r.actions.some((a) => a.type === 'hook' && !a.offhook), `${name} goes on hook`);
  }
});

test('unexpected events: on hook, idle, and a call in progress is released with 111', () => {
  const r = fxoStep(st('connected'), { type: 'line.ringOn' } as FxoEvent);
  assert.equal(r.unexpected, true);
  assert.deepEqual(r.state, FXO_IDLE);
  assert.ok(r.actions.some((a) => a.type === 'remoteHangup' && a.cause === Cause.protocolErrorUnspecified));
  const idle = fxoStep(FXO_IDLE, { type: 'user.answer' });
  assert.equal(idle.unexpected, true);
  assert.ok(!idle.actions.some((a) => a.type === 'remoteHangup'));
});

test('the table is closed: every state it moves to is declared', () => {
  const names = Object.keys(FXO_TABLE.states);
  for (const [name, entry] of Object.entries(FXO_TABLE.states)) for (const t of entry.to) assert.ok(names.includes(t), `${name} -> ${t}`);
});
