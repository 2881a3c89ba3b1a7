#!/usr/bin/env node
// The `hotline` executable (package.json "bin"): registers tsx so Node can
// run the TypeScript sources directly, then runs the CLI entry point in this
// same process (signals reach it directly, exit codes are its own).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
