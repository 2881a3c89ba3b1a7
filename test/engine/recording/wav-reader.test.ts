import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { silentLog } from '../../../engine/core/contracts/index.ts';
import { ALAW_TO_LINEAR, ULAW_TO_LINEAR, WavPrompt, WavPromptFactory, WavError, decodeWav, loadWav } from '../../../engine/core/recording/index.ts';
import { alawDecode, alawEncode, ulawDecode, ulawEncode } from '../../../dsp/reference/g711.ts';
import { skipUnless } from '../../support/require-tool.ts';
import { buildWav, pcm16, rms, sine } from './wav-builder.ts';

const PCM = 1;
const ALAW = 6;
const ULAW = 7;
const db = (a: number, b: number): number => 20 * Math.log10(a / b);
const mid = (x: Int16Array): [number, number] => [Math.floor(x.length * 0.2), Math.floor(x.length * 0.8)];

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-wav-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('G.711 Tables 1 and 2: every A-law and μ-law octet expands to the reference decoder value', () => {
  for (let o = 0; o < 256; o++) {
    assert.equal(ALAW_TO_LINEAR[o], alawDecode(o), `A-law ${o}`);
    assert.equal(ULAW_TO_LINEAR[o], ulawDecode(o), `μ-law ${o}`);
  }
});

test('an 8 kHz 16-bit mono file is passed through sample for sample', () => {
  const x = sine(1000, 8000, 800, 10000);
  const d = decodeWav('a.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 8000, bitsPerSample: 16, extraChunk: true }, pcm16(x)));
  assert.equal(d.samples.length, 800);
  for (let i = 0; i < 800; i++) assert.equal(d.samples[i], Math.round(x[i] ?? 0) + 0);
});

test('A-law and μ-law files decode to within half a G.711 step of the original', () => {
  const x = sine(700, 8000, 1600, 12000);
  for (const [tag, enc] of [
    [ALAW, alawEncode],
    [ULAW, ulawEncode],
  ] as const) {
    const bytes = Buffer.from(Array.from(x, (v) => enc(Math.round(v))));
    const d = decodeWav('g.wav', buildWav({ formatTag: tag, channels: 1, sampleRateHz: 8000, bitsPerSample: 8 }, bytes));
    assert.equal(d.samples.length, x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i] ?? 0;
      // segment step at 12000 is 512 (A-law) / 512 (μ-law); half a step plus rounding
      assert.ok(Math.abs((d.samples[i] ?? 0) - v) <= 520, `tag ${tag} sample ${i}: ${d.samples[i]} vs ${v}`);
    }
  }
});

test('a stereo file becomes mono by averaging its channels', () => {
  const inter: number[] = [];
  for (let i = 0; i < 400; i++) inter.push(1000, 3000);
  const d = decodeWav('s.wav', buildWav({ formatTag: PCM, channels: 2, sampleRateHz: 8000, bitsPerSample: 16 }, pcm16(inter)));
  assert.equal(d.samples.length, 400);
  assert.ok(d.samples.every((s) => s === 2000));
});

