// End to end on simulated analog ports: the real Engine, DSP core, routing
// and SQLite CDR store, the analog driver on a freewheel simulated board,
// and simulated phones cabled to its FXS ports.
//
// Extension 1001 goes off hook and hears dial tone (China 450 Hz
// continuous), dials 1002 (DTMF or pulses), 1002 rings with the China
// cadence (1 s on, 4 s off) while 1001 hears ringback, 1002 answers, DTMF
// sent by either phone is found as digits on its own leg by the engine and
// heard as DTMF by the other phone, 1001 hangs up, and the CDR row is right.
// Also: a busy extension (the caller hears busy tone; CDR busy, 17) and no
// answer (ring timeout; CDR noAnswer, 19).
//
// Tones: dsp/tone-plans.ts `cn` (dial 450 Hz continuous, ringback 1 s / 4 s,
// busy 0.35 s / 0.35 s, all -10 dBm0). Hook: sim-line.md "Analog frame
// content" (an on-hook is a break over 600 ms, pulse breaks are 60 ms).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cause } from '../../engine/core/index.ts';
import { analogRig, toneLevelDbm0, type AnalogRig } from '../drivers/analog/rig.ts';

const CN_TONE_DBM0 = -10;

/** Level of 450 Hz over the last `ms` heard by a phone, and of an off-plan frequency for contrast. */
function heard450(rig: AnalogRig, phone: number, ms: number): { tone: number; other: number } {
  const h = rig.phones[phone]!.heard();
  const from = Math.max(0, h.length - ms * 8);
  return { tone: toneLevelDbm0(h, 450, from), other: toneLevelDbm0(h, 1000, from) };
}

/** 450 Hz on/off per 50 ms window of what a phone heard (true = tone present). */
function cadence(samples: Int16Array): boolean[] {
  const out: boolean[] = [];
  for (let at = 0; at + 400 <= samples.length; at += 400) out.push(toneLevelDbm0(samples, 450, at, at + 400) > CN_TONE_DBM0 - 6);
  return out;
}

/** Lengths (in 50 ms windows) of the runs of equal values. */
function runs(bits: boolean[]): { on: boolean; windows: number }[] {
  const out: { on: boolean; windows: number }[] = [];
  for (const b of bits) {
    const last = out[out.length - 1];
    if (last && last.on === b) last.windows++;
    else out.push({ on: b, windows: 1 });
  }
  return out;
}

function digitsOf(rig: AnalogRig): Map<string, string> {
  const byLeg = new Map<string, string>();
  rig.engine.on('digit', (e) => byLeg.set(e.legId, (byLeg.get(e.legId) ?? '') + e.digit));
  return byLeg;
}

test('1001 calls 1002 by DTMF: dial tone, China ring cadence, ringback, answer, DTMF both ways, hangup, CDR answered/16', () => {
  const rig = analogRig();
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    const digits = digitsOf(rig);
    a.listen(true);
    a.offhook();
    rig.run(600);
    const dial = heard450(rig, 0, 400);
    assert.ok(Math.abs(dial.tone - CN_TONE_DBM0) < 1, `dial tone 450 Hz at -10 dBm0 (got ${dial.tone.toFixed(1)})`);
    assert.ok(dial.other < -50, 'dial tone is 450 Hz only');
    assert.equal(rig.driver.port(1)?.state, 'dialTone');

    a.clearHeard();
    a.dialDtmf('1002');
    rig.runUntil(() => b.ringing, 1500, '1002 ringing');
    assert.equal(rig.driver.port(1)?.state, 'offered', 'the number was complete at its fourth digit');
    // While digits 2 to 4 are dialled (200-800 ms; the first ended at 100 ms) the line is quiet.
    const gap = a.heard().subarray(300 * 8, 600 * 8);
    assert.ok(toneLevelDbm0(gap, 450) < -40, 'dial tone stops at the first digit');

    a.clearHeard();
    rig.run(10_500);
    const log = b.ringLog;
    assert.ok(log.length >= 3, `three ring bursts in 10.5 s (got ${log.length})`);
    const on = log[0]!.off! - log[0]!.on;
    const period = log[1]!.on - log[0]!.on;
    assert.ok(on >= 980 && on <= 1020, `ring on 1 s (got ${on})`);
    assert.ok(period >= 4980 && period <= 5020, `ring period 5 s: 4 s off (got ${period})`);
    const rb = runs(cadence(a.heard())).slice(1, -1);
    assert.ok(rb.some((r) => r.on && r.windows >= 19 && r.windows <= 21), 'ringback burst of 1 s');
    assert.ok(rb.some((r) => !r.on && r.windows >= 79 && r.windows <= 81), 'ringback pause of 4 s');

    b.offhook();
    const answeredAt = rig.clock.now();
    rig.runUntil(() => rig.engine.calls()[0]?.state === 'connected', 500, 'connected');
    rig.run(200);
    assert.ok(!b.ringing, 'ring trip: the ring stops when 1002 answers');

    a.clearHeard();
    b.clearHeard();
    a.dialDtmf('123#');
    rig.run(1200);
    b.dialDtmf('456*');
    rig.run(1200);
    const call = rig.engine.calls()[0]!;
    const [legA, legB] = [call.legs[0]!, call.legs[1]!];
    assert.equal(digits.get(legA.legId), '123#', "the engine found 1001's digits on 1001's leg");
    assert.equal(digits.get(legB.legId), '456*', "the engine found 1002's digits on 1002's leg");
    assert.equal(b.heardDigits.map((d) => d.digit).join(''), '123#', '1002 heard the DTMF 1001 sent');
    assert.equal(a.heardDigits.map((d) => d.digit).join(''), '456*', '1001 heard the DTMF 1002 sent');

    a.onhook();
    const hungUpAt = rig.clock.now();
    rig.runUntil(() => rig.engine.calls().length === 0, 1500, 'call ended');
    b.listen(true);
    b.clearHeard();
    rig.run(2500);
    const busy = runs(cadence(b.heard())).slice(1, -1);
    assert.ok(busy.length >= 2 && busy.every((r) => r.windows >= 6 && r.windows <= 8), '1002 hears busy tone (0.35 s on, 0.35 s off)');
    b.onhook();
    rig.run(800);
    assert.equal(rig.driver.port(2)?.state, 'onHook');

    const [cdr] = rig.store.cdrs.list();
    assert.ok(cdr);
    assert.equal(cdr.ani, '1001');
    assert.equal(cdr.dnis, '1002');
    assert.equal(cdr.disposition, 'answered');
    assert.equal(cdr.cause, Cause.normalClearing);
    assert.ok(cdr.answerAt !== null && cdr.answerAt >= answeredAt && cdr.answerAt <= answeredAt + 100, `answered when 1002 went off hook (${cdr.answerAt} vs ${answeredAt})`);
    assert.ok(cdr.endAt >= hungUpAt + 600 && cdr.endAt <= hungUpAt + 750, `ended when the break passed 600 ms (${cdr.endAt} vs ${hungUpAt})`);
    assert.equal(cdr.legs.length, 2);
    assert.deepEqual(
      cdr.legs.map((l) => [l.technology, l.direction, l.releasedBy]),
      [
        ['analog', 'incoming', 'remote'],
        ['analog', 'outgoing', 'local'],
      ],
    );
  } finally {
    rig.close();
  }
});

