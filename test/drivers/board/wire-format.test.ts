// Independent wire-format check: a TypeScript sim-line speaker written from
// the spec (speaker.ts, no driver code) talks to the driver over a real
// SOCK_SEQPACKET socket and checks the driver's bytes, and that the driver
// decodes what it sends.
//
// Spec: shared/specs/sim-line.md "Timeslot 0", "Timeslots 1-15 and 17-31",
// "Timeslot 16, CAS mode", "Timeslot 16, CCS mode", "Receiver and sender
// rules", "Alarms".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seqpacketListen, type Board, type Seqpacket } from '../../../drivers/board/index.ts';
import { hex, open, socketPath } from './harness.ts';
import { BitSource, HdlcReader, fcs16, e1Frames, e1Tick, e1TxState, hdlcFrameBits, FLAG_BITS, type E1TxState } from './speaker.ts';

/** The driver's board is a freewheel slave that connects; the speaker listens and is master. */
function driverAsSlave(framing: 'cas' | 'ccs', id: string): { board: Board; sock: Seqpacket; close: () => void } {
  const path = socketPath(id);
  const listener = seqpacketListen(path);
  const board = open({ id, kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing, clock: 'slave', cable: { socket: path, role: 'connect' } }] });
  board.start();
  board.step(1);
  const sock = listener.accept(2000);
  assert.ok(sock, 'driver connected');
  return {
    board,
    sock,
    close: () => {
      sock.close();
      listener.close();
      board.close();
    },
  };
}

/** Speaker sends one tick, the driver steps, the speaker reads the answer. */
function exchange(board: Board, sock: Seqpacket, tick: Uint8Array): Uint8Array {
  assert.equal(sock.send(tick), true);
  board.step(1);
  const answer = sock.recv(1000);
  assert.ok(answer instanceof Uint8Array, 'the slave answers each tick');
  return answer;
}

function run(board: Board, sock: Seqpacket, state: E1TxState, ticks: number, first: number, onFrame: (frame: Uint8Array, k: number) => void): number {
  let k = first;
  for (let t = 0; t < ticks; t++) {
    const answer = exchange(board, sock, e1Tick(state, k));
    assert.equal(answer.length, 256, 'a tick is 32 * N octets');
    e1Frames(answer).forEach((f, i) => onFrame(f, k + i));
    k += 8;
  }
  return k;
}

test('driver TS0: FAS 0x1B on even frames, NFAS 0x60 while it has no alignment, then 0x40', () => {
  const { board, sock, close } = driverAsSlave('cas', 'wfts0');
  try {
    const state = e1TxState();
    const ts0: number[] = [];
    run(board, sock, state, 40, 0, (f) => ts0.push(f[0]!));
    ts0.forEach((o, k) => {
      if (k % 2 === 0) assert.equal(o, 0x1b, `frame ${k}`);
    });
    assert.equal(ts0[1], 0x60, 'remote alarm while not aligned');
    assert.equal(ts0[ts0.length - 1], 0x40, 'no remote alarm once aligned');
    assert.deepEqual(board.spans[0]!.alarms, []);
  } finally {
    close();
  }
});

test('driver TS16 CAS: MFAS 0x0B in frame 0 of each multiframe, ABCD of channel f high nibble and f + 15 low nibble, 1111 unused, idle bearer 0xD5', () => {
  const { board, sock, close } = driverAsSlave('cas', 'wfcas');
  try {
    const span = board.spans[0]!;
    span.setAbcd(5, 0b1001);
    span.setAbcd(20, 0b0101);
    span.setAbcd(1, 0b1101);
    const state = e1TxState();
    const frames: Uint8Array[] = [];
    run(board, sock, state, 64, 0, (f) => frames.push(f.slice()));
    const last = frames.slice(-32);
    const start = frames.length - 32;
    for (let i = 0; i < last.length; i++) {
      const k = start + i;
      const ts16 = last[i]![16]!;
      const mf = k % 16;
      if (mf === 0) assert.equal(ts16, 0x0b, `MFAS at frame ${k}`);
      else if (mf === 5) assert.equal(ts16, 0x95, 'channel 5 = 1001, channel 20 = 0101');
      else if (mf === 1) assert.equal(ts16, 0xdf, 'channel 1 = 1101, channel 16 = 1111');
      else assert.equal(ts16, 0xff, `frame ${k}: unused channels are 1111`);
      for (let ts = 1; ts < 32; ts++) if (ts !== 16) assert.equal(last[i]![ts], 0xd5, `idle bearer ts ${ts}`);
    }
    assert.equal(frames[0]![16], 0x0f, 'MFAS 0x0F while the driver has no multiframe alignment');
    assert.ok(span.audio.underruns() >= 2, 'no tx audio supplied: idle blocks counted as underruns');
    assert.equal(span.counters().underruns, span.audio.underruns());
  } finally {
    close();
  }
});

