// The DAHDI board against a fake DAHDI device, through the real addon and
// the real system calls.
//
// Each case runs this same file as a child node process with the fake
// device library in LD_PRELOAD (test/support/fake-dahdi): the child opens a
// DAHDI board with the project's public board API, drives it in freewheel
// (the fake has a block ready whenever the driver reads, so runs are
// deterministic) or realtime, and prints what the board reported; the fake
// records every open/ioctl/read/write/close, and the parent checks both the
// board's events and the exact requests, arguments and data on the device.
//
// DAHDI facts used (dahdi-base.c, <dahdi/user.h>): block size 16..8192;
// read/write fail with ELAST while an event is queued; HDLCFCS reads end in
// two FCS octets, writes carry two octets the kernel fills; DAHDI_ALARM_RED 8,
// YELLOW 4, LOS 256, LFA 512, LMFA 1024.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SCENARIO_ENV,
  fakeDahdiControl,
  fakeDevicePath,
  hexOf,
  runWithFakeDahdi,
  skipUnlessFakeDahdi,
  type FakeCall,
  type FakeRun,
  type FakeRunOptions,
} from '../../support/fake-dahdi/fake-dahdi.ts';
import { LINE_BITS, openBoard, validateBoard, type Board } from '../../../drivers/board/index.ts';
import { silentLog } from '../../../engine/core/contracts/index.ts';

const SELF = fileURLToPath(import.meta.url);
const O_RDWR = 2;
const O_NONBLOCK = 0o4000;
const DAHDI_LAW_ALAW = 2;
const DAHDI_RING = 5;
const DAHDI_OFFHOOK = 1;
const DAHDI_EVENT_BADFCS = 8;
const DAHDI_EVENT_ONHOOK = 1;
const DAHDI_EVENT_RINGOFFHOOK = 2;
const DAHDI_EVENT_RINGBEGIN = 18;
const DAHDI_EVENT_PULSEDIGIT = 1 << 16;
const ALARM = { RED: 8, YELLOW: 4, LOS: 256, LFA: 512, LMFA: 1024 } as const;

// ---- child side: scenarios run under the fake ------------------------------

type SpanSpec = Record<string, unknown>;

function dahdiBoard(spans: SpanSpec[], extra: Record<string, unknown> = {}): Board {
  const config = validateBoard({ id: 'd0', kind: 'dahdi', pace: 'freewheel', tickFrames: 8, spans, ...extra }, 'boards[0]', {
    file: 'test.yaml',
  });
  return openBoard(config, { log: silentLog });
}

/** The span's device: the fake's path and the DAHDI channel of timeslot 1 (or of the port). */
function dev(channel: number): string {
  return `${fakeDevicePath()}#${channel}`;
}

/** Deterministic octets, including flag and all-ones octets inside frames. */
function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i % 9 === 4 ? 0x7e : i % 11 === 6 ? 0xff : (x >>> 16) & 0xff;
  }
  return out;
}

/** Starts a board and reports what happened: `{started: true}` or the error's facts; closes it either way. */
function startFacts(b: Board): Record<string, unknown> {
  try {
    b.start();
    return { started: true };
  } catch (e) {
    return errorFacts(e);
  } finally {
    b.close();
  }
}

function errorFacts(e: unknown): Record<string, unknown> {
  const o = e as { code?: unknown; errno?: unknown; syscall?: unknown; message?: unknown; name?: unknown };
  return { code: o.code, errno: o.errno, syscall: o.syscall, message: String(o.message), name: o.name };
}

