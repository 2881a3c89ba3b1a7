// Builds WAVE files in memory for the recording tests (any format tag, rate,
// channel count and bit depth, including broken ones).

export interface WavSpec {
  formatTag: number;
  channels: number;
  sampleRateHz: number;
  bitsPerSample: number;
  blockAlign?: number;
  /** Extra chunk before fmt (e.g. LIST) to check that chunks are skipped. */
  extraChunk?: boolean;
}

/** A WAVE file with the given fmt fields around `data`. */
export function buildWav(spec: WavSpec, data: Buffer): Buffer {
  const fmt = Buffer.alloc(16);
  const blockAlign = spec.blockAlign ?? (spec.channels * spec.bitsPerSample) / 8;
  fmt.writeUInt16LE(spec.formatTag, 0);
  fmt.writeUInt16LE(spec.channels, 2);
  fmt.writeUInt32LE(spec.sampleRateHz, 4);
  fmt.writeUInt32LE(spec.sampleRateHz * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(spec.bitsPerSample, 14);
  const chunk = (id: string, body: Buffer): Buffer<ArrayBuffer> => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body, body.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const parts: Buffer<ArrayBuffer>[] = [Buffer.from('WAVE', 'latin1')];
  if (spec.extraChunk) parts.push(chunk('LIST', Buffer.from('INFOISFT\u0003\u0000\u0000\u0000ab\u0000', 'latin1')));
  parts.push(chunk('fmt ', fmt), chunk('data', data));
  const body = Buffer.concat(parts);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** 16-bit little-endian PCM bytes of interleaved samples. */
export function pcm16(samples: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i] ?? 0))), i * 2);
  return b;
}

/** A sine of `peak` amplitude at freqHz, n samples at rateHz. */
export function sine(freqHz: number, rateHz: number, n: number, peak: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = peak * Math.sin((2 * Math.PI * freqHz * i) / rateHz);
  return out;
}

/** RMS of x between from and to. */
export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let e = 0;
  for (let i = from; i < to; i++) e += (x[i] ?? 0) ** 2;
  return Math.sqrt(e / Math.max(1, to - from));
}
