// Analog ports on sim-line: the FXS side decodes hook, flash and pulse
// digits from the station's offhook bit and rings with China's cadence; the
// FXO side decodes ring, battery and reversal.
//
// Spec: shared/specs/sim-line.md "Analog frame content": bits 0x01 offhook,
// 0x02 ring, 0x04 reversed, 0x08 battery; flash = offhook dropped for
// 100-600 ms; pulse dialling = 60 ms breaks at 10 pps; shorter breaks are
// noise; China ring is 1 s on, 4 s off.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINE_BITS, seqpacketListen, type AnalogChange } from '../../../drivers/board/index.ts';
import { open, socketPath, stepAll, stepUntil } from './harness.ts';
import { analogTick } from './speaker.ts';

const FRAMES_PER_MS = 8;
const N = 80; // 10 ms ticks keep these long scenarios fast

/** Drives an FXS board (slave) from a speaker (master) whose offhook bit follows `offhook(ms)`. */
function fxsScenario(id: string, offhook: (ms: number) => boolean, durationMs: number): { events: AnalogChange[]; ringFrames: number[] } {
  const path = socketPath(id);
  const listener = seqpacketListen(path);
  const board = open({ id, kind: 'sim', pace: 'freewheel', tickFrames: N, spans: [{ kind: 'fxs', clock: 'slave', cable: { socket: path, role: 'connect' } }] });
  const events: AnalogChange[] = [];
  const ringFrames: number[] = [];
  try {
    board.start();
    board.step(1);
    const sock = listener.accept(2000)!;
    board.spans[0]!.on('analog', (e) => events.push(e));
    for (let k = 0; k < durationMs * FRAMES_PER_MS; k += N) {
      sock.send(analogTick((f) => (offhook(f / FRAMES_PER_MS) ? LINE_BITS.offhook : 0), k, N));
      board.step(1);
      const answer = sock.recv(1000);
      assert.ok(answer instanceof Uint8Array && answer.length === 2 * N, 'a [audio, state] frame per sample');
      for (let f = 0; f < N; f++) if (answer[2 * f + 1]! & LINE_BITS.ring) ringFrames.push(k + f);
    }
    sock.close();
  } finally {
    board.close();
    listener.close();
  }
  return { events, ringFrames };
}

/** Offhook from `fromMs`, with the given breaks [startMs, lengthMs]. */
function loop(fromMs: number, breaks: Array<[number, number]>): (ms: number) => boolean {
  return (ms) => ms >= fromMs && !breaks.some(([s, len]) => ms >= s && ms < s + len);
}

function pulses(startMs: number, count: number, breakMs = 60, makeMs = 40): Array<[number, number]> {
  return Array.from({ length: count }, (_, i) => [startMs + i * (breakMs + makeMs), breakMs] as [number, number]);
}

function names(events: AnalogChange[]): string[] {
  return events.map((e) => (e.event === 'digit' ? `digit ${e.digit}` : e.event));
}

test('FXS: offhook after a 30 ms make, pulse digits of 60 ms breaks at 10 pps (3 and 0), onhook after a break over 600 ms', () => {
  const breaks = [...pulses(500, 3), ...pulses(1500, 10), [3500, 2000] as [number, number]];
  const { events } = fxsScenario('pulse', loop(100, breaks), 3000 + 2200);
  assert.deepEqual(names(events), ['offhook', 'digit 3', 'digit 0', 'onhook']);
  const off = events[0]!;
  assert.ok(off.lineMs >= 130 && off.lineMs <= 150, `offhook at ${off.lineMs}`);
  const on = events[3]!;
  assert.ok(on.lineMs >= 4100 && on.lineMs <= 4120, `onhook at ${on.lineMs}`);
});

test('FXS: hook flash is a break of 100-600 ms: 110 ms and 590 ms are flashes; 90 ms is ignored; 650 ms is an onhook', () => {
  const { events } = fxsScenario('flash', loop(100, [[500, 110], [1000, 590], [2000, 90], [3000, 650]]), 4000);
  // After the 650 ms break the loop closes again: a new offhook.
  assert.deepEqual(names(events), ['offhook', 'flash', 'flash', 'onhook', 'offhook']);
});

