// Realtime pace: the driver thread ticks on CLOCK_MONOTONIC and delivers one
// batch per tick through a thread-safe function. These tests take real time
// (about a second each) and assert on line time and counters, never on
// wall-clock precision.
//
// Spec: shared/specs/sim-line.md "Messages and timing" (a realtime master
// sends a tick every N/8 ms; a slave answers each tick), "Alarms" (los after
// 100 ms without ticks), "Clarifications" (los and pace).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seqpacketConnect, type AlarmChange, type Board, type Span } from '../../../drivers/board/index.ts';
import { open, socketPath } from './harness.ts';
import { e1Tick, e1TxState } from './speaker.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!pred()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function realtimePair(id: string): { a: Board; b: Board; sa: Span; sb: Span } {
  const path = socketPath(id);
  const a = open({ id: `${id}A`, kind: 'sim', pace: 'realtime', spans: [{ kind: 'e1', framing: 'cas', clock: 'master', cable: { socket: path, role: 'listen' } }] });
  const b = open({ id: `${id}B`, kind: 'sim', pace: 'realtime', spans: [{ kind: 'e1', framing: 'cas', clock: 'slave', cable: { socket: path, role: 'connect' } }] });
  a.start();
  b.start();
  return { a, b, sa: a.spans[0]!, sb: b.spans[0]! };
}

test('realtime socket pair: aligns, carries ABCD and audio blocks, and the master measures its tick jitter', async () => {
  const p = realtimePair('rt1');
  try {
    await waitFor(() => p.sa.alarms.length === 0 && p.sb.alarms.length === 0, 3000, 'alignment');
    const abcd = new Map<number, number>();
    let audio = 0;
    p.sb.on('abcd', (e) => abcd.set(e.channel, e.bits));
    p.sb.on('audio', () => audio++);
    p.sa.setAbcd(4, 0b1011);
    await waitFor(() => abcd.get(4) === 0b1011 && audio >= 3, 3000, 'abcd and audio');
    const j = p.a.jitter();
    assert.ok(j.samples > 50, `jitter samples ${j.samples}`);
    assert.ok(j.p50Us <= j.p99Us && j.p99Us <= j.maxUs + 1);
    assert.ok(p.sb.counters().rxTicks > 50);
    assert.equal(p.sb.counters().badLength, 0);
  } finally {
    p.a.close();
    p.b.close();
  }
});

test('realtime: unplugging the slave raises los at the master within 100 ms of line time; replugging clears it', async () => {
  const p = realtimePair('rt2');
  try {
    await waitFor(() => p.sa.alarms.length === 0 && p.sb.alarms.length === 0, 3000, 'alignment');
    const events: AlarmChange[] = [];
    p.sa.on('alarm', (e) => events.push(e));
    const before = p.sa.lineMs;
    p.sb.unplug();
    await waitFor(() => events.some((e) => e.raised.includes('los')), 3000, 'los');
    const los = events.find((e) => e.raised.includes('los'))!;
    assert.ok(los.lineMs - before <= 100, `los after ${los.lineMs - before} ms of line time`);
    p.sb.plug();
    await waitFor(() => p.sa.alarms.length === 0 && p.sb.alarms.length === 0, 3000, 'realignment');
  } finally {
    p.a.close();
    p.b.close();
  }
});

test('realtime: a connected peer that stops sending ticks gives los after 100 ms without ticks, not before', async () => {
  const path = socketPath('rt3');
  const a = open({ id: 'rt3', kind: 'sim', pace: 'realtime', spans: [{ kind: 'e1', framing: 'cas', clock: 'master', cable: { socket: path, role: 'listen' } }] });
  const span = a.spans[0]!;
  const events: AlarmChange[] = [];
  span.on('alarm', (e) => events.push(e));
  a.start();
  const sock = seqpacketConnect(path);
  try {
    // Answer the master's ticks from plain TypeScript for a while.
    const state = e1TxState();
    let k = 0;
    let lastAnswerLineMs = 0;
    const until = performance.now() + 600;
    while (performance.now() < until) {
      for (let m = sock.recv(5); m instanceof Uint8Array; m = sock.recv(0)) {
        sock.send(e1Tick(state, k));
        k += 8;
      }
      lastAnswerLineMs = span.lineMs;
      await sleep(0);
    }
    assert.ok(k > 0, 'answered some ticks');
    const startLos = events.length;
    await waitFor(() => events.slice(startLos).some((e) => e.raised.includes('los')), 3000, 'los');
    const los = events.slice(startLos).find((e) => e.raised.includes('los'))!;
    const silentMs = los.lineMs - lastAnswerLineMs;
    assert.ok(silentMs >= 90, `los after ${silentMs} ms of silence (>= 100 ms, one tick of slack)`);
  } finally {
    sock.close();
    a.close();
  }
});
