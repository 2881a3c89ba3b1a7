// The FXS loop-start machine, pure: every transition of its table, its
// timers, digit collection by DTMF and by pulses, the end of dialling (dial
// plan, '#', inter-digit time), release tones by cause, and the unexpected
// policy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause, ProtocolError } from '../../../engine/core/index.ts';
import { FXS_IDLE, FXS_TABLE, FXS_TIMERS, fxsStep, resolveTimers, runStep, type FxsAction, type FxsEvent, type FxsState, type FxsContext } from '../../../drivers/analog/index.ts';

const plan: FxsContext = { numberComplete: (d) => /^1\d{3}$/.test(d) };

/** Runs events from a state; returns the final state and every action. */
function play(events: FxsEvent[], from: FxsState = FXS_IDLE, ctx: FxsContext = {}): { state: FxsState; actions: FxsAction[]; unexpected: number } {
  let state = from;
  const actions: FxsAction[] = [];
  let unexpected = 0;
  for (const e of events) {
    const r = fxsStep(state, e, ctx);
    state = r.state;
    actions.push(...r.actions);
    if (r.unexpected) unexpected++;
  }
  return { state, actions, unexpected };
}

const offhook: FxsEvent = { type: 'line.offhook' };
const onhook: FxsEvent = { type: 'line.onhook' };
const dtmf = (digit: string): FxsEvent => ({ type: 'dsp.dtmf', digit });
const pulse = (digit: string): FxsEvent => ({ type: 'line.pulseDigit', digit });
const timer = (name: 'firstDigit' | 'interDigit' | 'openLoop' | 'releaseTone'): FxsEvent => ({ type: 'timer', name });

test('off hook gives dial tone and starts the first-digit timer; on hook again stops the tone', () => {
  const r = fxsStep(FXS_IDLE, offhook);
  assert.equal(r.state.name, 'dialTone');
  assert.deepEqual(r.actions, [{ type: 'tone', tone: 'dial' }, { type: 'startTimer', name: 'firstDigit' }]);
  const back = fxsStep(r.state, onhook);
  assert.equal(back.state.name, 'onHook');
  assert.deepEqual(back.actions, [{ type: 'stopTimer', name: 'firstDigit' }, { type: 'tone', tone: undefined }]);
});

test('the first digit stops dial tone and starts the inter-digit timer; each digit restarts it', () => {
  const first = fxsStep({ name: 'dialTone', digits: '' }, dtmf('1'));
  assert.deepEqual(first.state, { name: 'collecting', digits: '1' });
  assert.deepEqual(first.actions, [{ type: 'stopTimer', name: 'firstDigit' }, { type: 'tone', tone: undefined }, { type: 'startTimer', name: 'interDigit' }]);
  const second = fxsStep(first.state, dtmf('0'));
  assert.deepEqual(second.state, { name: 'collecting', digits: '10' });
  assert.deepEqual(second.actions, [{ type: 'startTimer', name: 'interDigit' }]);
});

test('pulse digits and DTMF digits collect the same number, and may be mixed', () => {
  const byDtmf = play([offhook, dtmf('2'), dtmf('0'), dtmf('1')]);
  const byPulse = play([offhook, pulse('2'), pulse('0'), pulse('1')]);
  const mixed = play([offhook, pulse('2'), dtmf('0'), pulse('1')]);
  for (const r of [byDtmf, byPulse, mixed]) assert.deepEqual(r.state, { name: 'collecting', digits: '201' });
});

test('the dial plan ends dialling at once: the fourth digit of 1XXX offers the call with DNIS 1002', () => {
  const r = play([offhook, dtmf('1'), dtmf('0'), dtmf('0')], FXS_IDLE, plan);
  assert.equal(r.state.name, 'collecting', 'three digits are not yet a number');
  const done = fxsStep(r.state, dtmf('2'), plan);
  assert.deepEqual(done.state, { name: 'offered', digits: '1002' });
  assert.deepEqual(done.actions, [{ type: 'stopTimer', name: 'interDigit' }, { type: 'tone', tone: undefined }, { type: 'offer', dnis: '1002' }]);
});

test('# ends dialling and is not part of the number; # before any digit is ignored', () => {
  const r = play([offhook, dtmf('#')]);
  assert.equal(r.state.name, 'dialTone', '# alone keeps dial tone');
  const done = play([offhook, dtmf('5'), dtmf('5'), dtmf('#')]);
  assert.deepEqual(done.state, { name: 'offered', digits: '55' });
  assert.ok(done.actions.some((a) => a.type === 'offer' && a.dnis === '55'));
});

