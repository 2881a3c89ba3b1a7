// Builds and runs the independent sim-line peers (r2peer, ss7peer, faxpeer).
//
// What it does: the peers are C programs written from specs/sim-line.md alone
// with libopenr2, libss7 and spandsp (see the peers' README). Their sources
// live outside this repository (`../shared/peers` beside the checkout, or
// HOTLINE_PEERS_DIR) and may be read-only, so `buildPeers()` copies them into
// `build/peers/` (keeping modification times) and runs `make` there; make
// rebuilds only what is older than its sources. `spawnPeer()` starts one peer
// with options and collects its JSON-lines events from stdout.
//
// How: every stdout line of a peer is one JSON object with `t` (ms since the
// peer started) and `event`; `waitFor()` resolves when a matching event has
// been seen. Test support (not protocol code), so waiting uses real timers.
//
// Limits: the peers pace themselves on the wall clock (openr2, libss7 and
// spandsp timers), so tests using them run in realtime and must be short.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD_DIR = join(ROOT, 'build', 'peers');

/** The programs the peers' Makefile builds. */
export type PeerName = 'r2peer' | 'ss7peer' | 'faxpeer';

/** One JSON-lines event of a peer. */
export interface PeerEvent {
  t: number;
  event: string;
  [field: string]: unknown;
}

/** Where the peers' sources are: HOTLINE_PEERS_DIR, else `../shared/peers` beside the checkout. */
export function peersSourceDir(): string {
  return process.env['HOTLINE_PEERS_DIR'] ?? join(ROOT, '..', 'shared', 'peers');
}

/** Outcome of a build: where the binaries are, or why there are none. */
export type PeersBuild = { ok: true; dir: string } | { ok: false; reason: string };

let cached: PeersBuild | undefined;

/**
 * Copies the peers' sources into build/peers (only files newer than the copy)
 * and runs make there. Cached per process: the first caller pays.
 */
export function buildPeers(): PeersBuild {
  if (cached) return cached;
  cached = buildOnce();
  return cached;
}

function buildOnce(): PeersBuild {
  const src = peersSourceDir();
  if (!existsSync(join(src, 'Makefile'))) return { ok: false, reason: `no peers sources at ${src}` };
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const name of readdirSync(src)) {
    const from = join(src, name);
    const st = statSync(from);
    if (!st.isFile()) continue;
    const to = join(BUILD_DIR, name);
    if (existsSync(to) && statSync(to).mtimeMs >= st.mtimeMs) continue;
    copyFileSync(from, to);
    // Keep the source's time so make compares against the real edit time.
    utimesSync(to, st.atime, st.mtime);
  }
  const r = spawnSync('make', ['-s', '-C', BUILD_DIR, 'build/r2peer', 'build/ss7peer', 'build/faxpeer'], {
    encoding: 'utf8',
  });
  if (r.error) return { ok: false, reason: `make could not run: ${r.error.message}` };
  if (r.status !== 0) {
    const tail = `${r.stderr}`.trim().split('\n').slice(-3).join(' | ');
    return { ok: false, reason: `peers build failed (libopenr2/libss7/libspandsp/libtiff dev packages?): ${tail}` };
  }
  return { ok: true, dir: join(BUILD_DIR, 'build') };
}

/**
 * Result for node:test's `skip` option: false when the peers built, else a
 * message (printed). Under CI a failed build is an error, because .ci/run
 * installs the libraries the peers need.
 */
export function skipUnlessPeers(): false | string {
  const b = buildPeers();
  if (b.ok) return false;
  const message = `sim-line peers: ${b.reason}; suite skipped`;
  if (process.env['CI']) throw new Error(`${message}; CI is set, so this is a failure`);
  console.log(`# SKIP ${message}`);
  return message;
}

/** Options of one peer run. */
export interface PeerOptions {
  /** Cable socket path (Unix SOCK_SEQPACKET). */
  socket: string;
  /** Which end binds the path. */
  listen: boolean;
  /** Clock role of the peer (the board takes the other). */
  master: boolean;
  /** Frames per tick (8 = 1 ms, the spec's default). */
  frames?: number;
  /** The peer gives up after this many seconds (exit 3). */
  timeoutS?: number;
  /** Peer-specific options, passed as they are. */
  args?: string[];
}

/** A running peer: its events so far and helpers to wait on them. */
export class Peer {
  readonly events: PeerEvent[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly name: PeerName, bin: string, argv: string[]) {
    this.child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = createInterface({ input: this.child.stdout! });
    out.on('line', (line) => {
      const ev = parseEvent(line);
      if (ev) this.events.push(ev);
      for (const w of this.waiters.splice(0)) w();
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => this.stderr.push(line));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        for (const w of this.waiters.splice(0)) w();
        resolve(code);
      });
    });
  }

  /** Events named `event`, in order. */
  named(event: string): PeerEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  /**
   * Resolves with the first event that matches (already seen or later);
   * rejects after `timeoutMs` of wall time, or when the peer exits first.
   */
  waitFor(match: (e: PeerEvent) => boolean, timeoutMs: number, what = 'event'): Promise<PeerEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms; events: ${this.summary()}`));
      }, timeoutMs);
      const check = (): void => {
        const hit = this.events.find(match);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          clearTimeout(timer);
          reject(new Error(`${this.name}: exited before ${what}; events: ${this.summary()}`));
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  /** Stops the peer (SIGTERM) and waits for it. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  /** Short rendering of the events so far, for failure messages. */
  summary(): string {
    const tail = this.stderr.slice(-3).join(' | ');
    return `${this.events.map((e) => JSON.stringify(e)).join(' ')}${tail ? ` stderr: ${tail}` : ''}`;
  }
}

function parseEvent(line: string): PeerEvent | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o['event'] !== 'string' || typeof o['t'] !== 'number') return undefined;
  return o as PeerEvent;
}

/** Starts a built peer with the common options (see the peers' README) plus `args`. */
export function spawnPeer(name: PeerName, opts: PeerOptions): Peer {
  const b = buildPeers();
  if (!b.ok) throw new Error(`sim-line peers unavailable: ${b.reason}`);
  const argv = [
    '--socket',
    opts.socket,
    opts.listen ? '--listen' : '--connect',
    opts.master ? '--master' : '--slave',
    '--frames',
    String(opts.frames ?? 8),
  ];
  if (opts.timeoutS !== undefined) argv.push('--timeout', String(opts.timeoutS));
  argv.push(...(opts.args ?? []));
  return new Peer(name, join(b.dir, name), argv);
}

/** Writes faxpeer's one-page test TIFF (1728 wide, G3) to `file`; throws if faxpeer fails. */
export function makeFaxPage(file: string): void {
  const b = buildPeers();
  if (!b.ok) throw new Error(`sim-line peers unavailable: ${b.reason}`);
  const r = spawnSync(join(b.dir, 'faxpeer'), ['--make-tiff', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`faxpeer --make-tiff failed (${r.status}): ${r.stderr}`);
}
