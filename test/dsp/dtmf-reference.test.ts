// The WASM DTMF kernels agree with the plain TypeScript reference
// (dsp/reference/dtmf.ts), which is the oracle and the bench baseline: same
// digits and the same start and end samples on varied clean and noisy
// signals, and the same generated samples within rounding.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp } from '../../dsp/index.ts';
import { DtmfDetectorRef, dtmfGenerate } from '../../dsp/reference/dtmf.ts';
import { concat, silence, toPcm16, whiteNoise, mixInto, prng } from '../support/signals.ts';
import { detect, digitTone, DTMF_TAIL_SAMPLES } from './dtmf-harness.ts';

function mixed(seed: number): Int16Array {
  const rnd = prng(seed);
  const parts: Float64Array[] = [silence(Math.floor(rnd() * 400))];
  for (let k = 0; k < 5; k++) {
    const level = -30 + rnd() * 24;
    parts.push(digitTone(Math.floor(rnd() * 16), 320 + Math.floor(rnd() * 800), { lowDbm0: level, highDbm0: level + 2, phase: rnd() * 6 }));
    parts.push(silence(400 + Math.floor(rnd() * 400)));
  }
  const s = concat(...parts);
  mixInto(s, whiteNoise(s.length, -50 + rnd() * 10, seed));
  return toPcm16(s);
}

for (const variant of ['simd', 'scalar'] as const) {
  test(`${variant}: detector digits and sample times equal the reference's`, () => {
    const dsp = Dsp.load({ variant });
    const sigs = Array.from({ length: 40 }, (_, i) => mixed(i + 1));
    const got = detect(dsp, sigs);
    sigs.forEach((s, i) => {
      const ref = new DtmfDetectorRef();
      const padded = new Int16Array(Math.ceil((s.length + DTMF_TAIL_SAMPLES) / 160) * 160);
      padded.set(s);
      assert.deepEqual(got[i], ref.process(padded), `channel ${i}`);
      assert.equal(got[i]?.length, 5);
    });
  });

  test(`${variant}: generated samples equal the reference generator's within 1 LSB`, () => {
    const dsp = Dsp.load({ variant });
    const opts = { onMs: 70, offMs: 55, lowDbm0: -12, highDbm0: -9 };
    const want = toPcm16(dtmfGenerate('90#D', opts));
    const slot = dsp.dtmfTx.open();
    const f = dsp.frames.alloc();
    dsp.dtmfTx.send(slot, '90#D', opts);
    const got = new Int16Array(Math.ceil(want.length / 160) * 160);
    for (let at = 0; at < got.length; at += 160) {
      dsp.dtmfTx.queue(slot, f.ptr);
      dsp.dtmfTx.run();
      got.set(f.pcm, at);
    }
    dsp.events.take();
    let worst = 0;
    for (let n = 0; n < want.length; n++) worst = Math.max(worst, Math.abs((got[n] ?? 0) - (want[n] ?? 0)));
    assert.ok(worst <= 1, `largest difference ${worst}`);
    dsp.dtmfTx.close(slot);
    dsp.frames.release(f);
  });
}
