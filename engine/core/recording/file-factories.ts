// The file side of the media tick: the recording factory (WAV files under
// the data folder) and the prompt factory (WAV prompts from a folder,
// decoded once and cached), implementing contracts/media-io.ts.
//
// Recording paths: `<dir>/<YYYY-MM-DD>/<callId>-<legId>.wav` (UTC date of
// the call), so the crash recovery can find a call's recording by its id and
// an operator can prune by day.
//
// Errors: neither factory throws into the tick. A recording that cannot be
// created (full disk, permissions) is logged, counted, and replaced by a sink
// that discards audio and has an empty path. A prompt that is missing gives
// undefined (the engine falls back); one that is malformed is logged with
// the WavError's reason and also gives undefined.

import { mkdirSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import type { Log, PromptFactory, PromptSource, RecordingFactory, RecordingSink } from '../contracts/index.ts';
import { WavError } from './wav-format.ts';
import { WavPrompt, loadWav } from './wav-reader.ts';
import { WavRecorder, type RecordingLayout, type RecordingStats } from './wav-recorder.ts';

/** A recording that was completed, for the `recording.saved` webhook. */
export interface RecordingSaved {
  callId: string;
  legId: string;
  path: string;
  durationMs: number;
  dataBytes: number;
}

/** Options of WavRecordingFactory. */
export interface WavRecordingFactoryOptions {
  dir: string;
  layout: RecordingLayout;
  log: Log;
  onSaved?: (saved: RecordingSaved) => void;
}

/** Creates WAV recordings under a folder. */
export class WavRecordingFactory implements RecordingFactory {
  readonly stats: RecordingStats = { opened: 0, active: 0, errors: 0 };
  private readonly options: WavRecordingFactoryOptions;
  private readonly log: Log;

  constructor(options: WavRecordingFactoryOptions) {
    this.options = options;
    this.log = options.log.child({ mod: 'recording' });
  }

  /** Where a call's recording goes. */
  pathFor(request: { callId: string; legId: string; wallAt: number }): string {
    const day = new Date(request.wallAt).toISOString().slice(0, 10);
    return join(this.options.dir, day, `${safe(request.callId)}-${safe(request.legId)}.wav`);
  }

  open(request: { callId: string; legId: string; at: number; wallAt: number }): RecordingSink {
    const path = this.pathFor(request);
    try {
      mkdirSync(join(path, '..'), { recursive: true });
      return WavRecorder.open(path, {
        layout: this.options.layout,
        log: this.log.child({ call: request.callId }),
        stats: this.stats,
        onClosed: (info) => this.options.onSaved?.({ callId: request.callId, legId: request.legId, ...info }),
      });
    } catch (err) {
      this.stats.errors++;
      this.log.error({ err, call: request.callId, path, code: (err as NodeJS.ErrnoException).code }, 'recording not started');
      return { path: '', write() {}, close() {} };
    }
  }
}

function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Serves WAV prompts from a folder by name (`welcome` or `welcome.wav`, subfolders allowed). */
export class WavPromptFactory implements PromptFactory {
  private readonly dir: string;
  private readonly log: Log;
  private readonly cache = new Map<string, Int16Array>();

  constructor(options: { dir: string; log: Log }) {
    this.dir = options.dir;
    this.log = options.log.child({ mod: 'prompts' });
  }

  open(name: string): PromptSource | undefined {
    const samples = this.samples(name);
    return samples ? new WavPrompt(samples) : undefined;
  }

  /** Forgets decoded prompts (after files were replaced). */
  invalidate(): void {
    this.cache.clear();
  }

  private samples(name: string): Int16Array | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const rel = normalize(name.endsWith('.wav') ? name : `${name}.wav`);
    if (isAbsolute(rel) || rel.startsWith(`..${sep}`) || rel === '..') {
      this.log.warn({ prompt: name }, 'prompt name outside the prompt folder refused');
      return undefined;
    }
    try {
      const decoded = loadWav(join(this.dir, rel));
      this.cache.set(name, decoded.samples);
      return decoded.samples;
    } catch (err) {
      if (err instanceof WavError && err.field === '(file)') {
        this.log.debug({ prompt: name }, 'prompt not found');
      } else {
        this.log.error({ prompt: name, reason: (err as Error).message }, 'prompt unusable');
      }
      return undefined;
    }
  }
}
