// Bad input on the cable: wrong message sizes, garbage octets, a peer that
// stops answering, a pulled cable. Alarms and counters, no crash, and the
// board's other spans keep running.
//
// Spec: shared/specs/sim-line.md "Messages and timing", "Alarms",
// "Clarifications" (wrong-length message, los and pace, stalled, a slave's
// los), "Transport" (a reconnecting peer restarts the tick count).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seqpacketConnect, seqpacketListen, type AlarmChange } from '../../../drivers/board/index.ts';
import { inProcessPair, open, socketPair, socketPath, stepAll, stepUntil } from './harness.ts';
import { e1Tick, e1TxState } from './speaker.ts';

test('a wrong-length message is dropped and counted, raises lof at once, is not answered, and alignment comes back from the next ticks', () => {
  const path = socketPath('wl');
  const listener = seqpacketListen(path);
  const board = open({ id: 'wl', kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing: 'cas', clock: 'slave', cable: { socket: path, role: 'connect' } }] });
  try {
    board.start();
    board.step(1);
    const sock = listener.accept(2000)!;
    const span = board.spans[0]!;
    const state = e1TxState();
    let k = 0;
    const tick = () => {
      sock.send(e1Tick(state, k));
      k += 8;
      board.step(1);
      return sock.recv(1000);
    };
    for (let i = 0; i < 10; i++) tick();
    assert.equal(span.alarms.length, 0, 'aligned');
    const lineBefore = span.lineMs;
    for (const size of [255, 512, 1, 300]) {
      sock.send(new Uint8Array(size).fill(0x1b));
      board.step(1);
      assert.equal(sock.recv(20), undefined, `no answer to a ${size}-octet message`);
      assert.ok(span.alarms.includes('lof'), 'lof at once');
    }
    assert.equal(span.counters().badLength, 4);
    assert.equal(span.lineMs, lineBefore, 'line time does not advance');
    tick();
    assert.ok(!span.alarms.includes('lof'), 'frame alignment back within one tick (three FAS)');
    for (let i = 0; i < 8; i++) tick();
    assert.deepEqual(span.alarms, [], 'multiframe alignment back after two multiframes');
    sock.close();
  } finally {
    board.close();
    listener.close();
  }
});

test('garbage octets raise lof and lomf; no ABCD event comes from them; the board keeps its other span running', () => {
  const path = socketPath('garbage');
  const listener = seqpacketListen(path);
  const board = open({
    id: 'gb',
    kind: 'sim',
    pace: 'freewheel',
    spans: [
      { kind: 'e1', framing: 'cas', clock: 'slave', cable: { socket: path, role: 'connect' } },
      { kind: 'e1', framing: 'cas', clock: 'master', cable: { peer: 'gb/3' } },
      { kind: 'e1', framing: 'cas', clock: 'slave', cable: { peer: 'gb/2' } },
    ],
  });
  try {
    board.start();
    board.step(1);
    const sock = listener.accept(2000)!;
    const abcd: number[] = [];
    board.spans[0]!.on('abcd', (e) => abcd.push(e.channel));
    let seed = 7;
    for (let t = 0; t < 300; t++) {
      const msg = new Uint8Array(256);
      for (let i = 0; i < msg.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        msg[i] = seed >>> 24;
      }
      sock.send(msg);
      board.step(1);
      sock.recv(100);
    }
    const alarms = board.spans[0]!.alarms;
    assert.ok(alarms.includes('lof') && alarms.includes('lomf'), alarms.join(' '));
    assert.deepEqual(abcd, []);
    assert.deepEqual(board.spans[1]!.alarms, [], 'the in-process pair is unaffected');
    assert.ok(board.spans[1]!.lineMs >= 290);
    sock.close();
  } finally {
    board.close();
    listener.close();
  }
});

