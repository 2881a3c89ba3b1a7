// Test helpers for board tests: open boards with short configs, step pairs
// of freewheel boards in turn, temporary socket paths, seeded PRNG.
//
// Not a mock: every helper drives the real addon.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBoard, validateBoards, type Board, type Span } from '../../../drivers/board/index.ts';
import { silentLog } from '../../../engine/core/contracts/index.ts';

/** Opens one board from a loose config (validated like the engine does). */
export function open(config: unknown): Board {
  const [c] = validateBoards([config], 'boards', { file: 'test' });
  if (!c) throw new Error('no board');
  return openBoard(c, { log: silentLog });
}

let counter = 0;
/** A fresh socket path in a private temp folder. */
export function socketPath(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-board-'));
  counter += 1;
  return join(dir, `${name}-${counter}.sock`);
}

/** Steps each board one tick in turn, n times (freewheel pairs in one thread). */
export function stepAll(boards: readonly Board[], n: number): void {
  for (let i = 0; i < n; i++) for (const b of boards) b.step(1);
}

/** Steps until pred() holds or maxTicks passes; returns the passes used. */
export function stepUntil(boards: readonly Board[], pred: () => boolean, maxTicks: number): number {
  for (let i = 0; i < maxTicks; i++) {
    if (pred()) return i;
    for (const b of boards) b.step(1);
  }
  if (pred()) return maxTicks;
  throw new Error(`condition not met in ${maxTicks} ticks`);
}

export type E1Framing = 'cas' | 'ccs';

/** Two freewheel boards a (master) and b (slave), one E1 span each, joined in-process. */
export function inProcessPair(framing: E1Framing, id: string): { a: Board; b: Board; sa: Span; sb: Span } {
  const a = open({ id: `${id}A`, kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing, clock: 'master', cable: { peer: `${id}B/1` } }] });
  const b = open({ id: `${id}B`, kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing, clock: 'slave', cable: { peer: `${id}A/1` } }] });
  a.start();
  b.start();
  return { a, b, sa: a.spans[0]!, sb: b.spans[0]! };
}

/** Two freewheel boards joined by a socket: a listens and is master, b connects and is slave. */
export function socketPair(framing: E1Framing, id: string): { a: Board; b: Board; sa: Span; sb: Span; path: string } {
  const path = socketPath(id);
  const a = open({ id: `${id}A`, kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing, clock: 'master', cable: { socket: path, role: 'listen' } }] });
  const b = open({ id: `${id}B`, kind: 'sim', pace: 'freewheel', spans: [{ kind: 'e1', framing, clock: 'slave', cable: { socket: path, role: 'connect' } }] });
  a.start();
  b.start();
  return { a, b, sa: a.spans[0]!, sb: b.spans[0]!, path };
}

/** Seeded PRNG for reproducible random frames (the shared test one). */
export { prng } from '../../support/signals.ts';

/** A random frame of 3..279 octets, rich in 0x7E and 0xFF (flag and abort look-alikes). */
export function randomFrame(rand: () => number): Uint8Array {
  const n = 3 + Math.floor(rand() * 277);
  const f = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    f[i] = r < 0.2 ? 0x7e : r < 0.4 ? 0xff : Math.floor(rand() * 256);
  }
  return f;
}

export function hex(a: Uint8Array): string {
  return Buffer.from(a).toString('hex');
}