test('the inter-digit timer offers what was dialled; the first-digit timer locks the port out with congestion tone', () => {
  const r = play([offhook, dtmf('8'), dtmf('8'), timer('interDigit')]);
  assert.deepEqual(r.state, { name: 'offered', digits: '88' });
  const lock = play([offhook, timer('firstDigit')]);
  assert.equal(lock.state.name, 'lockout');
  assert.deepEqual(lock.actions.slice(-1), [{ type: 'tone', tone: 'congestion' }]);
  assert.equal(play([onhook], lock.state).state.name, 'onHook');
});

test('timer defaults and bounds come from the table (interDigit 4 s; 1 s and 20 s accepted, 0.9 s and 21 s refused)', () => {
  assert.equal(resolveTimers(FXS_TIMERS).interDigit, 4000);
  assert.equal(resolveTimers(FXS_TIMERS, { interDigit: 1000 }).interDigit, 1000);
  assert.equal(resolveTimers(FXS_TIMERS, { interDigit: 20_000 }).interDigit, 20_000);
  assert.throws(() => resolveTimers(FXS_TIMERS, { interDigit: 900 }), /analog.timers.interDigit: expected 1000..20000 ms, got 900/);
  assert.throws(() => resolveTimers(FXS_TIMERS, { interDigit: 21_000 }), /expected 1000..20000 ms/);
});

/** The engine releases in `from` with `cause`: the open-loop pause, then the tone. */
function releaseThenTone(from: FxsState, cause: number): { open: FxsAction[]; after: FxsAction[] } {
  const open = fxsStep(from, { type: 'user.hangup', cause });
  assert.equal(open.state.name, 'openLoop');
  const after = fxsStep(open.state, timer('openLoop'));
  assert.equal(after.state.name, 'releaseTone');
  return { open: [...open.actions], after: [...after.actions] };
}

test('offered: the engine answers (connected) or releases (battery dropped, then busy tone for 17, special information for 1, congestion for 34)', () => {
  const offered: FxsState = { name: 'offered', digits: '1002' };
  assert.equal(fxsStep(offered, { type: 'user.answer' }).state.name, 'connected');
  const busy = releaseThenTone(offered, Cause.userBusy);
  assert.deepEqual(busy.open, [{ type: 'battery', on: false }, { type: 'startTimer', name: 'openLoop' }]);
  assert.deepEqual(busy.after, [{ type: 'stopTimer', name: 'openLoop' }, { type: 'battery', on: true }, { type: 'tone', tone: 'busy' }, { type: 'startTimer', name: 'releaseTone' }]);
  assert.deepEqual(releaseThenTone(offered, Cause.unallocatedNumber).after[2], { type: 'tone', tone: 'specialInformation' });
  assert.deepEqual(releaseThenTone(offered, Cause.noCircuitAvailable).after[2], { type: 'tone', tone: 'congestion' });
  assert.equal(fxsStep(offered, { type: 'user.progress' }).state.name, 'offered', 'progress is the engine playing ringback in band');
});

test('offered or connected: on hook releases the call with 16; flash and pulse digits go to the engine', () => {
  for (const name of ['offered', 'connected'] as const) {
    const s: FxsState = { name, digits: '1002' };
    const down = fxsStep(s, onhook);
    assert.equal(down.state.name, 'onHook');
    assert.deepEqual(down.actions, [{ type: 'remoteHangup', cause: Cause.normalClearing, detail: 'station on hook' }]);
    assert.deepEqual(fxsStep(s, { type: 'line.flash' }), { state: s, actions: [{ type: 'remoteFlash' }] });
    assert.deepEqual(fxsStep(s, pulse('7')).actions, [{ type: 'reportDigit', digit: '7' }]);
    assert.deepEqual(fxsStep(s, dtmf('7')).actions, [], 'DTMF in a call is the engine media tick’s to find');
  }
});

test('open loop: on hook during the battery drop goes idle with battery back', () => {
  const open = fxsStep({ name: 'connected', digits: '' }, { type: 'user.hangup', cause: Cause.normalClearing });
  const down = fxsStep(open.state, onhook);
  assert.equal(down.state.name, 'onHook');
  assert.deepEqual(down.actions, [{ type: 'stopTimer', name: 'openLoop' }, { type: 'battery', on: true }]);
});