test('freewheel: a peer that stops answering leaves line time standing and reports stalled after 1 s of wall time, not an alarm', async () => {
  const path = socketPath('stall');
  const listener = seqpacketListen(path);
  const board = open({ id: 'st', kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing: 'cas', clock: 'master', cable: { socket: path, role: 'connect' } }] });
  try {
    board.start();
    board.step(1);
    const sock = listener.accept(2000)!;
    const span = board.spans[0]!;
    const stalled: number[] = [];
    span.on('stalled', (e) => stalled.push(e.count));
    board.step(1);
    const lineMs = span.lineMs;
    const until = performance.now() + 1300;
    while (performance.now() < until) {
      board.step(1);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(span.lineMs, lineMs, 'no answer, no line time');
    assert.deepEqual(stalled, [1]);
    assert.equal(span.counters().stalled, 1);
    assert.ok(!span.alarms.includes('los') || span.counters().rxTicks === 0, 'stalled is not los once ticks have come');
    sock.close();
  } finally {
    board.close();
    listener.close();
  }
});

for (const [name, make] of [
  ['in-process', inProcessPair],
  ['socket', socketPair],
] as const) {
  test(`${name} cable: unplugging raises los on the other side within 100 ms of line time, replugging clears it and restarts line time`, () => {
    const p = make('cas', `unplug${name.length}`);
    try {
      stepUntil([p.a, p.b], () => p.sa.alarms.length === 0 && p.sb.alarms.length === 0, 200);
      stepAll([p.a, p.b], 50);
      const events: AlarmChange[] = [];
      p.sa.on('alarm', (e) => events.push(e));
      const before = p.sa.lineMs;
      p.sb.unplug();
      stepAll([p.a, p.b], 120);
      const los = events.find((e) => e.raised.includes('los'));
      assert.ok(los, 'los raised');
      assert.ok(los.lineMs - before <= 100, `los after ${los.lineMs - before} ms`);
      assert.ok(p.sb.alarms.includes('los'), 'the unplugged end has los too');
      p.sb.plug();
      stepUntil([p.a, p.b], () => p.sa.alarms.length === 0 && p.sb.alarms.length === 0, 2000);
      assert.ok(p.sa.lineMs < 200, `line time restarted: ${p.sa.lineMs}`);
      assert.ok(p.sa.counters().reconnects >= 2);
    } finally {
      p.a.close();
      p.b.close();
    }
  });
}

test('a connecting board with nobody listening has los and keeps retrying; it aligns when the listener comes', () => {
  const path = socketPath('late');
  const b = open({ id: 'lateB', kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing: 'ccs', clock: 'slave', cable: { socket: path, role: 'connect' } }] });
  const a = open({ id: 'lateA', kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing: 'ccs', clock: 'master', cable: { socket: path, role: 'listen' } }] });
  try {
    b.start();
    b.step(5);
    assert.deepEqual(b.spans[0]!.alarms, ['los', 'lof']);
    a.start();
    // The connect retry is every 50 ms of wall time; step until it connects.
    const until = performance.now() + 2000;
    while (b.spans[0]!.alarms.length > 0 && performance.now() < until) stepAll([a, b], 10);
    assert.deepEqual(b.spans[0]!.alarms, []);
    assert.deepEqual(a.spans[0]!.alarms, []);
  } finally {
    a.close();
    b.close();
  }
});

test('a peer that connects and sends nothing but closes at once leaves the board with los and no crash', () => {
  const path = socketPath('hangup');
  const a = open({ id: 'hang', kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing: 'cas', clock: 'master', cable: { socket: path, role: 'listen' } }] });
  try {
    a.start();
    for (let i = 0; i < 3; i++) {
      const s = seqpacketConnect(path);
      a.step(2);
      s.close();
      a.step(2);
    }
    assert.ok(a.spans[0]!.alarms.includes('los'));
    assert.ok(a.spans[0]!.counters().reconnects >= 3);
  } finally {
    a.close();
  }
});
