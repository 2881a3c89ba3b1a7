// G.711 kernel: bit-exact A-law and μ-law (ITU-T G.711 §2, §3, Tables 1-4)
// on every 16-bit input and every octet, through the tick path and the
// synchronous helpers, on the simd, scalar and checked builds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Dsp, type DspVariant } from '../../dsp/index.ts';
import * as ref from '../../dsp/reference/g711.ts';
import { buildHarness, haveSpandsp } from '../../bench/support/spandsp.ts';
import { haveTool } from '../support/require-tool.ts';

const VARIANTS: readonly DspVariant[] = ['simd', 'scalar', 'checked'];
const ALL_INPUTS = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const ALL_OCTETS = Uint8Array.from({ length: 256 }, (_, i) => i);

// shared/reference/tones-and-dsp.md §3.3 (spandsp and audioop agree on all but −1 in μ-law).
const POINTS: ReadonlyArray<[number, number, number, number, number]> = [
  [0, 0xd5, 8, 0xff, 0],
  [1, 0xd5, 8, 0xff, 0],
  [-1, 0x55, -8, 0x7f, 0],
  [8, 0xd5, 8, 0xfe, 8],
  [16, 0xd4, 24, 0xfd, 16],
  [100, 0xd3, 104, 0xf2, 104],
  [-100, 0x53, -104, 0x72, -104],
  [128, 0xdd, 136, 0xef, 132],
  [256, 0xc5, 264, 0xe7, 260],
  [512, 0xf5, 528, 0xdb, 524],
  [1000, 0xfa, 1008, 0xce, 988],
  [-1000, 0x7a, -1008, 0x4e, -988],
  [1024, 0xe5, 1056, 0xcd, 1052],
  [2048, 0x95, 2112, 0xbe, 2108],
  [4096, 0x85, 4224, 0xaf, 4092],
  [-4096, 0x1a, -4032, 0x2f, -4092],
  [8000, 0x8a, 8064, 0xa0, 7932],
  [16384, 0xa5, 16896, 0x8f, 16764],
  [32767, 0xaa, 32256, 0x80, 32124],
  [-32768, 0x2a, -32256, 0x00, -32124],
];

test('G.711 reference: every test point of the reference sheet encodes and decodes as listed', () => {
  for (const [x, a, aDec, u, uDec] of POINTS) {
    assert.equal(ref.alawEncode(x), a, `A-law of ${x}`);
    assert.equal(ref.alawDecode(a), aDec, `A-law decode of ${a}`);
    assert.equal(ref.ulawEncode(x), u, `μ-law of ${x}`);
    assert.equal(ref.ulawDecode(u), uDec, `μ-law decode of ${u}`);
  }
});

test('G.711 reference: decoding then encoding any code gives the code back (except μ-law negative zero)', () => {
  for (let c = 0; c < 256; c++) {
    assert.equal(ref.alawEncode(ref.alawDecode(c)), c);
    if (c !== 0x7f) assert.equal(ref.ulawEncode(ref.ulawDecode(c)), c);
  }
  assert.equal(ref.ulawEncode(ref.ulawDecode(0x7f)), 0xff, 'μ-law −0 decodes to 0, which encodes as +0');
});

for (const variant of VARIANTS) {
  test(`G.711 ${variant}: all 65536 inputs encode to the reference A-law and μ-law codes`, () => {
    const dsp = Dsp.load({ variant });
    for (const law of ['alaw', 'ulaw'] as const) {
      const out = new Uint8Array(65536);
      dsp.g711.encode(law, ALL_INPUTS, out);
      const f = law === 'alaw' ? ref.alawEncode : ref.ulawEncode;
      for (let i = 0; i < 65536; i++) {
        const x = ALL_INPUTS[i] ?? 0;
        if (out[i] !== f(x)) assert.fail(`${law} of ${x}: kernel ${out[i]}, reference ${f(x)}`);
      }
    }
  });

  test(`G.711 ${variant}: all 256 codes decode to the reference values`, () => {
    const dsp = Dsp.load({ variant });
    for (const law of ['alaw', 'ulaw'] as const) {
      const out = new Int16Array(256);
      dsp.g711.decode(law, ALL_OCTETS, out);
      const f = law === 'alaw' ? ref.alawDecode : ref.ulawDecode;
      for (let c = 0; c < 256; c++) assert.equal(out[c], f(c), `${law} decode of ${c}`);
    }
  });

  test(`G.711 ${variant}: transcoding of all 256 codes follows Tables 3 and 4`, () => {
    const dsp = Dsp.load({ variant });
    const u = new Uint8Array(256);
    const a = new Uint8Array(256);
    dsp.g711.transcode('alaw', ALL_OCTETS, u);
    dsp.g711.transcode('ulaw', ALL_OCTETS, a);
    for (let c = 0; c < 256; c++) {
      assert.equal(u[c], ref.alawToUlaw(c), `A→μ of ${c}`);
      assert.equal(a[c], ref.ulawToAlaw(c), `μ→A of ${c}`);
    }
  });

  test(`G.711 ${variant}: one tick converts many frames with odd lengths and leaves bytes past each length alone`, () => {
    const dsp = Dsp.load({ variant });
    const lengths = [160, 1, 7, 15, 16, 17, 33, 159];
    const jobs = lengths.flatMap((n, k) =>
      (['alaw', 'ulaw'] as const).map((law) => {
        const pcm = dsp.frames.alloc();
        const oct = dsp.frames.alloc();
        const back = dsp.frames.alloc();
        for (let i = 0; i < 160; i++) pcm.pcm[i] = Math.round(30000 * Math.sin(0.37 * i + k)) + (law === 'alaw' ? 0 : 3);
        oct.octets.fill(0xaa);
        back.pcm.fill(12345);
        return { law, n, pcm, oct, back };
      }),
    );
    for (const j of jobs) dsp.g711.queueEncode(j.law, j.pcm.ptr, j.oct.ptr, j.n);
    dsp.g711.run();
    for (const j of jobs) dsp.g711.queueDecode(j.law, j.oct.ptr, j.back.ptr, j.n);
    assert.equal(dsp.g711.run(), jobs.length);
    for (const j of jobs) {
      const enc = j.law === 'alaw' ? ref.alawEncode : ref.ulawEncode;
      const dec = j.law === 'alaw' ? ref.alawDecode : ref.ulawDecode;
      for (let i = 0; i < 160; i++) {
        const x = j.pcm.pcm[i] ?? 0;
        if (i < j.n) {
          assert.equal(j.oct.octets[i], enc(x), `${j.law} n=${j.n} sample ${i}`);
          assert.equal(j.back.pcm[i], dec(enc(x)));
        } else {
          assert.equal(j.oct.octets[i], 0xaa, `${j.law} n=${j.n}: octet ${i} untouched`);
          assert.equal(j.back.pcm[i], 12345, `${j.law} n=${j.n}: sample ${i} untouched`);
        }
      }
    }
  });
}

