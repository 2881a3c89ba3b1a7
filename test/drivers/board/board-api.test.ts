// The Board/Span objects over the addon: argument checks name the argument,
// use after close is refused with ERR_INVALID_STATE, close is idempotent and
// cascades, OS errors carry errno and syscall.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { inProcessPair, open, socketPath } from './harness.ts';

test('argument errors are TypeErrors or RangeErrors naming the argument', () => {
  const p = inProcessPair('cas', 'api');
  try {
    assert.throws(() => p.sa.setAbcd('5' as unknown as number, 1), { name: 'TypeError', message: /^channel: expected an integer, got string/ });
    assert.throws(() => p.sa.setAbcd(31, 1), { name: 'RangeError', message: /^channel: expected 1 to 30, got 31/ });
    assert.throws(() => p.sa.setAbcd(5, 16), { name: 'RangeError', message: /^bits: expected 0 to 15/ });
    assert.throws(() => p.sa.setAbcd(15, 0), { name: 'RangeError', code: 'ERR_INVALID_ARG', message: /0000 are not allowed on channel 15/ });
    p.sa.setAbcd(16, 0); // allowed: the low nibble cannot imitate MFAS
    assert.throws(() => p.sa.sendHdlc(new Uint8Array(3)), { code: 'ERR_UNSUPPORTED' });
    assert.throws(() => p.sa.setLineState(0, 1), { code: 'ERR_UNSUPPORTED' });
    assert.throws(() => p.a.step(-1), { name: 'RangeError', message: /^ticks:/ });
  } finally {
    p.a.close();
    p.b.close();
  }
});

test('sendHdlc refuses frames outside 2..512 octets and a full queue with ERR_CAPACITY', () => {
  const p = inProcessPair('ccs', 'apih');
  try {
    assert.throws(() => p.sa.sendHdlc(new Uint8Array(1)), { code: 'ERR_INVALID_ARG' });
    assert.throws(() => p.sa.sendHdlc(new Uint8Array(513)), { code: 'ERR_INVALID_ARG' });
    p.sa.sendHdlc(new Uint8Array(512));
    assert.throws(() => {
      for (let i = 0; i < 100; i++) p.sa.sendHdlc(new Uint8Array(4));
    }, { code: 'ERR_CAPACITY' });
    assert.ok(p.sa.counters().hdlcTxDropped >= 1);
  } finally {
    p.a.close();
    p.b.close();
  }
});

test('close is idempotent, cascades to spans, and later use throws ERR_INVALID_STATE', () => {
  const p = inProcessPair('cas', 'apic');
  let closed = 0;
  p.a.on('close', () => closed++);
  p.a.close();
  p.a.close();
  assert.equal(closed, 1);
  assert.equal(p.a.closed, true);
  assert.throws(() => p.a.step(1), { code: 'ERR_INVALID_STATE' });
  assert.throws(() => p.sa.setAbcd(1, 1), { code: 'ERR_INVALID_STATE' });
  assert.throws(() => p.sa.counters(), { code: 'ERR_INVALID_STATE' });
  // The far end notices the cable is gone.
  p.b.step(5);
  assert.ok(p.sb.alarms.includes('los'));
  p.b.close();
});

test('step on a realtime board and start twice are refused with ERR_INVALID_STATE', () => {
  const b = open({ id: 'rt', kind: 'sim', pace: 'realtime', spans: [{ kind: 'e1', framing: 'cas' }] });
  try {
    b.start();
    assert.throws(() => b.start(), { code: 'ERR_INVALID_STATE' });
    assert.throws(() => b.step(1), { code: 'ERR_INVALID_STATE', message: /realtime/ });
  } finally {
    b.close();
  }
});

test('an OS error at start carries code ERR_DRIVER, errno and syscall', () => {
  const dir = socketPath('notadir');
  writeFileSync(dir, 'x');
  const b = open({ id: 'os', kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing: 'cas', cable: { socket: `${dir}/sub.sock`, role: 'listen' } }] });
  try {
    assert.throws(() => b.start(), (err: unknown) => {
      const e = err as { code?: string; errno?: number; syscall?: string };
      return e.code === 'ERR_DRIVER' && typeof e.errno === 'number' && e.syscall === 'bind';
    });
  } finally {
    b.close();
  }
});
