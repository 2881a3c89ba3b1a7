// Builds and runs the native unit tests of drivers/native/src/core (pure
// C++, no Node-API): drivers/native/test/core-test.cc with g++, once, into a
// temp folder. Set HOTLINE_SANITIZE=1 to build it with ASan/UBSan.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipUnless } from '../../support/require-tool.ts';

const native = fileURLToPath(new URL('../../../drivers/native/', import.meta.url));

test('core C++ unit tests (CRC-16/X.25, HDLC, E1 alignment, CAS multiframe and debounce, realtime tick schedule) pass', { skip: skipUnless('g++', 'native core tests') }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'hotline-core-')), 'core-test');
  const sanitize = process.env['HOTLINE_SANITIZE'] === '1' ? ['-fsanitize=address,undefined', '-fno-omit-frame-pointer'] : [];
  const sources = ['test/core-test.cc', 'src/core/hdlc.cc', 'src/core/e1-framer.cc', 'src/core/cas.cc', 'src/core/analog-line.cc'].map((s) => join(native, s));
  const build = spawnSync('g++', ['-std=c++17', '-O1', '-Wall', '-Wextra', '-Werror', ...sanitize, '-I', join(native, 'src'), ...sources, '-o', out], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const run = spawnSync(out, [], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1' } });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /checks passed/);
});