test('1001 calls 1002 by pulse dialling (60 ms breaks at 10 pps); 1002 hangs up; CDR answered/16', () => {
  const rig = analogRig();
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    a.offhook();
    rig.run(500);
    a.dialPulse('1002');
    rig.runUntil(() => b.ringing, 8000, '1002 ringing');
    assert.equal(rig.engine.calls()[0]?.dnis, '1002');
    b.offhook();
    rig.runUntil(() => rig.engine.calls()[0]?.state === 'connected', 500, 'connected');
    rig.run(1000);
    b.onhook();
    rig.runUntil(() => rig.engine.calls().length === 0, 1500, 'call ended');
    const [cdr] = rig.store.cdrs.list();
    assert.equal(cdr?.ani, '1001');
    assert.equal(cdr?.dnis, '1002');
    assert.equal(cdr?.disposition, 'answered');
    assert.equal(cdr?.cause, Cause.normalClearing);
    rig.run(1000);
    assert.equal(rig.driver.port(1)?.state, 'releaseTone', '1001, still off hook, hears busy tone after the open-loop pause');
  } finally {
    rig.close();
  }
});

test('a busy extension: 1002 is off hook, 1001 dials it and hears busy tone; CDR busy/17', () => {
  const rig = analogRig();
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    b.offhook();
    a.offhook();
    rig.run(500);
    a.listen(true);
    a.dialDtmf('1002');
    rig.runUntil(() => rig.store.cdrs.list().length === 1, 1500, 'call ended');
    a.clearHeard();
    rig.run(2500);
    const busy = runs(cadence(a.heard())).slice(1, -1);
    assert.ok(busy.length >= 2 && busy.every((r) => r.windows >= 6 && r.windows <= 8), '1001 hears busy tone (0.35 s on, 0.35 s off)');
    assert.ok(!b.ringing);
    const [cdr] = rig.store.cdrs.list();
    assert.equal(cdr?.disposition, 'busy');
    assert.equal(cdr?.cause, Cause.userBusy);
    assert.equal(cdr?.answerAt, null);
  } finally {
    rig.close();
  }
});

test('no answer: 1002 rings until the ring timeout, the ringing stops, 1001 hears busy tone; CDR noAnswer/19', () => {
  const rig = analogRig({ engine: { ringTimeoutMs: 12_000 } });
  try {
    const [a, b] = [rig.phones[0]!, rig.phones[1]!];
    a.offhook();
    rig.run(500);
    a.dialDtmf('1002');
    rig.runUntil(() => b.ringing, 1500, '1002 ringing');
    rig.runUntil(() => rig.store.cdrs.list().length === 1, 13_000, 'call ended');
    rig.run(1000);
    assert.equal(b.ringing, false, 'the ringing stopped');
    assert.equal(b.ringLog.length, 3, 'rings at 0, 5 and 10 s of the 12 s');
    assert.equal(rig.driver.port(2)?.state, 'onHook');
    assert.equal(rig.driver.port(1)?.state, 'releaseTone');
    const [cdr] = rig.store.cdrs.list();
    assert.equal(cdr?.disposition, 'noAnswer');
    assert.equal(cdr?.cause, Cause.noAnswer);
    assert.equal(cdr?.ani, '1001');
    assert.equal(cdr?.dnis, '1002');
  } finally {
    rig.close();
  }
});
