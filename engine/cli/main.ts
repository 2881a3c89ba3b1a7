// Process entry of the `hotline` command (see cli.ts): runs the command line
// and exits with its code. Client commands exit at once; `start` returns
// only after the engine has stopped.

import { EXIT_FAILED } from './commands.ts';
import { processOutput, runCli } from './cli.ts';

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    processOutput.err(`hotline: ${(err as Error).stack ?? String(err)}`);
    process.exit(EXIT_FAILED);
  },
);