test('connected: the far end releases, the station hears busy tone until on hook; the release-tone timer then goes silent', () => {
  const open = fxsStep({ name: 'connected', digits: '' }, { type: 'user.hangup', cause: Cause.normalClearing });
  const r = fxsStep(open.state, timer('openLoop'));
  assert.equal(r.state.name, 'releaseTone');
  assert.deepEqual(r.actions[2], { type: 'tone', tone: 'busy' });
  const quiet = fxsStep(r.state, timer('releaseTone'));
  assert.equal(quiet.state.name, 'lockout');
  assert.deepEqual(quiet.actions, [{ type: 'stopTimer', name: 'releaseTone' }, { type: 'tone', tone: undefined }]);
  const down = fxsStep(r.state, onhook);
  assert.equal(down.state.name, 'onHook');
  assert.deepEqual(down.actions, [{ type: 'stopTimer', name: 'releaseTone' }, { type: 'tone', tone: undefined }]);
});

test('the engine rings the station: ring on and alerting; off hook is the ring trip (ring off, answer); a release stops the ring', () => {
  const r = fxsStep(FXS_IDLE, { type: 'user.dial' });
  assert.equal(r.state.name, 'ringing');
  assert.deepEqual(r.actions, [{ type: 'ring', on: true }, { type: 'remoteProgress' }]);
  const trip = fxsStep(r.state, offhook);
  assert.equal(trip.state.name, 'connected');
  assert.deepEqual(trip.actions, [{ type: 'ring', on: false }, { type: 'remoteAnswer' }]);
  const gone = fxsStep(r.state, { type: 'user.hangup', cause: Cause.noAnswer });
  assert.equal(gone.state.name, 'onHook');
  assert.deepEqual(gone.actions, [{ type: 'ring', on: false }]);
});

test('unexpected events go to the one policy: a call is released with 111, the port goes to lockout (off hook) or onHook', () => {
  const inCall = fxsStep({ name: 'ringing', digits: '' }, { type: 'line.flash' });
  assert.equal(inCall.unexpected, true);
  assert.equal(inCall.state.name, 'onHook', 'a ringing station is on hook');
  assert.ok(inCall.actions.some((a) => a.type === 'remoteHangup' && a.cause === Cause.protocolErrorUnspecified));
  const dialling = fxsStep({ name: 'dialTone', digits: '' }, { type: 'user.answer' });
  assert.equal(dialling.unexpected, true);
  assert.equal(dialling.state.name, 'lockout');
  assert.ok(!dialling.actions.some((a) => a.type === 'remoteHangup'), 'no call to release before the offer');
  const idle = fxsStep(FXS_IDLE, { type: 'line.flash' });
  assert.equal(idle.unexpected, true);
  assert.equal(idle.state.name, 'onHook');
});

test('ignored events are dropped without the policy (duplicates, late echoes)', () => {
  for (const [name, e] of [
    ['onHook', onhook],
    ['onHook', { type: 'user.hangup', cause: 16 }],
    ['connected', { type: 'user.progress' }],
    ['releaseTone', { type: 'line.flash' }],
    ['lockout', dtmf('5')],
  ] as const) {
    const s: FxsState = { name, digits: '' };
    const r = fxsStep(s, e as FxsEvent);
    assert.deepEqual(r, { state: s, actions: [] }, `${name} ignores ${e.type}`);
  }
});

test('the table is closed: every state it moves to is declared, and a move it does not allow throws ProtocolError', () => {
  const names = Object.keys(FXS_TABLE.states);
  for (const [name, entry] of Object.entries(FXS_TABLE.states)) for (const t of entry.to) assert.ok(names.includes(t), `${name} -> ${t}`);
  const broken = { ...FXS_TABLE, states: { ...FXS_TABLE.states, onHook: { ...FXS_TABLE.states.onHook, to: [] } } };
  assert.throws(() => runStep(broken, FXS_IDLE, offhook, {}), ProtocolError);
});

test('reverseOnAnswer: the answer reverses the polarity; the end of the call (either side) sets it back', () => {
  const ctx: FxsContext = { reverseOnAnswer: true };
  const offered: FxsState = { name: 'offered', digits: '9' };
  assert.deepEqual(fxsStep(offered, { type: 'user.answer' }, ctx).actions, [{ type: 'polarity', reversed: true }]);
  assert.deepEqual(fxsStep(offered, { type: 'user.answer' }).actions, [], 'off by default');
  const connected: FxsState = { name: 'connected', digits: '9' };
  assert.deepEqual(fxsStep(connected, onhook, ctx).actions, [{ type: 'polarity', reversed: false }, { type: 'remoteHangup', cause: Cause.normalClearing, detail: 'station on hook' }]);
  assert.deepEqual(fxsStep(connected, { type: 'user.hangup', cause: 16 }, ctx).actions.slice(0, 2), [
    { type: 'polarity', reversed: false },
    { type: 'battery', on: false },
  ]);
});
