// Engine clocks: DrivenClock ordering, Ticker on the 20 ms grid, WallClock scheduling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DrivenClock, Freewheel, Ticker, TimerQueue, WallClock } from '../../../../engine/core/index.ts';

test('DrivenClock runs due timers in due order, same-time timers in the order set, with now() at their due time', () => {
  const c = new DrivenClock();
  const log: string[] = [];
  c.setTimer(30, () => log.push(`b@${c.now()}`));
  c.setTimer(10, () => log.push(`a@${c.now()}`));
  c.setTimer(30, () => log.push(`c@${c.now()}`));
  const x = c.setTimer(20, () => log.push('cancelled'));
  x.cancel();
  c.advance(25);
  assert.deepEqual(log, ['a@10']);
  assert.equal(c.now(), 25);
  c.advance(5);
  assert.deepEqual(log, ['a@10', 'b@30', 'c@30']);
});

test('a timer set by a timer inside the interval runs in the same advance', () => {
  const c = new DrivenClock();
  const at: number[] = [];
  c.setTimer(10, () => c.setTimer(10, () => at.push(c.now())));
  c.advance(100);
  assert.deepEqual(at, [20]);
  assert.equal(c.pending, 0);
});

test('advance from inside a timer is refused', () => {
  const c = new DrivenClock();
  let err: unknown;
  c.setTimer(1, () => {
    try {
      c.advance(1);
    } catch (e) {
      err = e;
    }
  });
  c.advance(5);
  assert.match(String(err), /inside a timer/);
});

test('TimerQueue keeps order over many random timers', () => {
  const q = new TimerQueue();
  const want: number[] = [];
  for (let i = 0; i < 500; i++) {
    const at = (i * 7919) % 1000;
    want.push(at);
    q.add(at, () => {});
  }
  want.sort((a, b) => a - b);
  const got: number[] = [];
  for (;;) {
    const d = q.popDue(Infinity);
    if (!d) break;
    got.push(d.at);
  }
  assert.deepEqual(got, want);
});

test('Ticker ticks on the 20 ms grid without drift and reports zero lateness on a driven clock', () => {
  const c = new DrivenClock();
  const times: number[] = [];
  const t = new Ticker({ clock: c, periodMs: 20, fn: () => times.push(c.now()) });
  t.start();
  c.advance(1000);
  assert.equal(times.length, 50);
  assert.ok(times.every((x, i) => x === (i + 1) * 20));
  assert.equal(t.stats.maxLateMs, 0);
  t.stop();
  c.advance(100);
  assert.equal(times.length, 50);
});

test('Ticker skips and counts ticks when it falls more than five periods behind', () => {
  let now = 0;
  const due: (() => void)[] = [];
  const clock = {
    now: () => now,
    setTimer: (_ms: number, fn: () => void) => {
      due.push(fn);
      return { cancel() {} };
    },
  };
  const t = new Ticker({ clock, periodMs: 20, fn: () => {} });
  t.start();
  now = 20 + 200;
  due.shift()?.();
  assert.equal(t.stats.skipped, 10);
  assert.equal(t.stats.ticks, 1);
  assert.ok(t.stats.lastLateMs < 20);
});

test('WallClock runs a timer once its time has come and stop() cancels the rest', async () => {
  const c = new WallClock();
  const ran: number[] = [];
  await new Promise<void>((resolve) => {
    c.setTimer(5, () => {
      ran.push(c.now());
      resolve();
    });
  });
  assert.equal(ran.length, 1);
  assert.ok((ran[0] ?? 0) >= 5);
  let late = false;
  c.setTimer(1, () => {
    late = true;
  });
  c.stop();
  await new Promise<void>((r) => setImmediate(r));
  assert.equal(late, false);
});

test('Freewheel steps the line before each advance, keeping line time and engine time equal', () => {
  const c = new DrivenClock();
  let lineMs = 0;
  const seen: number[] = [];
  const f = new Freewheel({
    clock: c,
    step: (ms) => {
      seen.push(c.now() - lineMs);
      lineMs += ms;
    },
  });
  f.run(100);
  assert.equal(c.now(), 100);
  assert.equal(lineMs, 100);
  assert.ok(seen.every((d) => d === 0));
  let n = 0;
  c.setTimer(250, () => n++);
  assert.equal(f.runUntil(() => n > 0, 1000), true);
  assert.equal(c.now(), 360, 'the step in which the 350 ms timer fell due');
  assert.equal(f.runUntil(() => false, 40), false);
});
