import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dsp, layout } from '../../dsp/index.ts';

for (const variant of ['simd', 'scalar', 'checked'] as const) {
  test(`the ${variant} build loads, fits its fixed memory and reports its variant`, () => {
    const dsp = Dsp.load({ variant });
    assert.equal(dsp.variant, variant);
    assert.equal(dsp.core.memoryBytes, layout.MEMORY_PAGES * 65536);
    assert.ok(layout.LAYOUT_END <= dsp.core.memoryBytes);
  });
}

test('every kernel region is 16-byte aligned and regions do not overlap', () => {
  const L = layout as unknown as Record<string, number>;
  const bases = Object.keys(L).filter((k) => k.endsWith('_BASE') || k.endsWith('_HEADER'));
  for (const k of bases) assert.equal((L[k] ?? 1) % 16, 0, `${k} is aligned`);
  const ends = Object.keys(L).filter((k) => k.endsWith('_END'));
  const sorted = ends.map((k) => L[k] ?? 0).sort((a, b) => a - b);
  assert.equal(sorted.at(-1), layout.LAYOUT_END);
});

test('frames are handed out once and a double release is refused', () => {
  const dsp = Dsp.load({ variant: 'scalar' });
  const a = dsp.frames.alloc();
  const b = dsp.frames.alloc();
  assert.notEqual(a.ptr, b.ptr);
  assert.equal(a.pcm.length, 160);
  dsp.frames.release(a);
  assert.throws(() => dsp.frames.release(a), /released twice/);
});
