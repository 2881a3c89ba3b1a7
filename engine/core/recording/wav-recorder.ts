// Call recordings: a WAVE writer that stays playable when the process dies.
//
// What it does: receives each 20 ms tick of a leg's audio (rx: what the
// recorded party said, tx: what it heard) and writes 8 kHz 16-bit PCM,
// either mixed to mono (rx + tx, clipped) or as stereo (left rx, right tx).
//
// How: the canonical 44-byte header is written first. Samples go into a
// preallocated buffer of one second; when it is full it is appended with one
// write, and the header's RIFF and data sizes are patched to what is now on
// disk. So after kill -9 the file is at most one second short of the truth
// and its header is either right or at most one second behind the data; the
// start-up repair pass (wav-repair.ts) fixes the sizes from the file length.
// Writes are synchronous: one 16 or 32 KB write per second per recording is
// cheap, and it keeps every byte ordered before the header patch.
//
// Errors: write never throws. An I/O error (full disk) is logged at error
// level, counted, and the recording stops (the file keeps what it had, with
// a correct header); the call goes on.
//
// Limits: 4 GiB per file (RIFF's 32-bit sizes; about 37 hours stereo).

import { closeSync, openSync, writeSync } from 'node:fs';
import type { Log, RecordingSink } from '../contracts/index.ts';
import { CANONICAL_HEADER_BYTES, wavHeader } from './wav-format.ts';
import { ENGINE_RATE_HZ, FRAME_SAMPLES } from './wav-reader.ts';

/** Mixed mono or stereo (left rx, right tx). */
export type RecordingLayout = 'mixed' | 'stereo';

/** Seconds of audio buffered before each write and header patch. */
export const FLUSH_SECONDS = 1;

/** Counters shared by the recordings of one factory (for /metrics). */
export interface RecordingStats {
  opened: number;
  active: number;
  errors: number;
}

/** Options of WavRecorder.open. */
export interface WavRecorderOptions {
  layout: RecordingLayout;
  log: Log;
  stats?: RecordingStats;
  /** Called once when the file is complete (closed normally). */
  onClosed?: (info: { path: string; dataBytes: number; durationMs: number }) => void;
}

/** One recording file. */
export class WavRecorder implements RecordingSink {
  readonly path: string;
  private readonly channels: number;
  private readonly buffer: Buffer;
  private used = 0;
  private dataBytes = 0;
  private fd: number | undefined;
  private readonly options: WavRecorderOptions;

  private constructor(path: string, fd: number, options: WavRecorderOptions) {
    this.path = path;
    this.fd = fd;
    this.options = options;
    this.channels = options.layout === 'stereo' ? 2 : 1;
    this.buffer = Buffer.alloc(ENGINE_RATE_HZ * FLUSH_SECONDS * 2 * this.channels);
  }

  /** Creates the file and writes its header; throws on I/O errors (the factory catches them). */
  static open(path: string, options: WavRecorderOptions): WavRecorder {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, wavHeader(options.layout === 'stereo' ? 2 : 1, ENGINE_RATE_HZ, 0), 0, CANONICAL_HEADER_BYTES, 0);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    if (options.stats) {
      options.stats.opened++;
      options.stats.active++;
    }
    return new WavRecorder(path, fd, options);
  }

  /** Audio bytes written so far (flushed or buffered). */
  get bytes(): number {
    return this.dataBytes + this.used;
  }

  write(rx: Int16Array, tx: Int16Array): void {
    if (this.fd === undefined) return;
    const b = this.buffer;
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      const r = rx[i] ?? 0;
      const t = tx[i] ?? 0;
      if (this.channels === 2) {
        b.writeInt16LE(r, this.used);
        b.writeInt16LE(t, this.used + 2);
        this.used += 4;
      } else {
        const m = r + t;
        b.writeInt16LE(m > 32767 ? 32767 : m < -32768 ? -32768 : m, this.used);
        this.used += 2;
      }
      if (this.used === b.length) this.flush();
      if (this.fd === undefined) return;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    this.release();
    const blockBytes = 2 * this.channels;
    this.options.onClosed?.({ path: this.path, dataBytes: this.dataBytes, durationMs: (this.dataBytes / blockBytes / ENGINE_RATE_HZ) * 1000 });
  }

  /** Appends the buffer, then patches the header to the new size. */
  private flush(): void {
    const fd = this.fd;
    if (fd === undefined || this.used === 0) return;
    try {
      writeSync(fd, this.buffer, 0, this.used, CANONICAL_HEADER_BYTES + this.dataBytes);
      this.dataBytes += this.used;
      this.used = 0;
      const sizes = Buffer.alloc(4);
      sizes.writeUInt32LE(36 + this.dataBytes, 0);
      writeSync(fd, sizes, 0, 4, 4);
      sizes.writeUInt32LE(this.dataBytes, 0);
      writeSync(fd, sizes, 0, 4, 40);
    } catch (err) {
      this.used = 0;
      if (this.options.stats) this.options.stats.errors++;
      this.options.log.error({ err, path: this.path, code: (err as NodeJS.ErrnoException).code }, 'recording write failed, recording stopped');
      this.release(true);
    }
  }

  /** Closes the file; after a write error the close may fail too, and that is already reported. */
  private release(afterError = false): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    if (this.options.stats) this.options.stats.active--;
    try {
      closeSync(fd);
    } catch (err) {
      if (!afterError) this.options.log.error({ err, path: this.path }, 'recording close failed');
    }
  }
}
