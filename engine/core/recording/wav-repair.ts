// Start-up repair of recordings cut off by a crash.
//
// What it does: for every .wav file under the recordings folder, compares
// the RIFF and data sizes in the header with what the file really holds and,
// if they disagree (the recorder patches them once per second, so a killed
// process leaves them up to a second behind), rewrites them from the file's
// length; a trailing partial sample frame is cut off. A file that is already
// consistent is not written to.
//
// Limits: only files whose data chunk is the last chunk (what the recorder
// writes); files too short to hold a header, or not WAVE, are reported and
// left alone.

import { closeSync, fstatSync, ftruncateSync, openSync, readSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../contracts/index.ts';
import { parseWav } from './wav-format.ts';

const HEADER_PROBE_BYTES = 4096;

/** What the repair pass did to one file. */
export interface RepairResult {
  path: string;
  /** `repaired`: sizes rewritten; `ok`: already right; `skipped`: not a repairable WAVE (reason given). */
  outcome: 'repaired' | 'ok' | 'skipped';
  dataBytes: number;
  reason?: string;
}

/** Checks one file and fixes its header sizes from its length. Never throws. */
export function repairWavFile(path: string): RepairResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r+');
    const total = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(HEADER_PROBE_BYTES, total));
    readSync(fd, head, 0, head.length, 0);
    const layout = parseWav(path, head, total);
    const align = Math.max(1, layout.format.blockAlign);
    const dataBytes = Math.floor((total - layout.dataOffset) / align) * align;
    const riffBytes = layout.dataOffset - 8 + dataBytes;
    const riffDeclared = head.readUInt32LE(4);
    if (layout.declaredDataBytes === dataBytes && riffDeclared === riffBytes && total === layout.dataOffset + dataBytes) {
      return { path, outcome: 'ok', dataBytes };
    }
    if (total !== layout.dataOffset + dataBytes) ftruncateSync(fd, layout.dataOffset + dataBytes);
    const sizes = Buffer.alloc(4);
    sizes.writeUInt32LE(riffBytes, 0);
    writeSync(fd, sizes, 0, 4, 4);
    sizes.writeUInt32LE(dataBytes, 0);
    writeSync(fd, sizes, 0, 4, layout.dataSizeOffset);
    return { path, outcome: 'repaired', dataBytes };
  } catch (err) {
    return { path, outcome: 'skipped', dataBytes: 0, reason: (err as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Repairs every .wav under dir (recursively); logs what it did. A missing folder is nothing to repair. */
export function repairRecordings(dir: string, log: Log): RepairResult[] {
  const results: RepairResult[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.wav')) results.push(repairWavFile(p));
    }
  };
  walk(dir);
  for (const r of results) {
    if (r.outcome === 'repaired') log.warn({ path: r.path, dataBytes: r.dataBytes }, 'truncated recording repaired');
    else if (r.outcome === 'skipped') log.warn({ path: r.path, reason: r.reason }, 'recording not repairable');
  }
  return results;
}
