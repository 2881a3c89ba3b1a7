// Echo canceller beyond the linear filter: NLP and comfort noise, leak
// (G.168 test 4), narrow-band non-divergence (test 6), tail capacity, the
// 2100 Hz tone disabler (G.165 clause 3.4, G.164 clause 3.3 release) and
// the engine-forced bypass, driven through EchoBank as the engine drives it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp } from '../../dsp/index.ts';
import { echoPath, convolve, speechLike, ratioDb, minus, runEcho } from '../support/echo-paths.ts';
import { toPcm16, whiteNoise, mixInto, ms, rmsDbm0, tone, concat, silence, sinePeak } from '../support/signals.ts';

const EV_ECHO_DISABLER_ON = 0x501;
const EV_ECHO_DISABLER_OFF = 0x502;

function frameLevels(x: ArrayLike<number>, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs; t < toMs; t += 20) out.push(rmsDbm0(x, ms(t), ms(t + 20)));
  return out;
}

test('NLP: residual echo is suppressed while the far end talks alone, and comfort noise matches the near-end background within 3 dB with no holes', (t) => {
  const dsp = Dsp.load({ variant: 'simd' });
  const n = ms(6000);
  const far = speechLike(n, { seed: 51, levelDbm0: -10, pauseShare: 0.05 });
  const echo = convolve(far, echoPath({ shape: 'ring', erlDb: 8, delayMs: 25 }));
  const levels = [-55, -45];
  const legs = levels.map((bg, i) => {
    const near = whiteNoise(n, bg, 60 + i);
    return { slot: dsp.echo.open({ nlp: true, comfortNoise: true }), rin: toPcm16(far), sin: toPcm16(mixInto(echo.slice(), near)) };
  });
  const silent = { slot: dsp.echo.open({ nlp: true, comfortNoise: false }), rin: toPcm16(far), sin: toPcm16(echo) };
  const nlpOn: boolean[][] = levels.map(() => []);
  const outs = runEcho(dsp, [...legs, silent], () => legs.forEach((l, i) => nlpOn[i]!.push(dsp.echo.stats(l.slot).nlpActive)));
  const returned = rmsDbm0(outs[2]!, ms(3000), n);
  t.diagnostic(`returned echo without comfort noise: ${returned.toFixed(1)} dBm0 (echo at Sin ${rmsDbm0(echo, ms(3000), n).toFixed(1)} dBm0)`);
  assert.ok(returned < -60, `returned echo ${returned.toFixed(1)} dBm0`);
  for (const [i, bg] of levels.entries()) {
    const frames = frameLevels(outs[i]!, 3000, 6000).filter((_, f) => nlpOn[i]![150 + f]);
    assert.ok(frames.length > 50, `the NLP was active in ${frames.length} frames`);
    const mean = 10 * Math.log10(frames.reduce((s, l) => s + Math.pow(10, l / 10), 0) / frames.length);
    const lowest = Math.min(...frames);
    t.diagnostic(`background ${bg} dBm0: comfort noise ${mean.toFixed(1)} dBm0 (lowest frame ${lowest.toFixed(1)} dBm0)`);
    assert.ok(Math.abs(mean - bg) <= 3, `comfort noise at ${mean.toFixed(1)} dBm0 for a ${bg} dBm0 background`);
    assert.ok(lowest > bg - 6, `no silence hole: lowest frame ${lowest.toFixed(1)} dBm0`);
    const reported = dsp.echo.stats(legs[i]!.slot).backgroundDbm0;
    assert.ok(Math.abs(reported - bg) <= 3, `reported background ${reported.toFixed(1)} dBm0`);
  }
});

