// Echo canceller under double talk and echo-path change: G.168 (2012)
// clause 6 tests 3B (double talk must not make the canceller diverge) and
// 2B/2C re-convergence after the echo path changes (Annex D practice of
// switching hybrid models mid-run).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp } from '../../dsp/index.ts';
import { echoPath, convolve, speechLike, ratioDb, minus, runEcho } from '../support/echo-paths.ts';
import { toPcm16, whiteNoise, mixInto, ms, rmsDbm0 } from '../support/signals.ts';

const EV_ECHO_PATH_CHANGE = 0x503;

test('G.168 test 3B: near-end speech at the echo level or 6 dB louder passes nearly untouched and ERLE does not collapse after double talk', (t) => {
  const dsp = Dsp.load({ variant: 'simd' });
  const n = ms(7000);
  const dtFrom = ms(3000);
  const dtTo = ms(5000);
  const far = speechLike(n, { seed: 31, levelDbm0: -12 });
  const echo = convolve(far, echoPath({ shape: 'undershoot', erlDb: 10, delayMs: 20 }));
  const echoLevel = rmsDbm0(echo, ms(500), dtFrom);
  const legs = [];
  const nears: Float64Array[] = [];
  for (const [i, aboveEchoDb] of [0, 6].entries()) {
    const talk = speechLike(dtTo - dtFrom, { seed: 77 + i, levelDbm0: echoLevel + aboveEchoDb, pitchHz: 210, pauseShare: 0.1 });
    const near = mixInto(whiteNoise(n, -65, 5 + i), talk, dtFrom);
    nears.push(near);
    legs.push({ slot: dsp.echo.open({ nlp: false }), rin: toPcm16(far), sin: toPcm16(mixInto(echo.slice(), near)) });
  }
  const outs = runEcho(dsp, legs);
  for (const [i, aboveEchoDb] of [0, 6].entries()) {
    const out = outs[i]!;
    const near = nears[i]!;
    const before = ratioDb(echo, minus(out, near), ms(2000), dtFrom);
    const after = ratioDb(echo, minus(out, near), dtTo, dtTo + ms(1000));
    const passed = ratioDb(near, minus(out, near), dtFrom, dtTo);
    t.diagnostic(`near end ${aboveEchoDb} dB above the echo: ERLE ${before.toFixed(1)} dB before, ${after.toFixed(1)} dB in the second after; near-end to distortion ${passed.toFixed(1)} dB`);
    assert.ok(before >= 25, `converged before double talk: ${before.toFixed(1)} dB`);
    assert.ok(after >= before - 6, `ERLE after double talk ${after.toFixed(1)} dB vs ${before.toFixed(1)} dB before`);
    assert.ok(passed >= 15, `near-end speech kept ${passed.toFixed(1)} dB above what the canceller changed`);
  }
});

test('G.168 test 3B counter-check: without the foreground/background protection the same double talk would show as error (the measure can fail)', () => {
  // The background filter adapts through double talk; its error during the
  // talk is much worse than the output's. We observe that through the
  // double-talk flag: it must be raised during the talk and clear outside.
  const dsp = Dsp.load({ variant: 'simd' });
  const n = ms(6000);
  const far = speechLike(n, { seed: 32, levelDbm0: -12 });
  const echo = convolve(far, echoPath({ shape: 'ring', erlDb: 12, delayMs: 10 }));
  const talk = speechLike(ms(2000), { seed: 78, levelDbm0: rmsDbm0(echo) + 6, pitchHz: 200, pauseShare: 0 });
  const sin = mixInto(mixInto(echo.slice(), whiteNoise(n, -65, 9)), talk, ms(3000));
  const slot = dsp.echo.open({ nlp: true });
  const flags: boolean[] = [];
  runEcho(dsp, [{ slot, rin: toPcm16(far), sin: toPcm16(sin) }], () => flags.push(dsp.echo.stats(slot).doubleTalk));
  const share = (a: number, b: number): number => flags.slice(a / 20, b / 20).filter(Boolean).length / ((b - a) / 20);
  const during = share(3000, 5000);
  const outside = share(2000, 3000);
  assert.ok(during > 0.5, `double talk flagged in ${(100 * during).toFixed(0)}% of the talk`);
  assert.ok(outside < 0.2, `double talk flagged in ${(100 * outside).toFixed(0)}% of the far-end-only second before`);
});

test('G.168 test 2B/2C re-convergence: after the echo path changes mid-run the canceller reports the change, resets and re-converges (20 dB by 1 s, 30 dB by 2 s)', (t) => {
  const dsp = Dsp.load({ variant: 'simd' });
  const n = ms(7000);
  const switchAt = ms(4000);
  const far = speechLike(n, { seed: 41, levelDbm0: -12 });
  const a = convolve(far, echoPath({ shape: 'ring', erlDb: 8, delayMs: 10 }));
  const b = convolve(far, echoPath({ shape: 'decay', erlDb: 12, delayMs: 45, seed: 3 }));
  const echo = new Float64Array(n);
  echo.set(a.subarray(0, switchAt));
  echo.set(b.subarray(switchAt), switchAt);
  const near = whiteNoise(n, -65, 12);
  const slot = dsp.echo.open({ nlp: false });
  let changeAt = -1;
  const [out] = runEcho(dsp, [{ slot, rin: toPcm16(far), sin: toPcm16(mixInto(echo.slice(), near)) }], (f) => {
    for (const e of dsp.events.take()) if (e.kind === EV_ECHO_PATH_CHANGE && e.slot === slot && changeAt < 0) changeAt = f * 20 + e.offsetSamples / 8;
  });
  const res = minus(out!, near);
  const before = ratioDb(echo, res, ms(3000), switchAt);
  const justAfter = ratioDb(echo, res, switchAt, switchAt + ms(200));
  const oneSecond = ratioDb(echo, res, switchAt + ms(750), switchAt + ms(1250));
  const later = ratioDb(echo, res, switchAt + ms(2000), n);
  t.diagnostic(`ERLE ${before.toFixed(1)} dB before, ${justAfter.toFixed(1)} dB in 200 ms after the switch, ${oneSecond.toFixed(1)} dB at 0.75-1.25 s, ${later.toFixed(1)} dB at 2-3 s; change reported at ${changeAt} ms`);
  assert.ok(before >= 30, `converged on the first path: ${before.toFixed(1)} dB`);
  assert.ok(justAfter < 14, `the switch really broke the model: ${justAfter.toFixed(1)} dB`);
  assert.ok(oneSecond >= 20, `re-converged 1 s after: ${oneSecond.toFixed(1)} dB`);
  assert.ok(later >= 30, `ERLE 2-3 s after the switch: ${later.toFixed(1)} dB`);
  assert.ok(changeAt >= 4000 && changeAt < 5000, `EV_ECHO_PATH_CHANGE within 1 s of the switch (at ${changeAt} ms)`);
  assert.ok(dsp.echo.stats(slot).pathChanges >= 1);
});
