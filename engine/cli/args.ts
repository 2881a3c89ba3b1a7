// Command-line parsing for `hotline`: the command, its positional
// arguments, and `--name value` / `--name=value` / `--flag` options, checked
// against what each command accepts so a typo is an error, not ignored.

/** A parsed command line. */
export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  options: Map<string, string | true>;
}

/** Options that take a value; every other `--x` is a flag. */
const VALUED = new Set(['config', 'url', 'limit', 'number']);

/** Splits argv (without node and the script). Returns an error message for a malformed line. */
export function parseArgs(argv: readonly string[]): ParsedArgs | { error: string } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '-h') {
      options.set('help', true);
      continue;
    }
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (VALUED.has(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return { error: `option --${name} needs a value` };
      options.set(name, value);
    } else {
      if (eq >= 0) return { error: `option --${name} takes no value` };
      options.set(name, true);
    }
  }
  return { command: positional.shift(), positional, options };
}

/** The options a command accepts (besides --help). */
export const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  start: ['config', 'print-demo-config'],
  status: ['url', 'json'],
  calls: ['url', 'json'],
  originate: ['url', 'json'],
  hangup: ['url', 'json'],
  record: ['url', 'json'],
  spans: ['url', 'json'],
  cdrs: ['url', 'json', 'limit', 'number'],
  drain: ['url', 'json'],
  reload: ['url', 'json'],
  help: [],
};

/** Positional argument names per command. */
export const COMMAND_ARGS: Record<string, readonly string[]> = {
  originate: ['FROM', 'TO'],
  hangup: ['ID'],
  record: ['ID', 'on|off'],
};

export const USAGE = `usage: hotline <command> [options]

  start [--config FILE]     run the engine (default: the built-in demo config)
  start --print-demo-config print the demo config (a starting point for your own file)
  status                    engine health: version, uptime, spans, active calls
  calls                     active calls
  originate FROM TO         ring extension FROM, then connect it to TO
  hangup ID                 hang up a call
  record ID on|off          start or stop recording a connected call (on demand)
  spans                     spans and their alarms
  cdrs [--limit N] [--number NUM]   recent call detail records
  drain                     stop taking new calls (existing calls finish)
  reload                    re-read and apply the config file

  client commands talk to a running engine: --url URL or HOTLINE_URL
  (default http://127.0.0.1:8080); --json prints the raw answer.
  exit codes: 0 ok, 1 engine unreachable or request refused, 2 usage or bad config.`;