test('NLP stays off during double talk: near-end speech louder than the echo reaches Sout', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const n = ms(6000);
  const far = speechLike(n, { seed: 52, levelDbm0: -12 });
  const echo = convolve(far, echoPath({ shape: 'undershoot', erlDb: 10, delayMs: 15 }));
  const talk = speechLike(ms(2000), { seed: 90, levelDbm0: rmsDbm0(echo, 0, ms(3000)) + 3, pitchHz: 220, pauseShare: 0 });
  const near = mixInto(whiteNoise(n, -60, 61), talk, ms(3500));
  const slot = dsp.echo.open({ nlp: true, comfortNoise: true });
  const [out] = runEcho(dsp, [{ slot, rin: toPcm16(far), sin: toPcm16(mixInto(echo.slice(), near)) }]);
  const kept = ratioDb(near, minus(out!, near), ms(3500), ms(5500));
  assert.ok(kept >= 10, `near-end speech to distortion during double talk: ${kept.toFixed(1)} dB`);
  const alone = rmsDbm0(out!, ms(2500), ms(3500));
  assert.ok(alone < rmsDbm0(near, ms(3500), ms(5500)) - 20, `far end alone just before: Sout ${alone.toFixed(1)} dBm0`);
});

test('G.168 test 4 (leak): two minutes of silence do not lose the model; a fresh canceller on the same signal starts unconverged', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const h = echoPath({ shape: 'undershoot', erlDb: 10, delayMs: 20 });
  const talk = speechLike(ms(4000), { seed: 53, levelDbm0: -12 });
  const again = speechLike(ms(1000), { seed: 54, levelDbm0: -12 });
  const far = concat(talk, silence(ms(120_000)), again);
  const echo = convolve(far, h);
  const near = whiteNoise(far.length, -70, 62);
  const slot = dsp.echo.open({ nlp: false });
  const [out] = runEcho(dsp, [{ slot, rin: toPcm16(far), sin: toPcm16(mixInto(echo.slice(), near)) }]);
  const back = ms(124_000);
  const after = ratioDb(echo, minus(out!, near), back, back + ms(300));
  const fresh = Dsp.load({ variant: 'simd' });
  const s2 = fresh.echo.open({ nlp: false });
  const echo2 = convolve(again, h);
  const [out2] = runEcho(fresh, [{ slot: s2, rin: toPcm16(again), sin: toPcm16(echo2) }]);
  const unconverged = ratioDb(echo2, out2!, 0, ms(300));
  assert.ok(after >= 25, `ERLE in the first 300 ms after 2 min of silence: ${after.toFixed(1)} dB`);
  assert.ok(unconverged < 25, `a fresh canceller in its first 300 ms: ${unconverged.toFixed(1)} dB`);
});

test('G.168 test 6: single tones on the far end do not make a converged canceller diverge', (t) => {
  const dsp = Dsp.load({ variant: 'simd' });
  const h = echoPath({ shape: 'ring', erlDb: 10, delayMs: 30 });
  const tones = concat(...[450, 1000, 2000].map((f) => tone([{ freqHz: f, levelDbm0: -10 }], ms(2000))));
  const far = concat(speechLike(ms(4000), { seed: 55, levelDbm0: -12 }), tones, speechLike(ms(1000), { seed: 56, levelDbm0: -12 }));
  const echo = convolve(far, h);
  const near = whiteNoise(far.length, -65, 63);
  const slot = dsp.echo.open({ nlp: false });
  const [out] = runEcho(dsp, [{ slot, rin: toPcm16(far), sin: toPcm16(mixInto(echo.slice(), near)) }]);
  const res = minus(out!, near);
  const before = ratioDb(echo, res, ms(3000), ms(4000));
  const duringTones = ratioDb(echo, res, ms(4500), ms(10_000));
  const after = ratioDb(echo, res, ms(10_000), ms(10_300));
  t.diagnostic(`ERLE ${before.toFixed(1)} dB before, ${duringTones.toFixed(1)} dB on the tones, ${after.toFixed(1)} dB in the 300 ms of speech after`);
  assert.ok(before >= 25, `converged before the tones: ${before.toFixed(1)} dB`);
  assert.ok(duringTones >= 20, `tones still cancelled: ${duringTones.toFixed(1)} dB`);
  assert.ok(after >= before - 10, `speech after the tones: ${after.toFixed(1)} dB`);
});

