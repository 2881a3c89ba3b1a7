// Two E1 spans back to back, joined by an in-process cable and by a Unix
// socket: ABCD bits, audio octets and HDLC frames cross both ways intact.
//
// Spec: shared/specs/sim-line.md "Timeslot 16, CAS mode" (ABCD packing and
// persistence), "Timeslots 1-15 and 17-31" (bearer), "Timeslot 16, CCS mode"
// (HDLC), "Messages and timing" (freewheel: line time advances with ticks).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIO_BLOCK_FRAMES, type Board, type Span } from '../../../drivers/board/index.ts';
import { hex, inProcessPair, open, prng, randomFrame, socketPair, stepAll, stepUntil } from './harness.ts';

type Pair = { a: Board; b: Board; sa: Span; sb: Span };

const cables: Array<[string, (framing: 'cas' | 'ccs', id: string) => Pair]> = [
  ['in-process', inProcessPair],
  ['socket', socketPair],
];

function aligned(p: Pair): boolean {
  return p.sa.alarms.length === 0 && p.sb.alarms.length === 0;
}

for (const [cable, make] of cables) {
  test(`${cable} cable: alarms clear after alignment and ABCD bits cross both ways after the 20 ms persistence`, () => {
    const p = make('cas', `abcd${cable.length}`);
    try {
      stepUntil([p.a, p.b], () => aligned(p), 200);
      const seenB = new Map<number, number>();
      const seenA = new Map<number, number>();
      p.sb.on('abcd', (e) => seenB.set(e.channel, e.bits));
      p.sa.on('abcd', (e) => seenA.set(e.channel, e.bits));
      p.sa.setAbcd(1, 0b1000);
      p.sa.setAbcd(15, 0b0001);
      p.sa.setAbcd(16, 0b0000);
      p.sa.setAbcd(30, 0b0110);
      p.sb.setAbcd(7, 0b1101);
      stepAll([p.a, p.b], 60);
      assert.equal(seenB.get(1), 0b1000);
      assert.equal(seenB.get(15), 0b0001);
      assert.equal(seenB.get(16), 0b0000);
      assert.equal(seenB.get(30), 0b0110);
      assert.equal(seenB.get(2), 0b1111, 'unused channels are 1111');
      assert.equal(seenA.get(7), 0b1101);
    } finally {
      p.a.close();
      p.b.close();
    }
  });

  test(`${cable} cable: a change shorter than the persistence time raises no ABCD event, a longer one does`, () => {
    const p = make('cas', `deb${cable.length}`);
    try {
      stepUntil([p.a, p.b], () => aligned(p), 200);
      stepAll([p.a, p.b], 40);
      const seen: number[] = [];
      p.sb.on('abcd', (e) => {
        if (e.channel === 3) seen.push(e.bits);
      });
      p.sa.setAbcd(3, 0b0101);
      stepAll([p.a, p.b], 12); // 12 ms < 20 ms
      p.sa.setAbcd(3, 0b1111);
      stepAll([p.a, p.b], 40);
      assert.deepEqual(seen, [], 'a 12 ms blip is not a line state');
      p.sa.setAbcd(3, 0b0101);
      stepAll([p.a, p.b], 30); // held 30 ms > 20 ms
      assert.deepEqual(seen, [0b0101]);
    } finally {
      p.a.close();
      p.b.close();
    }
  });

  test(`${cable} cable: audio octets of every bearer timeslot cross both ways intact in 20 ms blocks`, () => {
    const p = make('cas', `aud${cable.length}`);
    try {
      const blocks = 6;
      const pattern = (blk: number, ts: number, i: number) => (blk * 31 + ts * 7 + i * 3) & 0xff;
      for (const s of [p.sa, p.sb]) {
        for (let blk = 0; blk < blocks; blk++) {
          const slot = s.audio.beginTx();
          assert.ok(slot);
          for (let ts = 0; ts < 32; ts++) for (let i = 0; i < AUDIO_BLOCK_FRAMES; i++) slot[ts * AUDIO_BLOCK_FRAMES + i] = pattern(blk, ts, i);
          s.audio.commitTx();
        }
      }
      stepAll([p.a, p.b], blocks * 20 + 4);
      for (const [name, s] of [['a->b', p.sb], ['b->a', p.sa]] as const) {
        assert.ok(s.audio.rxWritten() >= blocks, `${name}: ${s.audio.rxWritten()} blocks`);
        // Block 0 starts before frame alignment (idle); later blocks are whole.
        for (let blk = 1; blk < blocks; blk++) {
          const rx = s.audio.rx.subarray(blk * s.audio.blockOctets, (blk + 1) * s.audio.blockOctets);
          for (let ch = 1; ch <= 30; ch++) {
            const ts = ch <= 15 ? ch : ch + 1;
            const got = s.audio.channel(rx, ts);
            const want = Uint8Array.from({ length: AUDIO_BLOCK_FRAMES }, (_, i) => pattern(blk, ts, i));
            assert.equal(hex(got), hex(want), `${name} block ${blk} timeslot ${ts}`);
          }
        }
      }
    } finally {
      p.a.close();
      p.b.close();
    }
  });

  test(`${cable} cable: HDLC frames of 3..279 random octets with 0x7E and 0xFF cross both ways intact (8 seeds)`, () => {
    const p = make('ccs', `hdlc${cable.length}`);
    try {
      stepUntil([p.a, p.b], () => aligned(p), 200);
      for (let seed = 1; seed <= 8; seed++) {
        const rand = prng(seed);
        const sentAB = Array.from({ length: 12 }, () => randomFrame(rand));
        const sentBA = Array.from({ length: 12 }, () => randomFrame(rand));
        const gotB: string[] = [];
        const gotA: string[] = [];
        const offB = p.sb.on('hdlc', (f) => gotB.push(hex(f.data)));
        const offA = p.sa.on('hdlc', (f) => gotA.push(hex(f.data)));
        for (const f of sentAB) p.sa.sendHdlc(f);
        for (const f of sentBA) p.sb.sendHdlc(f);
        stepUntil([p.a, p.b], () => gotB.length >= sentAB.length && gotA.length >= sentBA.length, 20000);
        assert.deepEqual(gotB, sentAB.map(hex), `seed ${seed} a->b`);
        assert.deepEqual(gotA, sentBA.map(hex), `seed ${seed} b->a`);
        offA();
        offB();
      }
      for (const s of [p.sa, p.sb]) {
        const c = s.counters();
        assert.equal(c.crcErrors, 0);
        assert.equal(c.aborts, 0);
        assert.equal(c.hdlcRxFrames, 96);
      }
    } finally {
      p.a.close();
      p.b.close();
    }
  });
}

