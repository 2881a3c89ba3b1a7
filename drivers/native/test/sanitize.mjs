// Builds the native addon with AddressSanitizer and UndefinedBehaviorSanitizer
// into drivers/native/build/asan/ (the normal build is untouched) and runs
// the driver tests against it with the ASan runtime preloaded.
//
// Usage (CI or by hand): node drivers/native/test/sanitize.mjs [test-filter ...]
// Default filter: test/drivers. Exit status: the test run's.
//
// How: copies binding.gyp and src/ into the asan folder, runs node-gyp there
// with HOTLINE_SANITIZE=1 (binding.gyp adds -fsanitize=address,undefined),
// then runs test/run.mjs with LD_PRELOAD=<gcc's libasan.so>,
// HOTLINE_NATIVE_ADDON pointing at the sanitized .node, and ASAN_OPTIONS /
// UBSAN_OPTIONS that fail on the first report. Leak detection is off: node
// itself does not free everything at exit.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const native = fileURLToPath(new URL('..', import.meta.url));
const root = join(native, '..', '..');
const asan = join(native, 'build', 'asan');

rmSync(asan, { recursive: true, force: true });
mkdirSync(asan, { recursive: true });
cpSync(join(native, 'binding.gyp'), join(asan, 'binding.gyp'));
cpSync(join(native, 'src'), join(asan, 'src'), { recursive: true });

// Same Node headers as the normal build (node-gyp's own choice, or the
// system's when npm_config_nodedir says so, as on machines without network).
const gyp = join(root, 'node_modules', '.bin', 'node-gyp');
const nodedir = process.env['npm_config_nodedir'] ?? nodeDirOfNormalBuild();
const build = spawnSync(gyp, ['rebuild', '-j', '2', ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { cwd: asan, stdio: 'inherit', env: { ...process.env, HOTLINE_SANITIZE: '1' } });
if (build.status !== 0) process.exit(build.status ?? 1);

const lib = spawnSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
const filters = process.argv.slice(2);
const run = spawnSync(process.execPath, [join(root, 'test', 'run.mjs'), ...(filters.length ? filters : ['test/drivers'])], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    LD_PRELOAD: lib,
    HOTLINE_NATIVE_ADDON: join(asan, 'build', 'Release', 'hotline_native.node'),
    ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=1:halt_on_error=1',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
  },
});
process.exit(run.status ?? 1);

function nodeDirOfNormalBuild() {
  const config = join(native, 'build', 'config.gypi');
  if (!existsSync(config)) return undefined;
  const m = /"nodedir": "([^"]+)"/.exec(readFileSync(config, 'utf8'));
  return m ? m[1] : undefined;
}