test('tail capacity: a 128 ms canceller cancels an echo delayed 100 ms, a 32 ms one cannot', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const far = speechLike(ms(4000), { seed: 57, levelDbm0: -12 });
  const echo = convolve(far, echoPath({ shape: 'ring', erlDb: 10, delayMs: 100 }));
  const long = dsp.echo.open({ tailMs: 128, nlp: false });
  const short = dsp.echo.open({ tailMs: 32, nlp: false });
  const outs = runEcho(dsp, [long, short].map((slot) => ({ slot, rin: toPcm16(far), sin: toPcm16(echo) })));
  const a = ratioDb(echo, outs[0]!, ms(3000), ms(4000));
  const b = ratioDb(echo, outs[1]!, ms(3000), ms(4000));
  assert.ok(a >= 25, `128 ms tail: ${a.toFixed(1)} dB`);
  assert.ok(b < 3, `32 ms tail: ${b.toFixed(1)} dB`);
  assert.throws(() => dsp.echo.open({ tailMs: 100 as 128 }), /tailMs: expected 32, 64 or 128, got 100/);
});

/** ANS-style tone: 2100 Hz (plus offset) with a 180 degree reversal every 450 ms when reversals is set. */
function answerTone(durationMs: number, levelDbm0: number, offsetHz: number, reversals: boolean): Float64Array {
  const out = new Float64Array(ms(durationMs));
  const a = sinePeak(levelDbm0);
  for (let i = 0; i < out.length; i++) {
    const flips = reversals ? Math.floor(i / ms(450)) : 0;
    out[i] = a * Math.sin((2 * Math.PI * (2100 + offsetHz) * i) / 8000 + Math.PI * (flips % 2));
  }
  return out;
}

test('G.165 tone disabler: 2100 Hz with phase reversals bypasses the canceller, plain 2100 Hz does not; release after 250 ms of quiet, not before', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const n = ms(4000);
  const far = speechLike(n, { seed: 58, levelDbm0: -15 });
  const h = echoPath({ shape: 'ring', erlDb: 10, delayMs: 10 });
  // The modem at the line side answers from 1 s to 3 s; then 1 s of quiet.
  const cases = [
    { name: 'ANS/ on Sin', sinTone: answerTone(2000, -12, 0, true), rinTone: null },
    { name: 'ANS/ 15 Hz high on Rin', sinTone: null, rinTone: answerTone(2000, -20, 15, true) },
    { name: 'plain 2100 Hz on Sin', sinTone: answerTone(2000, -12, 0, false), rinTone: null },
  ];
  const legs = cases.map((c) => {
    const rin = concat(far.subarray(0, ms(1000)), c.rinTone ?? new Float64Array(ms(2000)), silence(ms(1000)));
    const sin = convolve(rin, h);
    if (c.sinTone) mixInto(sin, c.sinTone, ms(1000));
    return { slot: dsp.echo.open({}), rin: toPcm16(rin), sin: toPcm16(sin) };
  });
  const on = new Map<number, number>();
  const off = new Map<number, number>();
  const bypassAt2500: string[] = [];
  const outs = runEcho(dsp, legs, (f) => {
    for (const e of dsp.events.take()) {
      // Frame-level decisions: an event belongs to the end of its frame.
      if (e.kind === EV_ECHO_DISABLER_ON && !on.has(e.slot)) on.set(e.slot, (f + 1) * 20);
      if (e.kind === EV_ECHO_DISABLER_OFF && !off.has(e.slot)) off.set(e.slot, (f + 1) * 20);
    }
    if (f === 125) for (const l of legs) bypassAt2500.push(dsp.echo.stats(l.slot).bypass);
  });
  for (const [i, c] of cases.entries()) {
    const slot = legs[i]!.slot;
    if (i < 2) {
      const at = on.get(slot) ?? -1;
      assert.ok(at >= 1450 && at <= 1700, `${c.name}: disabler on at ${at} ms (first reversal at 1450 ms)`);
      assert.equal(bypassAt2500[i], 'toneDisabler', `${c.name}: bypass reported`);
      const pass = legs[i]!.sin.subarray(ms(2000), ms(3000));
      assert.deepEqual(outs[i]!.subarray(ms(2000), ms(3000)), pass, `${c.name}: Sin passes bit-exact while disabled`);
      const release = off.get(slot) ?? -1;
      assert.ok(release >= 3250 && release <= 3400, `${c.name}: released at ${release} ms (quiet from 3000 ms)`);
    } else {
      assert.equal(on.has(slot), false, `${c.name}: no disabler`);
      assert.equal(bypassAt2500[i], 'none');
    }
  }
});