test('freewheel: 60 s of line time between two spans runs in well under 60 s of wall time', () => {
  const p = inProcessPair('cas', 'fw60');
  try {
    const started = performance.now();
    stepAll([p.a, p.b], 60_000);
    const wallMs = performance.now() - started;
    assert.ok(p.sa.lineMs >= 59_990, `line time ${p.sa.lineMs} ms`);
    assert.ok(p.sb.lineMs >= 59_990, `line time ${p.sb.lineMs} ms`);
    // A generous bound: the point is that line time is not wall time.
    assert.ok(wallMs < 30_000, `wall ${wallMs} ms`);
    assert.equal(p.sa.counters().badLength, 0);
  } finally {
    p.a.close();
    p.b.close();
  }
});

test('two spans of one board joined in-process advance one line tick per board tick', () => {
  const board = open({
    id: 'one',
    kind: 'sim',
    pace: 'freewheel',
    spans: [
      { kind: 'e1', framing: 'cas', clock: 'master', cable: { peer: 'one/2' } },
      { kind: 'e1', framing: 'cas', clock: 'slave', cable: { peer: 'one/1' } },
    ],
  });
  try {
    board.start();
    board.step(1000);
    const lineMs = board.spans[0]!.lineMs;
    assert.ok(lineMs >= 995 && lineMs <= 1000, `line time ${lineMs} ms`);
    assert.deepEqual(board.spans[0]!.alarms, []);
    assert.deepEqual(board.spans[1]!.alarms, []);
  } finally {
    board.close();
  }
});

test('tick sizes 16, 40, 80 and 160 frames carry the same line: alignment, ABCD and line time in N/8 ms steps', () => {
  for (const tickFrames of [16, 40, 80, 160]) {
    const id = `n${tickFrames}`;
    const a = open({ id: `${id}A`, kind: 'sim', pace: 'freewheel', tickFrames, spans: [{ kind: 'e1', framing: 'cas', clock: 'master', cable: { peer: `${id}B/1` } }] });
    const b = open({ id: `${id}B`, kind: 'sim', pace: 'freewheel', tickFrames, spans: [{ kind: 'e1', framing: 'cas', clock: 'slave', cable: { peer: `${id}A/1` } }] });
    try {
      a.start();
      b.start();
      const seen = new Map<number, number>();
      b.spans[0]!.on('abcd', (e) => seen.set(e.channel, e.bits));
      a.spans[0]!.setAbcd(12, 0b0111);
      const ticks = Math.ceil(200 / (tickFrames / 8));
      stepAll([a, b], ticks);
      assert.deepEqual(a.spans[0]!.alarms, [], `N=${tickFrames}`);
      assert.equal(seen.get(12), 0b0111, `N=${tickFrames}`);
      assert.equal(a.spans[0]!.lineMs % (tickFrames / 8), 0, 'line time moves in whole ticks');
    } finally {
      a.close();
      b.close();
    }
  }
});