test('G.711 §3.4: the A-law and μ-law digital milliwatt sequences decode to the listed samples', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const a = new Int16Array(16);
  dsp.g711.decode('alaw', Uint8Array.from([0x34, 0x21, 0x21, 0x34, 0xb4, 0xa1, 0xa1, 0xb4, 0x34, 0x21, 0x21, 0x34, 0xb4, 0xa1, 0xa1, 0xb4]), a);
  assert.deepEqual([...a.subarray(0, 8)], [-8960, -20992, -20992, -8960, 8960, 20992, 20992, 8960]);
  const u = new Int16Array(8);
  dsp.g711.decode('ulaw', Uint8Array.from([0x1e, 0x0b, 0x0b, 0x1e, 0x9e, 0x8b, 0x8b, 0x9e]), u);
  assert.deepEqual([...u], [-8828, -20860, -20860, -8828, 8828, 20860, 20860, 8828]);
});

test('G.711 on E1: linear silence encodes to the idle octet 0xD5 and μ-law silence to 0xFF', () => {
  const dsp = Dsp.load({ variant: 'simd' });
  const out = new Uint8Array(160);
  dsp.g711.encode('alaw', new Int16Array(160), out);
  assert.ok(out.every((o) => o === 0xd5));
  dsp.g711.encode('ulaw', new Int16Array(160), out);
  assert.ok(out.every((o) => o === 0xff));
});

test('G.711 Tables 3 and 4 differ from decode-then-encode where the standard says, and A → μ → A moves a code by one step at most', () => {
  // Entries checked against spandsp's alaw_to_ulaw / ulaw_to_alaw.
  assert.equal(ref.alawToUlaw(0x80), 0xaa, 'A-law +4224 → μ-law +4092, not +4348');
  assert.equal(ref.alawToUlaw(0x00), 0x2a);
  assert.equal(ref.ulawToAlaw(0x7f), 0x55, 'μ-law −0 → A-law −8');
  assert.equal(ref.ulawToAlaw(0xce), 0xfa, 'μ-law +988 → A-law +1008');
  assert.equal(ref.ulawToAlaw(0x3f), 0x6a);
  assert.equal(ref.ulawToAlaw(0x20), 0x0a);
  assert.equal(ref.alawToUlaw(0xd5), 0xfe, 'A-law +8 → μ-law +8');
  let moved = 0;
  for (let c = 0; c < 256; c++) {
    const back = ref.ulawToAlaw(ref.alawToUlaw(c));
    if (back === c) continue;
    moved++;
    const step = Math.abs(((back ^ 0x55) & 0x7f) - ((c ^ 0x55) & 0x7f));
    assert.equal(step, 1, `A-law ${c} comes back ${back}, one step away at most`);
    assert.equal((back ^ 0x55) & 0x80, (c ^ 0x55) & 0x80, 'sign kept');
  }
  assert.equal(moved, 16, 'A → μ → A is transparent for 240 of 256 codes');
});

const spandspSkip = !haveTool('cc') || !haveSpandsp() ? 'spandsp or cc not installed' : false;
test('G.711 Tables 3 and 4: every entry equals spandsp\'s tables', { skip: spandspSkip }, () => {
  const bin = buildHarness('g711');
  assert.ok(bin, 'harness builds');
  const r = spawnSync(bin, ['tables'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  const t = JSON.parse(r.stdout) as { aToU: number[]; uToA: number[] };
  for (let c = 0; c < 256; c++) {
    assert.equal(ref.alawToUlaw(c), t.aToU[c], `A→μ of ${c}`);
    assert.equal(ref.ulawToAlaw(c), t.uToA[c], `μ→A of ${c}`);
  }
});
