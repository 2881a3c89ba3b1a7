// Loads the configuration file: reads it, parses YAML (JSON is YAML too),
// decodes every key (schema.ts), checks references (validate.ts) and applies
// environment overrides (HOTLINE_HTTP_PORT).
//
// Every failure is a ConfigError naming the file, the key and what was
// expected; a syntax error names the line and column as its key. The file
// name in messages is the path as the caller gave it (what the user typed).
//
// Limits: one document per file; YAML anchors and merges work as the yaml
// package implements them; duplicate keys are errors.

import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError } from '../contracts/index.ts';
import { hotlineConfig, type HotlineConfig } from './schema.ts';
import { checkReferences } from './validate.ts';

/** Environment variables the loader reads. */
export interface ConfigEnv {
  HOTLINE_HTTP_PORT?: string | undefined;
}

/** Options of parseConfig/loadConfigFile. */
export interface LoadOptions {
  /** Environment overrides (default: none; the CLI passes process.env). */
  env?: ConfigEnv;
}

/** A validated configuration and the parsed document it came from. */
export interface LoadedConfig {
  config: HotlineConfig;
  /** The parsed file (sections handed raw to validators that re-check on reload). */
  data: unknown;
}

/** Parses and validates configuration text; `file` names it in errors. */
export function parseConfig(file: string, text: string, options: LoadOptions = {}): HotlineConfig {
  return parseConfigSource(file, text, options).config;
}

/** As parseConfig, also returning the parsed document. */
export function parseConfigSource(file: string, text: string, options: LoadOptions = {}): LoadedConfig {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : '(syntax)';
    throw new ConfigError(file, where, 'valid YAML or JSON', problem.message.split('\n')[0] ?? problem.code);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  return { config: decodeConfig(file, data, options), data };
}

/** Validates an already parsed configuration object. */
export function decodeConfig(file: string, data: unknown, options: LoadOptions = {}): HotlineConfig {
  const config = hotlineConfig()(data, '', { file });
  checkReferences(file, config);
  return applyEnv(config, options.env ?? {});
}

/** Reads, parses and validates a configuration file. */
export function loadConfigFile(path: string, options: LoadOptions = {}): HotlineConfig {
  return loadConfigSource(path, options).config;
}

/** As loadConfigFile, also returning the parsed document. */
export function loadConfigSource(path: string, options: LoadOptions = {}): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(path, '(file)', 'a readable file', code);
  }
  return parseConfigSource(path, text, options);
}

function applyEnv(config: HotlineConfig, env: ConfigEnv): HotlineConfig {
  const port = env.HOTLINE_HTTP_PORT;
  if (port === undefined || port === '') return config;
  const n = Number(port);
  if (!/^[0-9]{1,5}$/.test(port) || n > 65535) throw new ConfigError('environment', 'HOTLINE_HTTP_PORT', 'an integer from 0 to 65535', port);
  return { ...config, engine: { ...config.engine, httpPort: n } };
}