test('FXS: breaks shorter than a dial pulse (20 ms) or between pulse and flash (85 ms) are noise; 40 and 80 ms breaks count as pulses', () => {
  const { events } = fxsScenario('noise', loop(100, [[500, 20], [1000, 85], [1500, 40], [1590, 80]]), 2500);
  assert.deepEqual(names(events), ['offhook', 'digit 2']);
});

test('FXS: a short offhook blip (20 ms) from onhook raises nothing', () => {
  const { events } = fxsScenario('blip', (ms) => ms >= 200 && ms < 220, 1000);
  assert.deepEqual(names(events), []);
});

test('FXS rings with China cadence: 1 s on, 4 s off, repeated (both edges of each bound)', () => {
  const path = socketPath('ring');
  const listener = seqpacketListen(path);
  const board = open({ id: 'ring', kind: 'sim', pace: 'freewheel', tickFrames: N, spans: [{ kind: 'fxs', clock: 'slave', cable: { socket: path, role: 'connect' } }] });
  try {
    board.start();
    board.step(1);
    const sock = listener.accept(2000)!;
    const state: number[] = [];
    const exchange = (k: number) => {
      sock.send(analogTick(() => 0, k, N));
      board.step(1);
      const a = sock.recv(1000)!;
      for (let f = 0; f < N; f++) state.push(a[2 * f + 1]!);
    };
    exchange(0);
    board.spans[0]!.setLineState(0, LINE_BITS.battery | LINE_BITS.ring);
    const start = state.length;
    for (let k = N; k < 11_000 * FRAMES_PER_MS; k += N) exchange(k);
    const ring = state.slice(start).map((s) => (s & LINE_BITS.ring) !== 0);
    const ms = (m: number) => m * FRAMES_PER_MS;
    assert.equal(ring[0], true, 'rings at once');
    assert.equal(ring[ms(999)], true, 'on at 999 ms');
    assert.equal(ring[ms(1001)], false, 'off at 1001 ms');
    assert.equal(ring[ms(4999)], false, 'off at 4999 ms');
    assert.equal(ring[ms(5001)], true, 'on again at 5001 ms');
    assert.equal(ring[ms(6001)], false);
    assert.ok(state.slice(start).every((s) => (s & LINE_BITS.battery) !== 0), 'battery held');
    sock.close();
  } finally {
    board.close();
    listener.close();
  }
});

test('FXS and FXO in-process: battery, ring on/off, answer with ring trip, reversal and hangup cross as events', () => {
  const fxs = open({ id: 'exch', kind: 'sim', pace: 'freewheel', spans: [{ kind: 'fxs', clock: 'master', cable: { peer: 'phone/1' } }] });
  const fxo = open({ id: 'phone', kind: 'sim', pace: 'freewheel', spans: [{ kind: 'fxo', clock: 'slave', cable: { peer: 'exch/1' } }] });
  try {
    fxs.start();
    fxo.start();
    const atPhone: string[] = [];
    const atExchange: string[] = [];
    fxo.spans[0]!.on('analog', (e) => atPhone.push(e.event));
    fxs.spans[0]!.on('analog', (e) => atExchange.push(e.event));
    const both = [fxs, fxo];
    stepUntil(both, () => fxs.spans[0]!.alarms.length === 0 && fxo.spans[0]!.alarms.length === 0, 100);
    stepAll(both, 50);
    assert.deepEqual(atPhone, ['batteryOn'], 'FXS feeds battery from the start');
    fxs.spans[0]!.setLineState(0, LINE_BITS.battery | LINE_BITS.ring);
    stepAll(both, 5200);
    assert.deepEqual(atPhone, ['batteryOn', 'ringOn', 'ringOff', 'ringOn']);
    fxo.spans[0]!.setLineState(0, LINE_BITS.offhook);
    stepAll(both, 100);
    assert.deepEqual(atExchange, ['offhook']);
    assert.deepEqual(atPhone.slice(-1), ['ringOff'], 'ring trip on answer');
    fxs.spans[0]!.setLineState(0, LINE_BITS.battery | LINE_BITS.reversed);
    stepAll(both, 50);
    assert.deepEqual(atPhone.slice(-1), ['reversalOn']);
    fxo.spans[0]!.setLineState(0, 0);
    stepAll(both, 700);
    assert.deepEqual(atExchange, ['offhook', 'onhook']);
  } finally {
    fxs.close();
    fxo.close();
  }
});