const scenarios: Record<string, () => Promise<unknown> | unknown> = {
  openSequence() {
    fakeDahdiControl('framing 2 ccs');
    const b = dahdiBoard(
      [
        { kind: 'e1', framing: 'cas', device: dev(1) },
        { kind: 'e1', framing: 'ccs', device: dev(32) },
      ],
      { tickFrames: 160 },
    );
    b.start();
    b.step(1);
    b.close();
    return {};
  },

  casBits() {
    fakeDahdiControl('cross 1 2');
    const b = dahdiBoard([
      { kind: 'e1', framing: 'cas', device: dev(1) },
      { kind: 'e1', framing: 'cas', device: dev(32) },
    ]);
    const abcd: Array<{ span: number; channel: number; bits: number; lineMs: number }> = [];
    b.spans.forEach((s, i) => s.on('abcd', (e) => abcd.push({ span: i, channel: e.channel, bits: e.bits, lineMs: e.lineMs })));
    b.start();
    b.step(20);
    const idleDone = abcd.length;
    const setAt = b.spans[1]!.lineMs;
    b.spans[0]!.setAbcd(5, 0b1001);
    b.step(20);
    // The far end of span 1 channel 17 (timeslot 18, DAHDI channel 18) seizes.
    const rxAt = b.spans[0]!.lineMs;
    fakeDahdiControl('rxbits 18 13');
    b.step(20);
    // A glitch on channel 18 (DAHDI 19) shorter than the 20 ms persistence.
    fakeDahdiControl('rxbits 19 5');
    b.step(4);
    fakeDahdiControl('rxbits 19 15');
    b.step(20);
    let refused: Record<string, unknown> = {};
    try {
      b.spans[0]!.setAbcd(3, 0);
    } catch (e) {
      refused = errorFacts(e);
    }
    b.close();
    return { abcd, idleDone, setAt, rxAt, refused };
  },

  audio() {
    const rx3 = pattern(160, 3);
    fakeDahdiControl(`audio 3 ${hexOf(rx3)}`);
    const b = dahdiBoard([{ kind: 'e1', framing: 'cas', device: dev(1) }]);
    const span = b.spans[0]!;
    const tx = new Uint8Array(span.audio.blockOctets).fill(0xd5);
    tx.set(pattern(160, 1), 1 * 160);
    tx.set(pattern(160, 20), 21 * 160);
    assert.ok(span.audio.writeTx(tx));
    const audio: number[] = [];
    span.on('audio', (e) => audio.push(e.rxWritten));
    b.start();
    b.step(10);
    const block = span.audio.nextRx();
    const result = {
      audio: [...audio],
      rxTs3: block ? hexOf(span.audio.channel(block.data, 3)) : '',
      rxTs5: block ? hexOf(span.audio.channel(block.data, 5)) : '',
      underrunsAfterFirst: span.audio.underruns(),
      underrunsAfterSecond: 0,
    };
    b.step(10);
    result.underrunsAfterSecond = span.audio.underruns();
    b.close();
    return result;
  },

  hdlc() {
    fakeDahdiControl('framing 1 ccs', 'framing 2 ccs', 'cross 1 2');
    const b = dahdiBoard([
      { kind: 'e1', framing: 'ccs', device: dev(1) },
      { kind: 'e1', framing: 'ccs', device: dev(32) },
    ]);
    const got: string[][] = [[], []];
    b.spans.forEach((s, i) => s.on('hdlc', (e) => got[i]!.push(hexOf(e.data))));
    b.start();
    b.step(2);
    // Frames from the line on span 1's D-channel (DAHDI channel 16), then a bad FCS.
    const fromLine = [3, 17, 64, 279, 5].map((n, i) => hexOf(pattern(n, 100 + i)));
    fakeDahdiControl(...fromLine.map((h) => `frame 16 ${h}`), `event 16 ${DAHDI_EVENT_BADFCS}`);
    b.step(2);
    // Frames sent by each span reach the other over the cross-connect.
    const aToB = [4, 120, 279].map((n, i) => pattern(n, 200 + i));
    const bToA = [9, 33].map((n, i) => pattern(n, 300 + i));
    for (const f of aToB) b.spans[0]!.sendHdlc(f);
    for (const f of bToA) b.spans[1]!.sendHdlc(f);
    b.step(4);
    const counters = b.spans.map((s) => s.counters());
    b.close();
    return { got, fromLine, aToB: aToB.map(hexOf), bToA: bToA.map(hexOf), counters };
  },

  alarms() {
    const b = dahdiBoard([{ kind: 'e1', framing: 'cas', device: dev(1) }]);
    const seen: Array<{ alarms: string[]; raised: string[]; cleared: string[] }> = [];
    b.spans[0]!.on('alarm', (e) => seen.push({ alarms: [...e.alarms], raised: [...e.raised], cleared: [...e.cleared] }));
    b.start();
    b.step(2);
    const steps: Array<[number, string[]]> = [];
    for (const mask of [ALARM.RED | ALARM.LOS, ALARM.YELLOW, ALARM.RED | ALARM.LFA | ALARM.LMFA, 0]) {
      fakeDahdiControl(`alarm 1 ${mask}`);
      b.step(30);
      steps.push([mask, b.spans[0]!.alarms]);
    }
    b.close();
    return { seen, steps };
  },

  analog() {
    fakeDahdiControl('framing 3 fxo', 'framing 4 fxs');
    const b = dahdiBoard([
      { kind: 'fxs', device: dev(63) },
      { kind: 'fxo', device: dev(94) },
    ]);
    const seen: Array<{ span: number; event: string; digit: number | null }> = [];
    b.spans.forEach((s, i) => s.on('analog', (e) => seen.push({ span: i, event: e.event, digit: e.digit ?? null })));
    b.start();
    fakeDahdiControl(`event 63 ${DAHDI_EVENT_RINGOFFHOOK}`);
    b.step(2);
    fakeDahdiControl(`event 63 ${DAHDI_EVENT_PULSEDIGIT | '7'.charCodeAt(0)}`, `event 63 ${DAHDI_EVENT_ONHOOK}`);
    b.step(2);
    fakeDahdiControl(`event 94 ${DAHDI_EVENT_RINGBEGIN}`);
    b.step(2);
    b.spans[0]!.setLineState(0, LINE_BITS.ring);
    b.spans[1]!.setLineState(0, LINE_BITS.offhook);
    b.close();
    return { seen };
  },

  async realtime() {
    fakeDahdiControl('cross 1 2');
    const b = dahdiBoard(
      [
        { kind: 'e1', framing: 'cas', device: dev(1) },
        { kind: 'e1', framing: 'cas', device: dev(32) },
      ],
      { pace: 'realtime', tickFrames: 160 },
    );
    let audio = 0;
    let batches = 0;
    const seized: number[] = [];
    b.spans[0]!.on('audio', () => audio++);
    b.spans[1]!.on('abcd', (e) => {
      if (e.channel === 7) seized.push(e.bits);
    });
    b.on('batch', () => batches++);
    b.start();
    const wait = async (done: () => boolean): Promise<void> => {
      const deadline = performance.now() + 3000;
      while (!done() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    };
    await wait(() => audio >= 4);
    // A command from the JS thread while the driver thread runs.
    b.spans[0]!.setAbcd(7, 0b0001);
    await wait(() => seized.includes(0b0001) && audio >= 8);
    const jitter = b.jitter();
    const lineMs = b.spans[0]!.lineMs;
    b.close();
    return { audio, batches, seized, jitterSamples: jitter.samples, lineMs };
  },

  removed() {
    const b = dahdiBoard([{ kind: 'e1', framing: 'cas', device: dev(1) }]);
    const seen: string[][] = [];
    b.spans[0]!.on('alarm', (e) => seen.push([...e.alarms]));
    b.start();
    b.step(2);
    fakeDahdiControl('event 1 20');
    b.step(30);
    const alarms = b.spans[0]!.alarms;
    b.close();
    return { seen, alarms };
  },

  failOpen() {
    fakeDahdiControl('failopen 13');
    return startFacts(dahdiBoard([{ kind: 'e1', framing: 'cas', device: dev(1) }]));
  },

  failIoctl() {
    fakeDahdiControl('fail DAHDI_SETLAW 5 22');
    return startFacts(dahdiBoard([{ kind: 'e1', framing: 'cas', device: dev(1) }]));
  },

  wrongSignalling() {
    return startFacts(dahdiBoard([{ kind: 'e1', framing: 'ccs', device: dev(1) }]));
  },

  badChannel() {
    return startFacts(dahdiBoard([{ kind: 'e1', framing: 'cas', device: dev(4000) }]));
  },
};

// ---- parent side: the tests -------------------------------------------------

// Several tests read the same run: each scenario runs once per process.
const runs = new Map<string, Promise<FakeRun<unknown>>>();
function run<T>(name: string, opts: FakeRunOptions = {}): Promise<FakeRun<T>> {
  let r = runs.get(name);
  if (!r) {
    r = runWithFakeDahdi<unknown>(SELF, name, opts);
    runs.set(name, r);
  }
  return r as Promise<FakeRun<T>>;
}

function ioctlsOn(calls: FakeCall[], chan: number): Array<[string, number]> {
  return calls.filter((c) => c.op === 'ioctl' && c.chan === chan).map((c) => [c.req ?? '', c.arg ?? 0]);
}

function dataOn(calls: FakeCall[], op: 'write' | 'read', chan: number): string[] {
  return calls.filter((c) => c.op === op && c.chan === chan && (c.ret ?? -1) >= 0).map((c) => c.hex ?? '');
}

function assertAllClosed(calls: FakeCall[]): void {
  const opened = calls.filter((c) => c.op === 'open' && c.fd !== undefined && c.fd >= 0).map((c) => c.fd);
  const closed = calls.filter((c) => c.op === 'close').map((c) => c.fd);
  assert.deepEqual([...closed].sort(), [...opened].sort(), 'every fd the driver opened is closed');
}

const E1_BEARER_TIMESLOTS = [...Array.from({ length: 15 }, (_, i) => i + 1), ...Array.from({ length: 15 }, (_, i) => i + 17)];

const scenario = process.env[SCENARIO_ENV];
if (scenario !== undefined) {
  const run = scenarios[scenario];
  if (!run) throw new Error(`unknown scenario ${scenario}`);
  Promise.resolve()
    .then(run)
    .then(
      (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
      (e: unknown) => {
        process.stdout.write(`${JSON.stringify({ scenarioError: errorFacts(e) })}\n`);
        process.exitCode = 1;
      },
    );
} else {
  const skip = skipUnlessFakeDahdi();

  test('opens each E1 CAS timeslot with SPECIFY, SET_BLOCKSIZE, GET_PARAMS, SETLAW A-law, then idles it with ABCD 1111', { skip }, async () => {
    const { calls, devicePath } = await run('openSequence');
    const opens = calls.filter((c) => c.op === 'open');
    assert.equal(opens.length, 30 + 31, 'CAS span: 30 bearers; CCS span: 30 bearers and the D-channel');
    for (const o of opens) {
      assert.equal(o.path, devicePath);
      assert.equal((o.flags ?? 0) & (O_RDWR | O_NONBLOCK), O_RDWR | O_NONBLOCK);
    }
    for (const ts of E1_BEARER_TIMESLOTS) {
      const seq = ioctlsOn(calls, ts);
      assert.deepEqual(seq.slice(0, 4), [
        ['DAHDI_SPECIFY', ts],
        ['DAHDI_SET_BLOCKSIZE', 160],
        ['DAHDI_GET_PARAMS', 0],
        ['DAHDI_SETLAW', DAHDI_LAW_ALAW],
      ]);
      assert.deepEqual(seq.slice(4, 6), [
        ['DAHDI_SETTXBITS', 0xf],
        ['DAHDI_GETRXBITS', 0],
      ]);
      assert.equal(dataOn(calls, 'write', ts).length, 1, 'one tick wrote one block');
      assert.equal(dataOn(calls, 'write', ts)[0]!.length, 160 * 2);
    }
    assert.equal(ioctlsOn(calls, 16).length, 0, 'timeslot 16 of a CAS span is not a channel');
    assertAllClosed(calls);
  });

  test('opens an E1 CCS span with clear bearers and timeslot 16 as an HDLC D-channel with frame-sized buffers', { skip }, async () => {
    const { calls } = await run('openSequence');
    for (const ts of E1_BEARER_TIMESLOTS) {
      const seq = ioctlsOn(calls, 31 + ts);
      assert.deepEqual(seq.slice(0, 4).map(([r]) => r), ['DAHDI_SPECIFY', 'DAHDI_SET_BLOCKSIZE', 'DAHDI_GET_PARAMS', 'DAHDI_SETLAW']);
      assert.ok(!seq.some(([r]) => r === 'DAHDI_SETTXBITS'), 'no CAS bits on a CCS span');
    }
    assert.deepEqual(ioctlsOn(calls, 47).slice(0, 4), [
      ['DAHDI_SPECIFY', 47],
      ['DAHDI_GET_PARAMS', 0],
      ['DAHDI_GET_BUFINFO', 0],
      ['DAHDI_SET_BUFINFO', 0],
    ]);
    assert.equal(dataOn(calls, 'write', 47).length, 0, 'no frame queued, nothing written on the D-channel');
  });

  test('a tick of 8 frames asks DAHDI for its smallest block, 16 octets (dahdi-base refuses less)', { skip }, async () => {
    const { calls } = await run('casBits');
    assert.deepEqual(ioctlsOn(calls, 1)[1], ['DAHDI_SET_BLOCKSIZE', 16]);
    assert.ok(dataOn(calls, 'write', 1).every((h) => h.length === 32));
  });

  test('CAS: ABCD set on one span is sent with SETTXBITS and received on the other after the 20 ms persistence', { skip }, async () => {
    type R = { abcd: Array<{ span: number; channel: number; bits: number; lineMs: number }>; setAt: number; rxAt: number; idleDone: number; refused: Record<string, unknown> };
    const { result, calls } = await run<R>('casBits');
    assert.ok(ioctlsOn(calls, 5).some(([r, a]) => r === 'DAHDI_SETTXBITS' && a === 0b1001));
    const idle = result.abcd.slice(0, result.idleDone);
    assert.equal(idle.length, 60, 'every channel of both spans reports the far end idle (1111) once');
    assert.ok(idle.every((e) => e.bits === 0xf));
    const seized = result.abcd.filter((e) => e.span === 1 && e.channel === 5);
    assert.equal(seized.length, 2);
    assert.equal(seized[1]!.bits, 0b1001);
    const delay = seized[1]!.lineMs - result.setAt;
    assert.ok(delay >= 20, `not before the persistence time (${delay} ms)`);
    assert.ok(delay <= 22, `within one 2 ms tick after it (${delay} ms)`);
    assert.ok(ioctlsOn(calls, 36).some(([r, a]) => r === 'DAHDI_GETRXBITS' && a === 0b1001), 'read back with GETRXBITS');
  });

  test('CAS: bits from the line reach the board once stable; a change shorter than the persistence is not reported', { skip }, async () => {
    type R = { abcd: Array<{ span: number; channel: number; bits: number; lineMs: number }>; rxAt: number };
    const { result } = await run<R>('casBits');
    const ch17 = result.abcd.filter((e) => e.span === 0 && e.channel === 17);
    assert.deepEqual(ch17.map((e) => e.bits), [0xf, 13]);
    const delay = ch17[1]!.lineMs - result.rxAt;
    assert.ok(delay >= 20 && delay <= 22, `persistence 20 ms (+ one tick), got ${delay}`);
    const ch18 = result.abcd.filter((e) => e.span === 0 && e.channel === 18);
    assert.deepEqual(ch18.map((e) => e.bits), [0xf], 'the 8 ms glitch to 0101 is not passed up');
  });

  test('CAS: ABCD 0000 is refused on channels 1-15 (G.704 5.1.3) before any ioctl', { skip }, async () => {
    type R = { refused: { code?: string; message: string } };
    const { result, calls } = await run<R>('casBits');
    assert.match(result.refused.message, /0000/);
    assert.ok(!ioctlsOn(calls, 3).some(([r, a]) => r === 'DAHDI_SETTXBITS' && a === 0));
  });

  test('audio: each timeslot reads its own A-law octets into the rx ring and writes the tx ring block by block', { skip }, async () => {
    type R = { audio: number[]; rxTs3: string; rxTs5: string; underrunsAfterFirst: number; underrunsAfterSecond: number };
    const { result, calls } = await run<R>('audio');
    assert.deepEqual(result.audio, [1], 'one 20 ms block after 10 ticks of 16 frames');
    assert.equal(result.rxTs3, hexOf(pattern(160, 3)), 'timeslot 3 holds exactly what the line carried');
    assert.equal(result.rxTs5, 'd5'.repeat(160), 'an idle timeslot holds A-law idle');
    const ts1 = dataOn(calls, 'write', 1);
    assert.equal(ts1.slice(0, 10).join(''), hexOf(pattern(160, 1)), 'channel 1 = timeslot 1 = DAHDI channel 1');
    assert.equal(dataOn(calls, 'write', 21).slice(0, 10).join(''), hexOf(pattern(160, 20)), 'channel 20 = timeslot 21');
    assert.equal(ts1.slice(10, 20).join(''), 'd5'.repeat(160), 'with no tx block queued the line gets idle');
    assert.equal(result.underrunsAfterFirst, 0);
    assert.equal(result.underrunsAfterSecond, 1);
  });

  test('HDLC: whole frames read from the D-channel arrive without their FCS; a bad-FCS event is counted, not delivered', { skip }, async () => {
    type R = { got: string[][]; fromLine: string[]; counters: Array<{ crcErrors: number; hdlcRxFrames: number }> };
    const { result, calls } = await run<R>('hdlc');
    assert.deepEqual(result.got[0]!.slice(0, 5), result.fromLine);
    assert.equal(result.counters[0]!.crcErrors, 1);
    const reads = dataOn(calls, 'read', 16);
    assert.equal(reads[0], result.fromLine[0] + reads[0]!.slice(-4), 'DAHDI hands the frame then its two FCS octets');
    assert.ok(ioctlsOn(calls, 16).some(([r, a]) => r === 'DAHDI_GETEVENT' && a === DAHDI_EVENT_BADFCS));
  });

  test('HDLC: frames sent on each span are written whole with two FCS octets for the kernel, and reach the other span', { skip }, async () => {
    type R = { got: string[][]; aToB: string[]; bToA: string[]; counters: Array<{ hdlcTxFrames: number; crcErrors: number }> };
    const { result, calls } = await run<R>('hdlc');
    assert.deepEqual(dataOn(calls, 'write', 16), result.aToB.map((h) => `${h}0000`));
    assert.deepEqual(dataOn(calls, 'write', 47), result.bToA.map((h) => `${h}0000`));
    assert.deepEqual(result.got[1], result.aToB);
    assert.deepEqual(result.got[0]!.slice(5), result.bToA);
    assert.equal(result.counters[0]!.hdlcTxFrames, 3);
    assert.equal(result.counters[1]!.crcErrors, 0);
  });

  test('alarms: DAHDI ALARM/NOALARM events are read with SPANSTAT and reported as los, rai, lof+lomf and their clearing', { skip }, async () => {
    type R = { seen: Array<{ alarms: string[]; raised: string[]; cleared: string[] }>; steps: Array<[number, string[]]> };
    const { result, calls } = await run<R>('alarms');
    assert.deepEqual(result.steps, [
      [ALARM.RED | ALARM.LOS, ['los']],
      [ALARM.YELLOW, ['rai']],
      [ALARM.RED | ALARM.LFA | ALARM.LMFA, ['lof', 'lomf']],
      [0, []],
    ]);
    assert.deepEqual(result.seen[0], { alarms: [], raised: [], cleared: ['los'] }, 'the first tick clears the start-up los');
    assert.deepEqual(result.seen[1], { alarms: ['los'], raised: ['los'], cleared: [] });
    assert.deepEqual(result.seen.at(-1), { alarms: [], raised: [], cleared: ['lof', 'lomf'] });
    assert.ok(calls.filter((c) => c.op === 'ioctl' && c.req === 'DAHDI_SPANSTAT').length >= 5);
  });

  test('analog: hook, pulse digit and ring events become analog events; ring and off-hook go out with DAHDI_HOOK', { skip }, async () => {
    type R = { seen: Array<{ span: number; event: string; digit: number | null }> };
    const { result, calls } = await run<R>('analog');
    assert.deepEqual(result.seen, [
      { span: 0, event: 'offhook', digit: null },
      { span: 0, event: 'digit', digit: 7 },
      { span: 0, event: 'onhook', digit: null },
      { span: 1, event: 'ringOn', digit: null },
    ]);
    assert.deepEqual(ioctlsOn(calls, 63).filter(([r]) => r === 'DAHDI_HOOK'), [['DAHDI_HOOK', DAHDI_RING]]);
    assert.deepEqual(ioctlsOn(calls, 94).filter(([r]) => r === 'DAHDI_HOOK'), [['DAHDI_HOOK', DAHDI_OFFHOOK]]);
  });

  test('realtime: the driver thread ticks when the device has a block, takes commands from JS and delivers batches', { skip }, async () => {
    type R = { audio: number; batches: number; seized: number[]; jitterSamples: number; lineMs: number };
    const { result, calls } = await run<R>('realtime', { pace: 'realtime' });
    assert.ok(result.audio >= 8, `audio blocks delivered: ${result.audio}`);
    assert.ok(result.batches >= result.audio);
    assert.deepEqual(result.seized.slice(-1), [0b0001], 'the seizure set from JS crossed to the other span');
    assert.ok(result.jitterSamples > 0);
    assert.ok(result.lineMs >= 8 * 20);
    assertAllClosed(calls);
  });

  test('a device removed under the driver (DAHDI_EVENT_REMOVED) raises los instead of failing the tick', { skip }, async () => {
    type R = { seen: string[][]; alarms: string[] };
    const { result } = await run<R>('removed');
    assert.deepEqual(result.seen, [[], ['los']]);
    assert.deepEqual(result.alarms, ['los']);
  });

  test('an open refused by the device (EACCES) is a DriverError with errno, syscall open and the path', { skip }, async () => {
    type R = { code: string; errno: number; syscall: string; message: string };
    const { result, devicePath } = await run<R>('failOpen');
    assert.equal(result.code, 'ERR_DRIVER');
    assert.equal(Math.abs(result.errno), 13);
    assert.equal(result.syscall, 'open');
    assert.ok(result.message.includes(devicePath), result.message);
    assert.match(result.message, /EACCES/);
  });

  test('an ioctl failure during open is a DriverError naming the request and channel, and closes what was opened', { skip }, async () => {
    type R = { code: string; errno: number; syscall: string; message: string };
    const { result, calls } = await run<R>('failIoctl');
    assert.equal(result.code, 'ERR_DRIVER');
    assert.equal(Math.abs(result.errno), 22);
    assert.equal(result.syscall, 'ioctl');
    assert.match(result.message, /DAHDI_SETLAW/);
    assert.match(result.message, /channel 5/);
    assert.match(result.message, /EINVAL/);
    assert.equal(calls.filter((c) => c.op === 'open').length, 5, 'stopped at the failing channel');
    assertAllClosed(calls);
  });

  test('a channel whose DAHDI signalling does not fit the span is refused with a hint at system.conf', { skip }, async () => {
    type R = { code: string; message: string };
    const { result, calls } = await run<R>('wrongSignalling');
    assert.equal(result.code, 'ERR_DRIVER');
    assert.match(result.message, /DAHDI_SIG_CLEAR/);
    assert.match(result.message, /system\.conf/);
    assertAllClosed(calls);
  });

  test('a channel DAHDI does not have fails DAHDI_SPECIFY with ENXIO, named in the message', { skip }, async () => {
    type R = { code: string; errno: number; syscall: string; message: string };
    const { result } = await run<R>('badChannel');
    assert.equal(result.code, 'ERR_DRIVER');
    assert.equal(Math.abs(result.errno), 6);
    assert.match(result.message, /DAHDI_SPECIFY/);
    assert.match(result.message, /channel 4000/);
  });

  test('without DAHDI, starting a board fails with ERR_DRIVER, ENOENT, syscall open and the device path', () => {
    const path = join(tmpdir(), `hotline-no-dahdi-${process.pid}`, 'channel');
    const config = validateBoard(
      { id: 'd0', kind: 'dahdi', pace: 'freewheel', spans: [{ kind: 'e1', framing: 'cas', device: path }] },
      'boards[0]',
      { file: 'test.yaml' },
    );
    const b = openBoard(config, { log: silentLog });
    try {
      assert.throws(
        () => b.start(),
        (e: unknown) => {
          const o = e as { code?: string; errno?: number; syscall?: string; message: string };
          assert.equal(o.code, 'ERR_DRIVER');
          assert.equal(Math.abs(o.errno ?? 0), 2);
          assert.equal(o.syscall, 'open');
          assert.ok(o.message.includes(path), o.message);
          assert.match(o.message, /ENOENT/);
          return true;
        },
      );
    } finally {
      b.close();
    }
  });

  test('with no device configured, a DAHDI board opens /dev/dahdi/channel (and fails clearly where DAHDI is absent)', { skip: existsSync('/dev/dahdi') ? 'this machine has DAHDI' : false }, () => {
    const config = validateBoard({ id: 'd0', kind: 'dahdi', pace: 'freewheel', spans: [{ kind: 'e1', framing: 'cas' }] }, 'boards[0]', {
      file: 'test.yaml',
    });
    const b = openBoard(config, { log: silentLog });
    try {
      assert.throws(() => b.start(), /open \/dev\/dahdi\/channel.*ENOENT/);
    } finally {
      b.close();
    }
  });
}
