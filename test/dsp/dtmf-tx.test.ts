// DTMF generator (wasm/kernels/dtmf-tx.ts through dsp.dtmfTx): exact
// timing, levels and phase continuity (Q.23), the done event, add mode, and
// the generator -> G.711 A-law -> detector round trip for all 16 digits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp, type DtmfSendOptions } from '../../dsp/index.ts';
import { alawEncode, alawDecode } from '../../dsp/reference/g711.ts';
import { DTMF_ROW_HZ, DTMF_COL_HZ } from '../../dsp/reference/dtmf.ts';
import { sinePeak } from '../support/signals.ts';
import { detect, digitString } from './dtmf-harness.ts';

const DIGITS = '123A456B789C*0#D';

/** Runs one generator slot for `frames` frames and returns its output and the done events. */
function generate(dsp: Dsp, digits: string, options: DtmfSendOptions, frames: number): { pcm: Int16Array; done: { frame: number; offset: number; value: number }[] } {
  const slot = dsp.dtmfTx.open();
  const f = dsp.frames.alloc();
  const pcm = new Int16Array(frames * 160);
  const done: { frame: number; offset: number; value: number }[] = [];
  dsp.dtmfTx.send(slot, digits, options);
  for (let i = 0; i < frames; i++) {
    dsp.dtmfTx.queue(slot, f.ptr);
    dsp.dtmfTx.run();
    pcm.set(f.pcm, i * 160);
    for (const e of dsp.events.take()) {
      if (e.kind === dsp.core.layout.EV_DTMF_TX_DONE && e.slot === slot) done.push({ frame: i, offset: e.offsetSamples, value: e.value });
    }
  }
  dsp.dtmfTx.close(slot);
  dsp.frames.release(f);
  return { pcm, done };
}

for (const variant of ['simd', 'scalar', 'checked'] as const) {
  const dsp = Dsp.load({ variant });

  test(`${variant}: Q.23: a digit is the sum of its row and column sines at the set levels, phase continuous across frames`, () => {
    const { pcm } = generate(dsp, '8', { onMs: 1000, offMs: 0, lowDbm0: -10, highDbm0: -8 }, 50);
    const lo = sinePeak(-10);
    const hi = sinePeak(-8);
    const wr = (2 * Math.PI * (DTMF_ROW_HZ[2] ?? 0)) / 8000;
    const wc = (2 * Math.PI * (DTMF_COL_HZ[1] ?? 0)) / 8000;
    let worst = 0;
    for (let n = 0; n < 8000; n++) worst = Math.max(worst, Math.abs((pcm[n] ?? 0) - (lo * Math.sin(wr * n) + hi * Math.sin(wc * n))));
    assert.ok(worst <= 1, `largest error ${worst} LSB`);
  });

  test(`${variant}: on and off times are exact in samples and the done event marks the end of the last pause`, () => {
    const { pcm, done } = generate(dsp, '1#7', { onMs: 45, offMs: 65 }, 30);
    const on = 360;
    const cycle = 360 + 520;
    for (let k = 0; k < 3; k++) {
      for (let n = 0; n < cycle; n++) {
        const v = pcm[k * cycle + n] ?? 0;
        if (n >= on) assert.equal(v, 0, `digit ${k} sample ${n} must be silent`);
      }
      assert.notEqual(pcm[k * cycle + on - 1], 0);
    }
    assert.ok(pcm.subarray(3 * cycle).every((v) => v === 0));
    assert.deepEqual(done, [{ frame: Math.floor((3 * cycle) / 160), offset: (3 * cycle) % 160, value: 3 }]);
  });

  test(`${variant}: busy is true from send until the string is done, and send while busy is refused`, () => {
    const slot = dsp.dtmfTx.open();
    const f = dsp.frames.alloc();
    assert.equal(dsp.dtmfTx.busy(slot), false);
    dsp.dtmfTx.send(slot, '12', { onMs: 40, offMs: 40 });
    assert.equal(dsp.dtmfTx.busy(slot), true);
    assert.throws(() => dsp.dtmfTx.send(slot, '3'), /still sending/);
    for (let i = 0; i < 8; i++) {
      dsp.dtmfTx.queue(slot, f.ptr);
      dsp.dtmfTx.run();
    }
    assert.equal(dsp.dtmfTx.busy(slot), false);
    assert.equal(dsp.dtmfTx.sent(slot), 2);
    dsp.events.take();
    assert.throws(() => dsp.dtmfTx.send(slot, '1x'), /digits\[1\]/);
    assert.throws(() => dsp.dtmfTx.send(slot, '1', { onMs: 1 }), /onMs/);
    assert.throws(() => dsp.dtmfTx.send(slot, ''), /digits/);
    dsp.dtmfTx.close(slot);
    dsp.frames.release(f);
  });

  test(`${variant}: add mode sums into the frame with saturation, overwrite mode replaces it`, () => {
    const slot = dsp.dtmfTx.open();
    const f = dsp.frames.alloc();
    dsp.dtmfTx.send(slot, '5', { onMs: 100, lowDbm0: -3, highDbm0: -3 });
    f.pcm.fill(20000);
    dsp.dtmfTx.queue(slot, f.ptr, 'add');
    dsp.dtmfTx.run();
    assert.ok(f.pcm.some((v) => v === 32767), 'saturates at +32767');
    assert.ok(f.pcm.every((v) => v >= 20000 - 2 * sinePeak(-3) - 1));
    f.pcm.fill(20000);
    dsp.dtmfTx.queue(slot, f.ptr, 'overwrite');
    dsp.dtmfTx.run();
    assert.ok(f.pcm.every((v) => Math.abs(v) <= 2 * sinePeak(-3) + 1));
    dsp.dtmfTx.stop(slot);
    assert.equal(dsp.dtmfTx.busy(slot), false);
    f.pcm.fill(123);
    dsp.dtmfTx.queue(slot, f.ptr, 'add');
    dsp.dtmfTx.run();
    assert.ok(f.pcm.every((v) => v === 123), 'idle add leaves the frame alone');
    dsp.events.take();
    dsp.dtmfTx.close(slot);
    dsp.frames.release(f);
  });
}

function alaw(pcm: Int16Array): Int16Array {
  return pcm.map((v) => alawDecode(alawEncode(v)));
}

for (const variant of ['simd', 'scalar'] as const) {
  test(`${variant}: round trip generator -> A-law -> detector gives back all 16 digits at several timings and levels`, () => {
    const dsp = Dsp.load({ variant });
    const setups: DtmfSendOptions[] = [
      {},
      { onMs: 40, offMs: 40 },
      { onMs: 100, offMs: 60, lowDbm0: -4, highDbm0: -4 },
      { onMs: 60, offMs: 45, lowDbm0: -30, highDbm0: -28 },
      { onMs: 45, offMs: 50, lowDbm0: -20, highDbm0: -24 },
    ];
    const signals: Int16Array[] = [];
    for (const s of setups) {
      const cycleMs = (s.onMs ?? 50) + (s.offMs ?? 50);
      const frames = Math.ceil((16 * cycleMs * 8) / 160) + 1;
      const { pcm, done } = generate(dsp, DIGITS, s, frames);
      assert.equal(done.length, 1);
      signals.push(alaw(pcm));
    }
    const got = detect(dsp, signals);
    assert.deepEqual(got.map(digitString), setups.map(() => DIGITS));
    const first = got[0]?.[0];
    assert.ok(first !== undefined && Math.abs(first.endSample - first.startSample - 400) <= 80, 'RFC 4733 duration within a block');
  });
}
