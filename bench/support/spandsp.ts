// Runs the same workloads through spandsp, the C DSP library Asterisk and
// FreeSWITCH use, for the `ratioVsSpandsp` figures.
//
// Each kernel has a small C harness of ours in bench/dsp/spandsp/<kernel>.c,
// compiled here at bench time with the system compiler (-O2) against
// Debian's libspandsp-dev. A harness prints one JSON object on stdout:
// {"channelsPerCore": N} (it measures with CLOCK_MONOTONIC over a fixed
// amount of audio, the median of several runs, as measure.ts takes the median). Without spandsp the figures are
// simply not printed.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** True when spandsp's header is installed. */
export function haveSpandsp(): boolean {
  // Debian puts spandsp.h under the multiarch include directory, so ask the
  // compiler rather than test one path.
  const r = spawnSync('cc', ['-E', '-x', 'c', '-o', '/dev/null', '-'], { input: '#include <spandsp.h>\n', stdio: ['pipe', 'ignore', 'ignore'] });
  return r.status === 0;
}

/** Compiles bench/dsp/spandsp/<name>.c; returns the binary path or null with the reason on stderr. */
export function buildHarness(name: string): string | null {
  if (!haveSpandsp()) return null;
  const src = join(root, 'bench', 'dsp', 'spandsp', `${name}.c`);
  const outDir = join(root, 'build', 'bench');
  mkdirSync(outDir, { recursive: true });
  const bin = join(outDir, `spandsp-${name}`);
  const r = spawnSync('cc', ['-O2', '-o', bin, src, '-lspandsp', '-ltiff', '-lm'], { encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`bench: spandsp harness ${name} did not build:\n${r.stderr}\n`);
    return null;
  }
  return bin;
}

/** Runs a harness and returns its channels per core, or null on failure. */
export function runHarness(bin: string, args: string[] = []): number | null {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    process.stderr.write(`bench: ${bin} failed: ${r.stderr}\n`);
    return null;
  }
  try {
    const v = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { channelsPerCore?: unknown };
    return typeof v.channelsPerCore === 'number' ? v.channelsPerCore : null;
  } catch {
    return null;
  }
}
