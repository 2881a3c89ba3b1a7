// The CLI's side of the HTTP API: one request, its JSON answer, and the two
// ways it can fail (the engine is not there; the engine said no), each with
// the message the user sees.

/** What a request gave. */
export type ApiAnswer =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'refused'; status: number; code: string; message: string }
  | { kind: 'unreachable'; message: string };

/** Sends one request to the engine's API. */
export async function request(baseUrl: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  let r: Response;
  try {
    r = await fetch(new URL(path, baseUrl), {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    const c = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
    const cause = c?.code ?? c?.errors?.[0]?.code ?? (c as { message?: string } | undefined)?.message ?? (err as Error).message;
    return { kind: 'unreachable', message: `cannot reach the engine at ${baseUrl} (${cause}); is it running? (hotline start, or set --url / HOTLINE_URL)` };
  }
  const text = await r.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      return { kind: 'refused', status: r.status, code: 'ERR_BAD_ANSWER', message: `the engine at ${baseUrl} answered ${r.status} with non-JSON` };
    }
  }
  if (r.ok) return { kind: 'ok', status: r.status, body: parsed };
  const e = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return { kind: 'refused', status: r.status, code: String(e?.code ?? `HTTP_${r.status}`), message: String(e?.message ?? `HTTP ${r.status}`) };
}
