// The analog driver's shell on a real simulated board with the real engine
// (test/drivers/analog/rig.ts): hook flash against hangup as the board
// decodes them (a break of 100-600 ms is a flash, over 600 ms an on-hook),
// the inter-digit and first-digit timers on the engine clock, '#', an
// unknown number, auto-answer after N rings, and FXO trunks in both
// directions over a trunk looped back into an FXS port of the same driver.
//
// Spec: shared/specs/sim-line.md "Analog frame content"; docs/boards.md
// "Analog" (hook decoding windows); tone plan `cn` (dsp/tone-plans.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../../engine/core/index.ts';
import { analogRig, toneLevelDbm0, type AnalogRig } from './rig.ts';

/** Runs a call 1001 -> 1002 to connected; returns 1001's channel. */
function connect(rig: AnalogRig) {
  const [a, b] = [rig.phones[0]!, rig.phones[1]!];
  a.offhook();
  rig.run(400);
  a.dialDtmf('1002');
  rig.runUntil(() => b.ringing, 1500, '1002 ringing');
  b.offhook();
  rig.runUntil(() => rig.engine.calls()[0]?.state === 'connected', 500, 'connected');
  const ch = rig.driver.port(1)?.currentChannel;
  assert.ok(ch);
  return ch;
}

/** 450 Hz on/off per 50 ms window. */
function onOff(x: Int16Array): boolean[] {
  const out: boolean[] = [];
  for (let at = 0; at + 400 <= x.length; at += 400) out.push(toneLevelDbm0(x, 450, at, at + 400) > -16);
  return out;
}

test('hook flash: breaks of 120 and 580 ms reach the engine as flashes, 90 ms is noise; a 700 ms break hangs up', () => {
  const rig = analogRig();
  try {
    const ch = connect(rig);
    const a = rig.phones[0]!;
    let flashes = 0;
    ch.events.on('flash', () => flashes++);
    a.flash(90);
    rig.run(800);
    assert.equal(flashes, 0, '90 ms: between a pulse and a flash, ignored');
    a.flash(120);
    rig.run(800);
    assert.equal(flashes, 1, '120 ms is a flash');
    a.flash(580);
    rig.run(1200);
    assert.equal(flashes, 2, '580 ms is a flash');
    assert.equal(ch.state, 'answered', 'flashes do not end the call');
    a.flash(700);
    rig.run(1200);
    assert.equal(ch.state, 'released', 'a break over 600 ms is an on-hook');
    assert.equal(ch.hangupInfo?.cause, Cause.normalClearing);
  } finally {
    rig.close();
  }
});

test('inter-digit time: "10" is offered 4 s after its last digit (not at 3.8 s); unallocated, the caller hears special information tone', () => {
  const rig = analogRig();
  try {
    const a = rig.phones[0]!;
    a.offhook();
    rig.run(400);
    a.dialDtmf('10');
    rig.runUntil(() => rig.driver.port(1)?.state === 'collecting', 1000, 'collecting');
    rig.runUntil(() => !a.dialling, 1000, 'dialled');
    const lastDigit = rig.clock.now();
    rig.run(3800);
    assert.equal(rig.store.cdrs.list().length, 0, 'still collecting at 3.8 s');
    rig.runUntil(() => rig.store.cdrs.list().length === 1, 600, 'offered by 4.4 s');
    assert.ok(rig.clock.now() - lastDigit >= 3900, 'not before the 4 s');
    const [cdr] = rig.store.cdrs.list();
    assert.equal(cdr?.dnis, '10');
    assert.equal(cdr?.cause, Cause.unallocatedNumber);
    assert.equal(cdr?.disposition, 'failed');
    a.listen(true);
    rig.run(1500);
    const bits = onOff(a.heard());
    assert.ok(bits.includes(true) && bits.includes(false), 'a cadenced 450 Hz tone');
    assert.equal(rig.driver.port(1)?.state, 'releaseTone');
  } finally {
    rig.close();
  }
});

test('# ends dialling at once: "77#" is offered with DNIS 77 without waiting', () => {
  const rig = analogRig();
  try {
    const a = rig.phones[0]!;
    a.offhook();
    rig.run(400);
    a.dialDtmf('77#');
    rig.runUntil(() => rig.store.cdrs.list().length === 1, 1200, 'offered within the dialling time');
    assert.equal(rig.store.cdrs.list()[0]?.dnis, '77');
  } finally {
    rig.close();
  }
});