test('8-bit unsigned PCM is centred on 128', () => {
  const d = decodeWav('u8.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 8000, bitsPerSample: 8 }, Buffer.from([128, 255, 0])));
  assert.deepEqual(Array.from(d.samples), [0, 127 * 256, -128 * 256]);
});

test('16 kHz to 8 kHz: 1 kHz and 3 kHz pass within 0.1 dB (G.712 band), 4.6 kHz is rejected by at least 60 dB', () => {
  const peak = 16000;
  const n = 16000;
  const level = (freqHz: number): number => {
    const d = decodeWav('w.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 16000, bitsPerSample: 16 }, pcm16(sine(freqHz, 16000, n, peak))));
    assert.equal(d.samples.length, n / 2);
    const [a, b] = mid(d.samples);
    return db(rms(d.samples, a, b), peak / Math.SQRT2);
  };
  const l1k = level(1000);
  const l3k = level(3000);
  const l4k6 = level(4600);
  assert.ok(Math.abs(l1k) < 0.1, `1 kHz ${l1k.toFixed(3)} dB`);
  assert.ok(Math.abs(l3k) < 0.1, `3 kHz ${l3k.toFixed(3)} dB`);
  assert.ok(l4k6 < -60, `4.6 kHz aliases to 3.4 kHz at ${l4k6.toFixed(1)} dB`);
  const l7k = level(7000);
  assert.ok(l7k < -60, `7 kHz ${l7k.toFixed(1)} dB`);
});

test('the resampled tone keeps its phase: the filter delay is compensated', () => {
  const x = sine(500, 16000, 4000, 10000);
  const d = decodeWav('p.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 16000, bitsPerSample: 16 }, pcm16(x)));
  const want = sine(500, 8000, 2000, 10000);
  let err = 0;
  for (let i = 500; i < 1500; i++) err = Math.max(err, Math.abs((d.samples[i] ?? 0) - (want[i] ?? 0)));
  assert.ok(err < 30, `max deviation ${err}`);
});

test('44.1 kHz and 48 kHz prompts are converted to 8 kHz with their level kept', () => {
  for (const rate of [44100, 48000, 11025]) {
    const n = rate;
    const d = decodeWav('r.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: rate, bitsPerSample: 16 }, pcm16(sine(1000, rate, n, 10000))));
    assert.equal(d.samples.length, 8000);
    const [a, b] = mid(d.samples);
    const l = db(rms(d.samples, a, b), 10000 / Math.SQRT2);
    assert.ok(Math.abs(l) < 0.1, `${rate} Hz: ${l.toFixed(3)} dB`);
  }
});

test('unsupported and malformed files name the file and the field', () => {
  const cases: [string, Buffer, RegExp][] = [
    ['float.wav', buildWav({ formatTag: 3, channels: 1, sampleRateHz: 8000, bitsPerSample: 32 }, Buffer.alloc(8)), /^wav float.wav: fmt.formatTag: expected 1 \(PCM\), 6 \(A-law\) or 7 \(μ-law\), got 3$/],
    ['three.wav', buildWav({ formatTag: PCM, channels: 3, sampleRateHz: 8000, bitsPerSample: 16 }, Buffer.alloc(12)), /^wav three.wav: fmt.channels: expected 1 or 2, got 3$/],
    ['24.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 8000, bitsPerSample: 24 }, Buffer.alloc(6)), /fmt.bitsPerSample: expected 8 or 16 for PCM, got 24/],
    ['a16.wav', buildWav({ formatTag: ALAW, channels: 1, sampleRateHz: 8000, bitsPerSample: 16 }, Buffer.alloc(6)), /fmt.bitsPerSample: expected 8 for G.711, got 16/],
    ['rate.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 1000, bitsPerSample: 16 }, Buffer.alloc(6)), /fmt.sampleRate: expected 4000 to 192000 Hz, got 1000/],
    ['align.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 8000, bitsPerSample: 16, blockAlign: 4 }, Buffer.alloc(8)), /fmt.blockAlign: expected 2, got 4/],
    ['riff.wav', Buffer.from('RIFX\u0000\u0000\u0000\u0000WAVE', 'latin1'), /^wav riff.wav: RIFF.id: expected "RIFF", got "RIFX"$/],
    ['avi.wav', Buffer.from('RIFF\u0000\u0000\u0000\u0000AVI ', 'latin1'), /RIFF.form: expected "WAVE", got "AVI "/],
    ['short.wav', Buffer.from('RIFF', 'latin1'), /length: expected at least 12 bytes/],
    ['nodata.wav', buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 8000, bitsPerSample: 16 }, Buffer.alloc(0)).subarray(0, 36), /nodata.wav: data: expected a data chunk/],
  ];
  for (const [name, bytes, re] of cases) {
    assert.throws(
      () => decodeWav(name, bytes),
      (err: unknown) => err instanceof WavError && re.test(err.message) && err.file === name,
      name,
    );
  }
  assert.throws(() => loadWav('no/such/prompt.wav'), { message: /^wav no\/such\/prompt.wav: \(file\): expected a readable file, got ENOENT$/ });
});

test('a prompt is served as 160-sample frames, the last padded with silence, then ends', () => {
  const p = new WavPrompt(Int16Array.from({ length: 330 }, (_, i) => i + 1));
  const out = new Int16Array(160);
  assert.equal(p.read(out), true);
  assert.equal(out[0], 1);
  assert.equal(p.read(out), true);
  assert.equal(out[159], 320);
  assert.equal(p.read(out), true);
  assert.deepEqual(Array.from(out.subarray(0, 11)), [321, 322, 323, 324, 325, 326, 327, 328, 329, 330, 0]);
  assert.ok(out.subarray(10).every((s) => s === 0));
  assert.equal(p.read(out), false);
});

test('the prompt factory opens by name, caches, gives undefined for missing or bad files, and refuses paths outside its folder', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'ivr'));
  writeFileSync(join(dir, 'ivr', 'welcome.wav'), buildWav({ formatTag: PCM, channels: 1, sampleRateHz: 16000, bitsPerSample: 16 }, pcm16(sine(440, 16000, 3200, 8000))));
  writeFileSync(join(dir, 'bad.wav'), Buffer.from('not a wave file at all'));
  const f = new WavPromptFactory({ dir, log: silentLog });
  const p = f.open('ivr/welcome');
  assert.ok(p);
  const out = new Int16Array(160);
  let frames = 0;
  while (p.read(out)) frames++;
  assert.equal(frames, 10);
  assert.ok(f.open('ivr/welcome.wav'));
  assert.equal(f.open('missing'), undefined);
  assert.equal(f.open('bad'), undefined);
  assert.equal(f.open('../etc/passwd'), undefined);
  assert.equal(f.open('/etc/passwd'), undefined);
});

test('sox-made files decode like ours (skipped without sox)', { skip: skipUnless('sox', 'sox interop') }, (t) => {
  const dir = tempDir(t);
  for (const [args, name] of [
    [['-r', '16000', '-e', 'signed', '-b', '16'], 's16.wav'],
    [['-r', '8000', '-e', 'a-law'], 'alaw.wav'],
    [['-r', '8000', '-e', 'u-law'], 'ulaw.wav'],
  ] as const) {
    const path = join(dir, name);
    const r = spawnSync('sox', ['-n', ...args, '-c', '1', path, 'synth', '1', 'sine', '1000', 'vol', '0.5']);
    assert.equal(r.status, 0, r.stderr?.toString());
    const d = loadWav(path);
    assert.ok(Math.abs(d.samples.length - 8000) <= 1);
    const [a, b] = mid(d.samples);
    assert.ok(Math.abs(db(rms(d.samples, a, b), (0.5 * 32767) / Math.SQRT2)) < 0.3, name);
  }
});
