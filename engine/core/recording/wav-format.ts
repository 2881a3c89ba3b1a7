// RIFF/WAVE container: header layout, parsing of the chunks we need, and
// building of the canonical 44-byte PCM header the recorder writes.
//
// How: a WAVE file is a RIFF chunk ("RIFF", size, "WAVE") holding sub-chunks
// ("fmt ", "data", and others we skip: LIST, fact, ...), each (id, size,
// payload, pad byte to even size). The fmt chunk gives the format tag
// (1 PCM, 6 A-law, 7 μ-law, 0xFFFE extensible with the tag in its
// sub-format GUID), channels, sample rate, block align and bits per sample.
// Reference: Microsoft "Multimedia Programming Interface and Data
// Specifications 1.0" (1991), RIFF and WAVE form; WAVEFORMATEXTENSIBLE.
//
// Limits: RF64 (files above 4 GiB) is not supported; a data chunk that runs
// past the end of the file (a truncated recording) is clamped to what is
// there, which is what the repair pass relies on.

import { HotlineError } from '../contracts/index.ts';

export const WAVE_FORMAT_PCM = 1;
export const WAVE_FORMAT_ALAW = 6;
export const WAVE_FORMAT_MULAW = 7;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Size of the header writeWavHeader produces; audio starts here. */
export const CANONICAL_HEADER_BYTES = 44;

/** The fields of a fmt chunk we use. */
export interface WavFormat {
  /** Effective format tag (for extensible files, the sub-format's). */
  formatTag: number;
  channels: number;
  sampleRateHz: number;
  blockAlign: number;
  bitsPerSample: number;
}

/** Where the audio is in a parsed file. */
export interface WavLayout {
  format: WavFormat;
  /** Byte offset of the data payload. */
  dataOffset: number;
  /** Data bytes present in the file (clamped to the file's length). */
  dataBytes: number;
  /** Data size the header declares (may disagree with dataBytes in a truncated file). */
  declaredDataBytes: number;
  /** Byte offset of the data chunk's size field (for patching). */
  dataSizeOffset: number;
}

/** A malformed or unsupported file: names the file and the field. */
export class WavError extends HotlineError {
  readonly file: string;
  readonly field: string;
  constructor(code: 'ERR_UNSUPPORTED' | 'ERR_INVALID_ARG', file: string, field: string, expected: string, got: string | number) {
    super(code, `wav ${file}: ${field}: expected ${expected}, got ${typeof got === 'string' ? got : String(got)}`);
    this.file = file;
    this.field = field;
  }
}

const fourcc = (b: Buffer, at: number): string => b.toString('latin1', at, at + 4);

/**
 * Parses the RIFF header and chunk list of a WAVE file held in `bytes`.
 * `totalBytes` is the file's length when `bytes` holds only its beginning
 * (the repair pass reads just the header of a long recording).
 */
export function parseWav(file: string, bytes: Buffer, totalBytes = bytes.length): WavLayout {
  if (bytes.length < 12) throw new WavError('ERR_INVALID_ARG', file, 'length', 'at least 12 bytes (RIFF header)', `${bytes.length} bytes`);
  if (fourcc(bytes, 0) !== 'RIFF') throw new WavError('ERR_UNSUPPORTED', file, 'RIFF.id', '"RIFF"', JSON.stringify(fourcc(bytes, 0)));
  if (fourcc(bytes, 8) !== 'WAVE') throw new WavError('ERR_UNSUPPORTED', file, 'RIFF.form', '"WAVE"', JSON.stringify(fourcc(bytes, 8)));
  let at = 12;
  let format: WavFormat | undefined;
  while (at + 8 <= bytes.length) {
    const id = fourcc(bytes, at);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') format = parseFmt(file, bytes, body, size);
    else if (id === 'data') {
      if (!format) throw new WavError('ERR_INVALID_ARG', file, 'fmt', 'a fmt chunk before the data chunk', 'none');
      return { format, dataOffset: body, dataBytes: Math.max(0, Math.min(size, totalBytes - body)), declaredDataBytes: size, dataSizeOffset: at + 4 };
    }
    at = body + size + (size & 1);
    if (at > totalBytes) break;
  }
  throw new WavError('ERR_INVALID_ARG', file, format ? 'data' : 'fmt', format ? 'a data chunk' : 'a fmt chunk', 'none');
}

function parseFmt(file: string, b: Buffer, at: number, size: number): WavFormat {
  if (size < 16 || at + 16 > b.length) throw new WavError('ERR_INVALID_ARG', file, 'fmt.size', 'at least 16 bytes', size);
  let formatTag = b.readUInt16LE(at);
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40 || at + 40 > b.length) throw new WavError('ERR_INVALID_ARG', file, 'fmt.size', '40 bytes for WAVE_FORMAT_EXTENSIBLE', size);
    // The sub-format GUID's first two bytes are the ordinary format tag.
    formatTag = b.readUInt16LE(at + 24);
  }
  return {
    formatTag,
    channels: b.readUInt16LE(at + 2),
    sampleRateHz: b.readUInt32LE(at + 4),
    blockAlign: b.readUInt16LE(at + 12),
    bitsPerSample: b.readUInt16LE(at + 14),
  };
}

/** The canonical 44-byte header of 16-bit PCM with `dataBytes` of audio. */
export function wavHeader(channels: number, sampleRateHz: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(CANONICAL_HEADER_BYTES);
  const blockAlign = channels * 2;
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRateHz, 24);
  h.writeUInt32LE(sampleRateHz * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}