test('the engine can force bypass per slot: Sin passes bit-exact, and cancelling resumes with the model kept', () => {
  const dsp = Dsp.load({ variant: 'checked' });
  const far = speechLike(ms(6000), { seed: 59, levelDbm0: -12 });
  const echo = convolve(far, echoPath({ shape: 'undershoot', erlDb: 10, delayMs: 10 }));
  const slot = dsp.echo.open({ nlp: false });
  const rin = toPcm16(far);
  const sin = toPcm16(echo);
  const [out] = runEcho(dsp, [{ slot, rin, sin }], (f) => {
    if (f === 200) dsp.echo.setBypass(slot, true);
    if (f === 250) {
      assert.equal(dsp.echo.stats(slot).bypass, 'forced');
      dsp.echo.setBypass(slot, false);
    }
  });
  assert.deepEqual(out!.subarray(ms(4020), ms(5000)), sin.subarray(ms(4020), ms(5000)));
  const resumed = ratioDb(echo, out!, ms(5200), ms(6000));
  assert.ok(resumed >= 25, `after the bypass: ${resumed.toFixed(1)} dB`);
  assert.equal(dsp.echo.stats(slot).bypass, 'none');
  dsp.echo.reset(slot);
  assert.equal(dsp.echo.stats(slot).converged, false);
  dsp.echo.close(slot);
  assert.throws(() => dsp.echo.stats(slot), /not open/);
});

test('stability (G.168 test 7 spirit): full-scale square waves, clipped and non-linear echo and digital silence neither trap nor stop it cancelling speech afterwards', () => {
  const dsp = Dsp.load({ variant: 'checked' });
  const n = ms(3000);
  const square = new Float64Array(n).map((_, i) => (Math.floor(i / 8) % 2 ? 32767 : -32768));
  const h = echoPath({ shape: 'ring', erlDb: 6, delayMs: 5 });
  const harsh = convolve(square, h).map((v) => Math.max(-32768, Math.min(32767, 3 * v)));
  const speech = speechLike(ms(5000), { seed: 60, levelDbm0: -12 });
  const far = concat(square, silence(ms(1000)), speech);
  const sin = concat(mixInto(harsh, whiteNoise(n, -5, 64)), silence(ms(1000)), convolve(speech, h));
  const slot = dsp.echo.open({});
  const linear = dsp.echo.open({ nlp: false });
  const outs = runEcho(dsp, [slot, linear].map((s) => ({ slot: s, rin: toPcm16(far), sin: toPcm16(sin) })));
  const from = n + ms(1000);
  const echo = convolve(far, h);
  const late = ratioDb(echo, outs[1]!, from + ms(3000), from + ms(5000));
  assert.ok(late >= 25, `ERLE on speech after the abuse: ${late.toFixed(1)} dB`);
  assert.ok(rmsDbm0(outs[0]!, from + ms(3000), from + ms(5000)) < -50, 'with the NLP the echo of the speech is gone');
});
