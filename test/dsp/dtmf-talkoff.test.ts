// DTMF talk-off: the detector must stay silent on speech-like audio, music
// chords and whistles from the synthetic corpus (test/support/speech-corpus.ts),
// and the corpus itself must be deterministic and speech-like enough to be
// a fair test (levels, pauses, pitch range).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp } from '../../dsp/index.ts';
import { speechCorpus, corpusSeconds } from '../support/speech-corpus.ts';
import { rmsDbm0, toPcm16, concat, silence } from '../support/signals.ts';
import { detect, digitTone, digitString } from './dtmf-harness.ts';

const SECONDS = 1200; // 20 minutes, run as ~300 channels in parallel

test('the speech corpus is deterministic for a seed and differs between seeds', () => {
  const a = speechCorpus({ seed: 3, seconds: 20 });
  const b = speechCorpus({ seed: 3, seconds: 20 });
  const c = speechCorpus({ seed: 4, seconds: 20 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(corpusSeconds(a) >= 20);
});

test('corpus utterances are at speech levels (-35 to -10 dBm0 overall) and contain pauses', () => {
  for (const u of speechCorpus({ seed: 11, seconds: 120, kinds: ['speech'] })) {
    const level = rmsDbm0(u);
    assert.ok(level > -40 && level < -8, `level ${level.toFixed(1)} dBm0`);
    let quiet = 0;
    for (let at = 0; at + 160 <= u.length; at += 160) if (rmsDbm0(u, at, at + 160) < -55) quiet++;
    assert.ok(quiet > 0, 'has silent frames');
  }
});

test(`talk-off: no more than 1 false digit in ${SECONDS / 60} minutes of speech, music and whistles`, () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const corpus = speechCorpus({ seed: 2024, seconds: SECONDS });
  const res = detect(dsp, corpus);
  const falses = res.flat();
  assert.ok(falses.length <= 1, `false digits: ${falses.map((d) => `${d.digit}(${d.endSample - d.startSample})`).join(' ')}`);
});

test('talk-off checks do not cost real digits: a -10 dBm0 digit string mixed with corpus speech 10 dB below its corpus level is still found', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const speech = speechCorpus({ seed: 77, seconds: 30, kinds: ['speech'] });
  const sigs = speech.map((u, i) => {
    const d = concat(silence(800), digitTone(i % 16, 480), silence(800), digitTone((i + 5) % 16, 480));
    const out = new Float64Array(Math.max(d.length, u.length));
    for (let n = 0; n < out.length; n++) out[n] = (d[n] ?? 0) + (u[n] ?? 0) * Math.pow(10, -10 / 20);
    return toPcm16(out);
  });
  const res = detect(dsp, sigs);
  const found = res.filter((r, i) => digitString(r) === `${'123A456B789C*0#D'[i % 16]}${'123A456B789C*0#D'[(i + 5) % 16]}`).length;
  assert.ok(found >= Math.ceil(sigs.length * 0.8), `${found}/${sigs.length} channels exact`);
});
