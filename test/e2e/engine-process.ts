// Runs the real `hotline` executable as a child process for end-to-end
// tests: writes a config file, starts `hotline start --config`, waits for the
// "listening on" line to learn the (ephemeral) port, and offers fetch
// helpers, a clean stop (SIGTERM) and a kill -9.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HOTLINE = join(ROOT, 'engine', 'cli', 'hotline.js');

/** A running engine process. */
export interface EngineProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

/** A test config: loopback circuits with simulated phones, data in dataDir, port 0. */
export function testConfig(dataDir: string, extra = ''): string {
  return `engine:
  httpPort: 0
  dataDir: ${JSON.stringify(dataDir)}
  logLevel: info
  drainTimeoutMs: 2000
loopback:
  spans: 1
  channelsPerSpan: 30
  answerAfterMs: 100
  talkMs: 0
routing:
  extensions:
    - { number: "1001", class: local, device: { driver: loopback, span: 0, channel: 1 } }
    - { number: "1002", class: local, device: { driver: loopback, span: 0, channel: 2 } }
    - { number: "1003", class: local, device: { driver: loopback, span: 0, channel: 3 } }
    - { number: "1004", class: local, device: { driver: loopback, span: 0, channel: 4 } }
    - { number: "2001", class: local, device: { driver: loopback, span: 0, channel: 11 } }
    - { number: "2002", class: local, device: { driver: loopback, span: 0, channel: 12 } }
    - { number: "2003", class: local, device: { driver: loopback, span: 0, channel: 13 } }
    - { number: "2004", class: local, device: { driver: loopback, span: 0, channel: 14 } }
recording:
  default: always
  layout: stereo
${extra}`;
}

/** Writes `configText` to dir/hotline.yaml and starts the engine on it. */
export async function startEngine(dir: string, configText: string, env: Record<string, string> = {}): Promise<EngineProcess> {
  const configPath = join(dir, 'hotline.yaml');
  writeFileSync(configPath, configText);
  const child = spawn(process.execPath, [HOTLINE, 'start', '--config', configPath], {
    cwd: dir,
    env: { ...process.env, HOTLINE_HTTP_PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = (): void => {
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', check);
    void exited.then((code) => reject(new Error(`engine exited with ${code} before listening:\n${out}\n${err}`)));
  });
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(url + path, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  return {
    child,
    url,
    stdout: () => out,
    stderr: () => err,
    exited,
    api,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs the CLI once; returns its exit code and output. */
export function runCli(args: string[], env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [HOTLINE, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Polls until fn() is true (real time: these tests drive a real process). */
export async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
