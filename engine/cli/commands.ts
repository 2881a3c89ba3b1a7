// The CLI's client commands: each turns an API answer into lines for a
// person (or, with --json, the raw answer) and an exit code.
//
// Exit codes: 0 done; 1 the engine is unreachable or refused the request;
// 2 the command line was wrong (usage) or the configuration is invalid.

import { request, type ApiAnswer } from './api-client.ts';

/** Where output goes (tests capture it). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** What every client command receives. */
export interface ClientContext {
  url: string;
  json: boolean;
  io: Output;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function finish(ctx: ClientContext, a: ApiAnswer, render: (body: Record<string, unknown>) => string[]): number {
  if (a.kind === 'unreachable') {
    ctx.io.err(`hotline: ${a.message}`);
    return EXIT_FAILED;
  }
  if (a.kind === 'refused') {
    ctx.io.err(`hotline: ${a.code}: ${a.message}`);
    return EXIT_FAILED;
  }
  if (ctx.json) ctx.io.out(JSON.stringify(a.body ?? null));
  else for (const line of render((a.body ?? {}) as Record<string, unknown>)) ctx.io.out(line);
  return EXIT_OK;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

const seconds = (ms: unknown): string => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)}s` : '-');
const text = (v: unknown): string => (v === null || v === undefined ? '-' : String(v));

interface SpanRow {
  name: string;
  kind: string;
  driver?: string;
  alarms: string[];
  channels: number;
  busy: number;
}

function spanLines(spans: SpanRow[]): string[] {
  if (spans.length === 0) return ['no spans'];
  return table([['SPAN', 'KIND', 'DRIVER', 'ALARMS', 'BUSY'], ...spans.map((s) => [s.name, s.kind, s.driver ?? '-', s.alarms.length ? s.alarms.join(',') : 'none', `${s.busy}/${s.channels}`])]);
}

/** hotline status */
export async function status(ctx: ClientContext): Promise<number> {
  return finish(ctx, await request(ctx.url, 'GET', '/health'), (b) => [
    `hotline ${text(b['version'])}: ${text(b['status'])}, up ${seconds(b['uptimeMs'])}, ${text(b['activeCalls'])} active call(s)${b['draining'] ? ', draining' : ''}`,
    ...spanLines((b['spans'] ?? []) as SpanRow[]),
  ]);
}

/** hotline calls */
export async function calls(ctx: ClientContext): Promise<number> {
  return finish(ctx, await request(ctx.url, 'GET', '/api/calls'), (b) => {
    const list = (b['calls'] ?? []) as { callId: string; state: string; ani: string | null; dnis: string; route: string | null; legs: unknown[] }[];
    if (list.length === 0) return ['no active calls'];
    return table([['CALL', 'STATE', 'FROM', 'TO', 'ROUTE', 'LEGS'], ...list.map((c) => [c.callId, c.state, text(c.ani), c.dnis, text(c.route), String(c.legs.length)])]);
  });
}

/** hotline originate FROM TO */
export async function originate(ctx: ClientContext, from: string, to: string): Promise<number> {
  return finish(ctx, await request(ctx.url, 'POST', '/api/calls', { from, to }), (b) => [`call ${text(b['callId'])}: ringing ${from}, then ${to}`]);
}

/** hotline hangup ID */
export async function hangup(ctx: ClientContext, id: string): Promise<number> {
  return finish(ctx, await request(ctx.url, 'DELETE', `/api/calls/${encodeURIComponent(id)}`), () => [`call ${id}: hung up`]);
}

/** hotline record ID on|off */
export async function record(ctx: ClientContext, id: string, onOff: string): Promise<number> {
  if (onOff !== 'on' && onOff !== 'off') {
    ctx.io.err(`hotline record: expected "on" or "off", got ${JSON.stringify(onOff)}`);
    return EXIT_USAGE;
  }
  const body = { on: onOff === 'on' };
  return finish(ctx, await request(ctx.url, 'POST', `/api/calls/${encodeURIComponent(id)}/recording`, body), () => [`call ${id}: recording ${onOff}`]);
}

/** hotline spans */
export async function spans(ctx: ClientContext): Promise<number> {
  return finish(ctx, await request(ctx.url, 'GET', '/api/spans'), (b) => spanLines((b['spans'] ?? []) as SpanRow[]));
}

/** hotline cdrs [--limit N] [--number N] */
export async function cdrs(ctx: ClientContext, query: { limit?: string; number?: string }): Promise<number> {
  const q = new URLSearchParams();
  if (query.limit !== undefined) q.set('limit', query.limit);
  if (query.number !== undefined) q.set('number', query.number);
  const path = `/api/cdrs${q.size ? `?${q.toString()}` : ''}`;
  return finish(ctx, await request(ctx.url, 'GET', path), (b) => {
    const list = (b['cdrs'] ?? []) as { callId: string; startWall: number; ani: string | null; dnis: string; disposition: string; causeName: string; durationMs: number; billableMs: number; recordingPath: string | null }[];
    if (list.length === 0) return ['no CDRs yet'];
    return table([
      ['CALL', 'START', 'FROM', 'TO', 'DISPOSITION', 'CAUSE', 'DURATION', 'TALK', 'RECORDING'],
      ...list.map((c) => [c.callId, new Date(c.startWall).toISOString().slice(0, 19).replace('T', ' '), text(c.ani), c.dnis, c.disposition, c.causeName, seconds(c.durationMs), seconds(c.billableMs), text(c.recordingPath)]),
    ]);
  });
}

/** hotline drain */
export async function drain(ctx: ClientContext): Promise<number> {
  return finish(ctx, await request(ctx.url, 'POST', '/api/drain'), (b) => [`draining: no new calls; ${text(b['activeCalls'])} call(s) still in progress`]);
}

/** hotline reload */
export async function reload(ctx: ClientContext): Promise<number> {
  return finish(ctx, await request(ctx.url, 'POST', '/api/reload'), (b) => {
    const applied = (b['applied'] ?? []) as string[];
    const restart = (b['needsRestart'] ?? []) as string[];
    return [`reloaded: applied ${applied.length ? applied.join(', ') : 'nothing (no change)'}`, ...(restart.length ? [`needs a restart to take effect: ${restart.join(', ')}`] : [])];
  });
}
