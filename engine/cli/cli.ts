// The `hotline` command line: `start` runs the engine in this process; every
// other command talks to a running engine over its HTTP API. `runCli` takes
// the arguments, the output and the environment, and returns the exit code
// (main.ts is the process entry; tests call runCli directly).
//
// `start` loads the configuration (--config FILE, or the built-in demo),
// applies HOTLINE_HTTP_PORT, logs JSON with pino on stderr, prints where to
// reach the engine on stdout, and runs until SIGINT or SIGTERM, which drain
// and stop it (a second signal stops at once). A bad configuration prints
// the ConfigError (file, key, expectation) and exits 2.

import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ConfigError } from '../core/contracts/index.ts';
import { DEMO_CONFIG_NAME, DEMO_CONFIG_YAML, demoConfig, loadConfigFile, type ConfigEnv, type HotlineConfig } from '../core/config/index.ts';
import { COMMAND_ARGS, COMMAND_OPTIONS, USAGE, parseArgs } from './args.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, calls, cdrs, drain, hangup, originate, record, reload, spans, status, type ClientContext, type Output } from './commands.ts';
import { startRuntime } from './runtime.ts';

const DEFAULT_URL = 'http://127.0.0.1:8080';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Environment variables the CLI reads. */
export interface CliEnv {
  HOTLINE_HTTP_PORT?: string | undefined;
  HOTLINE_URL?: string | undefined;
}

/** Output to the process's stdout and stderr. */
export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** How to run this CLI from the current folder (`npm link` puts `hotline` on the PATH instead). */
function cliPath(): string {
  const bin = fileURLToPath(new URL('./hotline.js', import.meta.url));
  const rel = relative(process.cwd(), bin);
  return rel.startsWith('..') || isAbsolute(rel) ? bin : `./${rel}`;
}

async function start(options: Map<string, string | true>, io: Output, cliEnv: CliEnv): Promise<number> {
  if (options.has('print-demo-config')) {
    io.out(DEMO_CONFIG_YAML.trimEnd());
    return EXIT_OK;
  }
  const env: ConfigEnv = { HOTLINE_HTTP_PORT: cliEnv.HOTLINE_HTTP_PORT };
  const path = options.get('config');
  let config: HotlineConfig;
  try {
    config = typeof path === 'string' ? loadConfigFile(path, { env }) : demoConfig({ env });
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`hotline: ${err.message}`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const logger = pino({ level: config.engine.logLevel, base: { app: 'hotline' } }, pino.destination(2));
  const v = version();
  let runtime;
  try {
    runtime = await startRuntime({
      config,
      configPath: typeof path === 'string' ? path : undefined,
      env,
      log: logger,
      setLogLevel: (level) => {
        logger.level = level;
      },
      version: v,
    });
  } catch (err) {
    io.err(`hotline: cannot start: ${(err as Error).message}`);
    return EXIT_FAILED;
  }
  banner(io, runtime.url, runtime.dataDir, typeof path === 'string' ? path : DEMO_CONFIG_NAME, v, runtime.recovered.length, config);
  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals): void => {
      signals++;
      if (signals === 1) io.out(`hotline: ${sig}: draining calls (up to ${config.engine.drainTimeoutMs / 1000} s; again to stop now)`);
      runtime.stop(signals > 1).then(resolve, (err: unknown) => {
        io.err(`hotline: stop failed: ${(err as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  logger.flush();
  io.out('hotline: stopped');
  return EXIT_OK;
}

function banner(io: Output, url: string, dataDir: string, configName: string, v: string, crashed: number, config: HotlineConfig): void {
  const ext = config.routing.extensions.map((e) => e.number);
  const lines = [
    `hotline ${v}: listening on ${url}`,
    `  config:  ${configName}`,
    `  data:    ${dataDir} (CDRs in hotline.sqlite, recordings/)`,
    `  health:  ${url}/health   metrics: ${url}/metrics   events: ws://${url.slice('http://'.length)}/api/events`,
  ];
  if (crashed > 0) lines.push(`  note:    ${crashed} call(s) left open by an unclean stop were closed as "crashed"`);
  if (ext.length >= 2) {
    const cli = cliPath();
    lines.push(`  try:     ${cli} originate ${ext[0]} ${ext[1]}    (rings ${ext[0]}, then connects it to ${ext[1]})`);
    lines.push(`           ${cli} calls   ${cli} cdrs   ${cli} status`);
  }
  lines.push('  stop:    Ctrl-C (drains calls first)');
  // One write, so a reader of stdout sees the whole banner at once.
  io.out(lines.join('\n'));
}

/** Runs one command line; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: Output = processOutput, env: CliEnv = process.env): Promise<number> {
  const parsed = parseArgs(argv);
  if ('error' in parsed) {
    io.err(`hotline: ${parsed.error}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { command, positional, options } = parsed;
  if (command === undefined || command === 'help' || options.has('help')) {
    (command === undefined && !options.has('help') ? io.err : io.out)(USAGE);
    return command === undefined && !options.has('help') ? EXIT_USAGE : EXIT_OK;
  }
  const accepted = COMMAND_OPTIONS[command];
  if (!accepted) {
    io.err(`hotline: unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return EXIT_USAGE;
  }
  for (const name of options.keys()) {
    if (!accepted.includes(name)) {
      io.err(`hotline ${command}: unknown option --${name}`);
      return EXIT_USAGE;
    }
  }
  const wanted = COMMAND_ARGS[command] ?? [];
  if (positional.length !== wanted.length) {
    io.err(`hotline ${command}: expected ${wanted.length ? wanted.join(' ') : 'no arguments'}, got ${positional.length ? positional.join(' ') : 'none'}`);
    return EXIT_USAGE;
  }
  if (command === 'start') return start(options, io, env);
  const url = String(options.get('url') ?? env.HOTLINE_URL ?? DEFAULT_URL);
  try {
    new URL(url);
  } catch {
    io.err(`hotline: --url ${JSON.stringify(url)} is not a URL`);
    return EXIT_USAGE;
  }
  const ctx: ClientContext = { url, json: options.has('json'), io };
  const [a = '', b = ''] = positional;
  switch (command) {
    case 'status':
      return status(ctx);
    case 'calls':
      return calls(ctx);
    case 'originate':
      return originate(ctx, a, b);
    case 'hangup':
      return hangup(ctx, a);
    case 'record':
      return record(ctx, a, b);
    case 'spans':
      return spans(ctx);
    case 'cdrs': {
      const limit = options.get('limit');
      const number = options.get('number');
      return cdrs(ctx, { ...(typeof limit === 'string' ? { limit } : {}), ...(typeof number === 'string' ? { number } : {}) });
    }
    case 'drain':
      return drain(ctx);
    case 'reload':
      return reload(ctx);
    default:
      io.err(`hotline: unknown command ${JSON.stringify(command)}`);
      return EXIT_USAGE;
  }
}

