// Prompt files: reads a WAVE file and turns it into 8 kHz mono 16-bit
// linear audio, served as 160-sample frames (20 ms) to the media tick.
//
// How: parse the RIFF chunks (wav-format.ts), decode the samples by format
// tag (1: PCM 8-bit unsigned or 16-bit signed little-endian; 6: A-law; 7:
// μ-law, G.711 expansion in g711-expand.ts), average the channels of a
// stereo file, and resample to 8 kHz with the polyphase FIR (resample.ts)
// when the file has another rate. The whole prompt is decoded once; a
// WavPrompt then only copies frames, which keeps the tick cheap.
//
// Errors: a file that cannot be read or is not a supported WAVE throws a
// WavError naming the file and the field (`fmt.formatTag`, `fmt.channels`,
// ...) with what was expected and what was found.
//
// Limits: at most 2 channels; PCM 24/32-bit and float files are refused
// (convert them with sox); the file is read whole (prompts are seconds
// long, not hours).

import { readFileSync } from 'node:fs';
import type { PromptSource } from '../contracts/index.ts';
import { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from './g711-expand.ts';
import { resample } from './resample.ts';
import { WAVE_FORMAT_ALAW, WAVE_FORMAT_MULAW, WAVE_FORMAT_PCM, WavError, parseWav, type WavFormat } from './wav-format.ts';

/** The engine's audio rate. */
export const ENGINE_RATE_HZ = 8000;
/** Samples per 20 ms tick at 8 kHz. */
export const FRAME_SAMPLES = 160;
const MIN_RATE_HZ = 4000;
const MAX_RATE_HZ = 192000;

/** A decoded prompt: 8 kHz mono linear samples and what the file was. */
export interface DecodedPrompt {
  readonly samples: Int16Array;
  readonly source: WavFormat;
}

/** Decodes WAVE bytes; `file` names the source in errors. */
export function decodeWav(file: string, bytes: Buffer): DecodedPrompt {
  const layout = parseWav(file, bytes);
  const f = layout.format;
  if (f.formatTag !== WAVE_FORMAT_PCM && f.formatTag !== WAVE_FORMAT_ALAW && f.formatTag !== WAVE_FORMAT_MULAW) {
    throw new WavError('ERR_UNSUPPORTED', file, 'fmt.formatTag', '1 (PCM), 6 (A-law) or 7 (μ-law)', f.formatTag);
  }
  if (f.channels !== 1 && f.channels !== 2) throw new WavError('ERR_UNSUPPORTED', file, 'fmt.channels', '1 or 2', f.channels);
  if (f.sampleRateHz < MIN_RATE_HZ || f.sampleRateHz > MAX_RATE_HZ) {
    throw new WavError('ERR_UNSUPPORTED', file, 'fmt.sampleRate', `${MIN_RATE_HZ} to ${MAX_RATE_HZ} Hz`, f.sampleRateHz);
  }
  const companded = f.formatTag !== WAVE_FORMAT_PCM;
  const okBits = companded ? f.bitsPerSample === 8 : f.bitsPerSample === 8 || f.bitsPerSample === 16;
  if (!okBits) throw new WavError('ERR_UNSUPPORTED', file, 'fmt.bitsPerSample', companded ? '8 for G.711' : '8 or 16 for PCM', f.bitsPerSample);
  const bytesPerSample = f.bitsPerSample / 8;
  if (f.blockAlign !== bytesPerSample * f.channels) {
    throw new WavError('ERR_INVALID_ARG', file, 'fmt.blockAlign', String(bytesPerSample * f.channels), f.blockAlign);
  }
  const frames = Math.floor(layout.dataBytes / f.blockAlign);
  const mono = new Float64Array(frames);
  const at = layout.dataOffset;
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) {
      const p = at + i * f.blockAlign + c * bytesPerSample;
      const octet = bytes[p] ?? 0;
      if (f.formatTag === WAVE_FORMAT_ALAW) sum += ALAW_TO_LINEAR[octet] ?? 0;
      else if (f.formatTag === WAVE_FORMAT_MULAW) sum += ULAW_TO_LINEAR[octet] ?? 0;
      else if (bytesPerSample === 1) sum += (octet - 128) << 8;
      else sum += bytes.readInt16LE(p);
    }
    mono[i] = sum / f.channels;
  }
  return { samples: resample(mono, f.sampleRateHz, ENGINE_RATE_HZ), source: f };
}

/** Reads and decodes a WAVE file; throws WavError for an unreadable or unsupported file. */
export function loadWav(path: string): DecodedPrompt {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new WavError('ERR_INVALID_ARG', path, '(file)', 'a readable file', (err as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  return decodeWav(path, bytes);
}

/** Plays decoded samples as 160-sample frames; the last frame is padded with silence. */
export class WavPrompt implements PromptSource {
  private readonly samples: Int16Array;
  private at = 0;
  private closed = false;

  constructor(samples: Int16Array) {
    this.samples = samples;
  }

  read(out: Int16Array): boolean {
    if (this.closed || this.at >= this.samples.length) return false;
    const n = Math.min(FRAME_SAMPLES, this.samples.length - this.at);
    out.set(this.samples.subarray(this.at, this.at + n));
    if (n < FRAME_SAMPLES) out.fill(0, n, FRAME_SAMPLES);
    this.at += n;
    return true;
  }

  close(): void {
    this.closed = true;
  }
}
