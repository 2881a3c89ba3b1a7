// Decides whether a suite that needs a system tool can run.
// Without the tool the suite is skipped with a visible message; when the CI
// environment variable is set a missing tool is a failure instead, because
// .ci/run installs every tool the tests need.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Returns true when `command` (a name on PATH or a path) exists. */
export function haveTool(command: string): boolean {
  if (command.includes('/')) return existsSync(command);
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Result for node:test's `skip` option: false when the tool is there,
 * a message when it is missing (outside CI). Throws in CI.
 */
export function skipUnless(command: string, what: string): false | string {
  if (haveTool(command)) return false;
  const message = `${what}: ${command} not found, suite skipped (install it, or run .ci/run)`;
  if (process.env['CI']) throw new Error(`${message}; CI is set, so this is a failure`);
  console.log(`# SKIP ${message}`);
  return message;
}