test('first-digit time: dial tone for 10 s with no digit locks the port out with congestion tone (0.7 s on, 0.7 s off); on hook frees it', () => {
  const rig = analogRig();
  try {
    const a = rig.phones[0]!;
    a.offhook();
    rig.run(9800);
    assert.equal(rig.driver.port(1)?.state, 'dialTone');
    rig.run(400);
    assert.equal(rig.driver.port(1)?.state, 'lockout');
    a.listen(true);
    rig.run(3000);
    const bits = onOff(a.heard()).slice(2);
    let run = 1;
    const lengths: number[] = [];
    for (let i = 1; i < bits.length; i++) {
      if (bits[i] === bits[i - 1]) run++;
      else {
        lengths.push(run);
        run = 1;
      }
    }
    assert.ok(lengths.slice(1).length >= 2 && lengths.slice(1).every((l) => l >= 13 && l <= 15), `0.7 s runs (${lengths.join(',')})`);
    a.onhook();
    rig.run(800);
    assert.equal(rig.driver.port(1)?.state, 'onHook');
    assert.equal(rig.driver.circuits()[0]?.available, true);
  } finally {
    rig.close();
  }
});

test('a phone set to answer after 2 rings goes off hook at the second burst, 5 s after the first', () => {
  const rig = analogRig({ answerAfterRings: [0, 2] });
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    a.offhook();
    rig.run(400);
    a.dialDtmf('1002');
    rig.runUntil(() => b.ringing, 1500, 'ringing');
    const first = rig.clock.now();
    rig.runUntil(() => rig.engine.calls()[0]?.state === 'connected', 6000, 'answered');
    const waited = rig.clock.now() - first;
    assert.ok(waited >= 4900 && waited <= 5200, `answered at the second burst (${waited} ms)`);
    assert.equal(b.offHook, true);
  } finally {
    rig.close();
  }
});

test('an extension port that is busy is not available for hunting and refuses a call with 17', () => {
  const rig = analogRig();
  try {
    rig.phones[1]!.offhook();
    rig.run(200);
    assert.deepEqual(
      rig.driver.circuits().map((c) => c.available),
      [true, false],
    );
    const r = rig.driver.originate({ dest: '1002', options: {}, circuit: { span: 2, channel: 0 } });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.cause, Cause.userBusy);
    assert.deepEqual(
      rig.driver.spans().map((s) => [s.name, s.alarm, s.busy]),
      [
        [`${rig.board.id}/1`, 'none', 0],
        [`${rig.board.id}/2`, 'none', 1],
      ],
    );
  } finally {
    rig.close();
  }
});

test('FXO out: 1001 dials 9 1002 #, the FXO port goes off hook and dials 1002 in DTMF into the looped FXS port, 1002 rings, answers, DTMF crosses both calls', () => {
  const rig = analogRig({ loop: { loopNumber: '1003', trunkDnis: '1001' } });
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    a.offhook();
    rig.run(400);
    a.dialDtmf('91002#');
    rig.runUntil(() => b.ringing, 5000, '1002 ringing through the trunk');
    const fxo = rig.driver.port(6)!;
    const loop = rig.driver.port(5)!;
    assert.equal(fxo.role, 'fxo');
    assert.equal(fxo.state, 'connected', 'answered when dialling ended (immediate supervision)');
    assert.equal(loop.state, 'offered');
    b.offhook();
    rig.runUntil(() => rig.engine.calls().every((c) => c.state === 'connected') && rig.engine.calls().length === 2, 500, 'both connected');
    rig.run(200);
    b.clearHeard();
    a.dialDtmf('58');
    rig.run(1000);
    assert.equal(b.heardDigits.map((d) => d.digit).join(''), '58', 'DTMF crossed two calls, two G.711 hops');
    a.onhook();
    rig.runUntil(() => rig.engine.calls().length === 0, 2500, 'both calls ended');
    const cdrs = rig.store.cdrs.list();
    assert.deepEqual(cdrs.map((c) => [c.ani, c.dnis, c.disposition]).sort(), [
      ['1001', '91002', 'answered'],
      ['1003', '1002', 'answered'],
    ]);
    assert.equal(fxo.state, 'idle');
  } finally {
    rig.close();
  }
});

