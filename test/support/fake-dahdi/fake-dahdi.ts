// Runs code against the fake DAHDI device (fake-dahdi.c) in a child node
// process, and reads back every call the driver made.
//
// What it does: `buildFakeDahdi()` compiles fake-dahdi.c with cc into
// build/fake-dahdi/ (only when the library is older than its source);
// `runWithFakeDahdi(module, scenario)` starts `node --import tsx module` with
// the library in LD_PRELOAD, a private device path and call log, and the
// scenario name in HOTLINE_FAKE_DAHDI_SCENARIO; the module runs the real
// addon, prints one JSON line with its observations and exits. The parent
// gets that result and the parsed call log. `fakeDahdiControl()` is for the
// child: it writes control commands to the fake (see fake-dahdi.c).
//
// How: LD_PRELOAD must be set before a process starts, so the addon under
// test always runs in a child; nothing of the addon is mocked, the fake sits
// below libc's open/ioctl/read/write/poll/close.
//
// Limits: Linux with cc and <dahdi/user.h>; an existing LD_PRELOAD (a
// sanitizer runtime in CI) is kept in front of the fake.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SOURCE = fileURLToPath(new URL('./fake-dahdi.c', import.meta.url));
const LIB = join(ROOT, 'build', 'fake-dahdi', 'libfake-dahdi.so');

/** The environment variable that tells a child module which scenario to run. */
export const SCENARIO_ENV = 'HOTLINE_FAKE_DAHDI_SCENARIO';

/** One recorded call on a fake fd (fields per op, see fake-dahdi.c). */
export interface FakeCall {
  op: 'open' | 'ioctl' | 'read' | 'write' | 'close' | 'ctl';
  fd?: number;
  chan?: number;
  path?: string;
  flags?: number;
  req?: string;
  reqNum?: number;
  arg?: number;
  ret?: number;
  errno?: number;
  len?: number;
  hex?: string;
  line?: string;
}

export type FakeBuild = { ok: true; lib: string } | { ok: false; reason: string };

let built: FakeBuild | undefined;

/** Compiles the fake device library if needed (cached per process). */
export function buildFakeDahdi(): FakeBuild {
  if (built) return built;
  if (!existsSync('/usr/include/dahdi/user.h')) {
    built = { ok: false, reason: 'the DAHDI user header <dahdi/user.h> is missing (Debian package dahdi-source)' };
    return built;
  }
  mkdirSync(join(ROOT, 'build', 'fake-dahdi'), { recursive: true });
  if (!existsSync(LIB) || statSync(LIB).mtimeMs < statSync(SOURCE).mtimeMs) {
    const r = spawnSync('cc', ['-shared', '-fPIC', '-O1', '-Wall', '-Wextra', '-o', LIB, SOURCE, '-ldl', '-lpthread'], {
      encoding: 'utf8',
    });
    if (r.error || r.status !== 0) {
      built = { ok: false, reason: `cc failed to build fake-dahdi: ${r.error?.message ?? r.stderr}` };
      return built;
    }
  }
  built = { ok: true, lib: LIB };
  return built;
}

/** node:test `skip` value: false when the fake can be built; a message otherwise (an error under CI). */
export function skipUnlessFakeDahdi(): false | string {
  const b = buildFakeDahdi();
  if (b.ok) return false;
  const message = `fake DAHDI device: ${b.reason}; suite skipped`;
  if (process.env['CI']) throw new Error(`${message}; CI is set, so this is a failure`);
  console.log(`# SKIP ${message}`);
  return message;
}

/** What a child run produced. */
export interface FakeRun<T> {
  /** The child's JSON result (its last stdout line). */
  result: T;
  /** Every call the child made on the fake device, in order. */
  calls: FakeCall[];
  /** The device path the child was given. */
  devicePath: string;
  code: number | null;
  stderr: string;
}

/** Options of a child run. */
export interface FakeRunOptions {
  /** `instant`: a block is always ready (deterministic); `realtime`: one block per block time. */
  pace?: 'instant' | 'realtime';
  /** Wall-time limit of the child; it is killed after this. */
  timeoutMs?: number;
}

/**
 * Runs `scenario` of `module` (a path) in a child node with the fake device
 * preloaded. Rejects when the child prints no JSON result.
 */
export async function runWithFakeDahdi<T>(module: string, scenario: string, opts: FakeRunOptions = {}): Promise<FakeRun<T>> {
  const b = buildFakeDahdi();
  if (!b.ok) throw new Error(b.reason);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-fake-dahdi-'));
  // The directory of the device path does not exist: only the fake knows it.
  const devicePath = join(dir, 'dev', 'dahdi', 'channel');
  const log = join(dir, 'calls.jsonl');
  const preload = [process.env['LD_PRELOAD'], b.lib].filter((p) => p).join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The child is a plain module run, not a test-runner subprocess.
  delete env['NODE_TEST_CONTEXT'];
  const child = spawn(process.execPath, ['--import', 'tsx', module], {
    cwd: ROOT,
    env: {
      ...env,
      LD_PRELOAD: preload,
      FAKE_DAHDI_PATH: devicePath,
      FAKE_DAHDI_LOG: log,
      FAKE_DAHDI_PACE: opts.pace ?? 'instant',
      [SCENARIO_ENV]: scenario,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l)
        .map((l) => JSON.parse(l) as FakeCall)
    : [];
  rmSync(dir, { recursive: true, force: true });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let result: T;
  try {
    result = JSON.parse(last) as T;
  } catch {
    throw new Error(`fake-dahdi child ${scenario} printed no result (exit ${code}); stderr: ${stderr.slice(-2000)}`);
  }
  return { result, calls, devicePath, code, stderr };
}

/** In the child: the fake's device path (FAKE_DAHDI_PATH). */
export function fakeDevicePath(): string {
  const p = process.env['FAKE_DAHDI_PATH'];
  if (!p) throw new Error('not running under runWithFakeDahdi (FAKE_DAHDI_PATH unset)');
  return p;
}

/** In the child: sends control commands to the fake (one per line, see fake-dahdi.c). */
export function fakeDahdiControl(...commands: string[]): void {
  const fd = openSync(`${fakeDevicePath()}.ctl`, 'w');
  try {
    writeSync(fd, `${commands.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

/** Hex of bytes, as the fake logs data. */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
