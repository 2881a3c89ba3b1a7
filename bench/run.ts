// Benchmark runner: `npm run bench -- <suite> [--json]`.
//
// A suite is a folder bench/<suite>/; every `*.bench.ts` in it default-
// exports an async function that receives a BenchContext. Without --json the
// runner prints one table of every figure; with --json it prints one
// `{"suite","figure","value","unit"}` object per line and nothing else on
// stdout. Figures are medians and ratios measured in the same run; no test
// asserts on them.

import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchContext, BenchFile, Figure } from './support/context.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const names = args.filter((a) => !a.startsWith('--'));
const suites = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'support')
  .map((d) => d.name)
  .sort();

if (names.length === 0) {
  process.stderr.write(`usage: npm run bench -- <suite> [--json]   suites: ${suites.join(', ')}\n`);
  process.exit(2);
}

const figures: Figure[] = [];
for (const suite of names) {
  const dir = join(here, suite);
  if (!existsSync(dir) || suite === 'support') {
    process.stderr.write(`bench: no suite ${JSON.stringify(suite)} (suites: ${suites.join(', ')})\n`);
    process.exit(2);
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
  for (const file of files) {
    const ctx: BenchContext = {
      suite,
      json,
      quick: process.env['HOTLINE_BENCH_QUICK'] === '1',
      report(figure, value, unit) {
        const f = { suite, figure, value: Number.isFinite(value) ? Number(value.toPrecision(6)) : value, unit };
        figures.push(f);
        if (json) process.stdout.write(JSON.stringify(f) + '\n');
      },
      note(message) {
        process.stderr.write(`bench ${suite}/${file}: ${message}\n`);
      },
    };
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: BenchFile };
    await mod.default(ctx);
  }
}

if (!json) {
  const w = Math.max(6, ...figures.map((f) => f.suite.length + f.figure.length + 1));
  console.log(`${'figure'.padEnd(w)}  ${'value'.padStart(14)}  unit`);
  for (const f of figures) console.log(`${`${f.suite}.${f.figure}`.padEnd(w)}  ${String(f.value).padStart(14)}  ${f.unit}`);
}