test('driver decodes the speaker: ABCD per channel, bearer octets per timeslot, rai from NFAS bit 3, rmai from MFAS bit 6', () => {
  const { board, sock, close } = driverAsSlave('cas', 'wfrx');
  try {
    const span = board.spans[0]!;
    const abcd = new Map<number, number>();
    span.on('abcd', (e) => abcd.set(e.channel, e.bits));
    const state = e1TxState();
    state.abcd[9] = 0b0011;
    state.abcd[24] = 0b1010;
    state.bearer = (ts, k) => (ts === 3 ? k & 0xff : ts === 31 ? 0x55 : 0xd5);
    let k = run(board, sock, state, 80, 0, () => {});
    assert.equal(abcd.get(9), 0b0011);
    assert.equal(abcd.get(24), 0b1010);
    assert.equal(abcd.get(1), 0b1111);
    const blk = span.audio.latestRx();
    assert.ok(blk);
    const ts3 = span.audio.channel(blk.data, 3);
    for (let i = 1; i < 160; i++) assert.equal(ts3[i], (ts3[i - 1]! + 1) & 0xff, 'consecutive frames in order');
    assert.ok(span.audio.channel(blk.data, 31).every((o) => o === 0x55));
    state.remoteAlarm = true;
    k = run(board, sock, state, 4, k, () => {});
    assert.deepEqual(span.alarms, ['rai']);
    state.remoteAlarm = false;
    state.remoteMfAlarm = true;
    k = run(board, sock, state, 8, k, () => {});
    assert.deepEqual(span.alarms, ['rmai']);
    state.remoteMfAlarm = false;
    run(board, sock, state, 8, k, () => {});
    assert.deepEqual(span.alarms, []);
  } finally {
    close();
  }
});

test('driver TS16 CCS: idles with flags 0x7E and sends a frame with 0x7E/0xFF octets LSB first, zero-inserted, CRC-16/X.25, first bit in the MSB', () => {
  const { board, sock, close } = driverAsSlave('ccs', 'wfccs');
  try {
    const span = board.spans[0]!;
    const state = e1TxState();
    state.ccs = new BitSource();
    const ts16: number[] = [];
    let k = run(board, sock, state, 10, 0, (f) => ts16.push(f[16]!));
    assert.ok(ts16.every((o) => o === 0x7e), 'idle flags');
    const frame = Uint8Array.from([0x7e, 0xff, 0x01, 0x80, 0x00, 0x7d, 0x3f, 0xfe]);
    span.sendHdlc(frame);
    const reader = new HdlcReader();
    run(board, sock, state, 20, k, (f) => reader.pushOctet(f[16]!));
    assert.deepEqual(reader.frames.map(hex), [hex(frame)]);
    assert.equal(reader.badFcs, 0);
  } finally {
    close();
  }
});

test('driver HDLC receive: delivers good frames, counts a corrupted bit as a CRC error, an abort, a non-octet frame and a too-short frame, delivering none of them', () => {
  const { board, sock, close } = driverAsSlave('ccs', 'wfhrx');
  try {
    const span = board.spans[0]!;
    const got: string[] = [];
    span.on('hdlc', (f) => got.push(hex(f.data)));
    const state = e1TxState();
    const src = new BitSource();
    state.ccs = src;
    let k = run(board, sock, state, 10, 0, () => {});
    const good = Uint8Array.from([0x01, 0x7e, 0xff, 0x7d, 0x00, 0x42]);
    // One bit flipped on the line in the last data octet (0x42 -> 0x43),
    // where it does not change the zero insertion: the FCS no longer matches.
    const flipped = good.slice();
    flipped[5] = flipped[5]! ^ 0x01;
    const corrupted = hdlcFrameBits(flipped, fcs16(good));
    src.push(FLAG_BITS);
    src.push(hdlcFrameBits(good));
    src.push(FLAG_BITS);
    src.push(corrupted);
    src.push(FLAG_BITS);
    src.push([...hdlcFrameBits(good).slice(0, 20), 1, 1, 1, 1, 1, 1, 1, 1]); // abort
    src.push(FLAG_BITS);
    src.push([...hdlcFrameBits(good), 0, 1, 0]); // not a whole number of octets
    src.push(FLAG_BITS);
    src.push(hdlcFrameBits(Uint8Array.from([0x33]))); // 1 octet < 2
    src.push(FLAG_BITS);
    src.push(hdlcFrameBits(good));
    src.push(FLAG_BITS);
    k = run(board, sock, state, 30, k, () => {});
    assert.deepEqual(got, [hex(good), hex(good)]);
    const c = span.counters();
    assert.equal(c.crcErrors, 1, 'corrupted bit');
    assert.equal(c.aborts, 1, 'seven ones');
    assert.equal(c.nonOctet, 1, 'not a whole number of octets');
    assert.equal(c.hdlcBadLength, 1, 'shorter than 2 octets');
    assert.equal(c.hdlcRxFrames, 2);
  } finally {
    close();
  }
});