test('FXO out with reversal supervision: the trunk call is answered only when 1002 answers (the looped FXS port reverses polarity)', () => {
  const rig = analogRig({ loop: { loopNumber: '1003', trunkDnis: '1001' }, driver: { reverseOnAnswer: true, answerSupervision: 'reversal' } });
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    a.offhook();
    rig.run(400);
    a.dialDtmf('91002#');
    rig.runUntil(() => b.ringing, 5000, '1002 ringing through the trunk');
    rig.run(3000);
    assert.equal(rig.driver.port(6)?.state, 'awaitingAnswer');
    assert.ok(rig.engine.calls().every((c) => c.state !== 'connected'), 'nothing is answered while 1002 rings');
    b.offhook();
    const answered = rig.clock.now();
    rig.runUntil(() => rig.engine.calls().length === 2 && rig.engine.calls().every((c) => c.state === 'connected'), 500, 'both connected');
    assert.equal(rig.driver.port(6)?.state, 'connected');
    b.onhook();
    rig.runUntil(() => rig.engine.calls().length === 0, 2500, 'both calls ended (the reversal going back)');
    const trunkCall = rig.store.cdrs.list().find((c) => c.ani === '1001');
    assert.ok(trunkCall?.answerAt !== null && trunkCall!.answerAt! >= answered && trunkCall!.answerAt! <= answered + 200, 'answered when 1002 answered');
  } finally {
    rig.close();
  }
});

test('FXO in: 1002 dials 1003, the looped FXS port rings the FXO port, which offers a call to 1001; 1001 answers and the ring trip answers 1002', () => {
  const rig = analogRig({ loop: { loopNumber: '1003', trunkDnis: '1001' } });
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    b.offhook();
    rig.run(400);
    b.dialDtmf('1003');
    rig.runUntil(() => a.ringing, 2000, '1001 ringing through the trunk');
    assert.equal(rig.driver.port(6)?.state, 'offered');
    a.offhook();
    rig.runUntil(() => rig.engine.calls().length === 2 && rig.engine.calls().every((c) => c.state === 'connected'), 800, 'both connected');
    assert.equal(rig.driver.port(5)?.state, 'connected', 'ring trip on the looped port');
    a.clearHeard();
    b.dialDtmf('4');
    rig.run(600);
    assert.equal(a.heardDigits.map((d) => d.digit).join(''), '4');
    b.onhook();
    rig.runUntil(() => rig.engine.calls().length === 0, 2500, 'both calls ended');
    const cdrs = rig.store.cdrs.list();
    assert.deepEqual(cdrs.map((c) => [c.ani, c.dnis, c.disposition]).sort(), [
      [null, '1001', 'answered'],
      ['1002', '1003', 'answered'],
    ]);
  } finally {
    rig.close();
  }
});

test('line down: the cable of a port in a call is pulled; the call is released with 38 and the port restarts on hook', () => {
  const rig = analogRig();
  try {
    const ch = connect(rig);
    rig.phones[0]!.span.unplug();
    rig.runUntil(() => ch.state === 'released', 500, 'released');
    assert.equal(ch.hangupInfo?.cause, Cause.networkOutOfOrder);
    assert.equal(rig.driver.port(1)?.state, 'onHook');
    assert.equal(rig.driver.port(1)?.trace.at(-1)?.event, 'line.down');
    assert.equal(rig.driver.circuits()[0]?.available, false, 'not available while in alarm');
    rig.runUntil(() => rig.engine.calls().length === 0, 2000, 'call ended');
    assert.equal(rig.store.cdrs.list()[0]?.cause, Cause.networkOutOfOrder);
  } finally {
    rig.close();
  }
});

test('an event the state does not accept goes to the policy: logged, counted, traced, the port in its safe state', () => {
  const rig = analogRig();
  try {
    const port = rig.driver.port(2)!;
    assert.equal(port.role, 'fxs');
    if (port.role !== 'fxs') return;
    port.deliver({ type: 'line.flash' });
    assert.equal(port.unexpectedEvents, 1);
    assert.equal(port.state, 'onHook');
    assert.deepEqual(
      [port.trace.at(-1)?.event, port.trace.at(-1)?.unexpected],
      ['line.flash', true],
    );
  } finally {
    rig.close();
  }
});
