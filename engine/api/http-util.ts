// Small helpers over uWebSockets.js responses: JSON replies with the error
// envelope, body reading with a size bound, and the abort bookkeeping uWS
// requires (a response may not be touched after the client went away, and
// writes from a later tick must be corked).
//
// Error envelope: `{ "error": { "code": "ERR_...", "message": "..." } }`;
// codes are stable (clients branch on them), messages are for people.

import type { HttpResponse } from 'uWebSockets.js';

/** Largest request body accepted (the API takes small JSON objects). */
export const MAX_BODY_BYTES = 64 * 1024;

/** A response plus whether the client aborted it. */
export interface Reply {
  readonly res: HttpResponse;
  aborted: boolean;
}

/** Starts tracking a response (must be called before any await). */
export function reply(res: HttpResponse): Reply {
  const r: Reply = { res, aborted: false };
  res.onAborted(() => {
    r.aborted = true;
  });
  return r;
}

const STATUS_TEXT: Record<number, string> = {
  200: '200 OK',
  201: '201 Created',
  202: '202 Accepted',
  204: '204 No Content',
  400: '400 Bad Request',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  409: '409 Conflict',
  413: '413 Payload Too Large',
  415: '415 Unsupported Media Type',
  422: '422 Unprocessable Entity',
  500: '500 Internal Server Error',
  503: '503 Service Unavailable',
};

/** Sends a body with a status and content type (no-op after abort). */
export function send(r: Reply, status: number, contentType: string, body: string): void {
  if (r.aborted) return;
  r.res.cork(() => {
    r.res.writeStatus(STATUS_TEXT[status] ?? `${status}`);
    if (status === 204) {
      r.res.endWithoutBody();
      return;
    }
    r.res.writeHeader('content-type', contentType);
    r.res.end(body);
  });
  r.aborted = true;
}

/** Sends a JSON value. */
export function sendJson(r: Reply, status: number, value: unknown): void {
  send(r, status, 'application/json; charset=utf-8', status === 204 ? '' : JSON.stringify(value));
}

/** Sends the error envelope. */
export function sendError(r: Reply, status: number, code: string, message: string): void {
  sendJson(r, status, { error: { code, message } });
}

/** What reading a JSON body gives. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; code: string; message: string };

/** Reads the whole body and parses it as JSON (an empty body reads as undefined). */
export function readJson(r: Reply, limitBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    r.res.onData((chunk, isLast) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > limitBytes) {
        done = true;
        resolve({ ok: false, status: 413, code: 'ERR_BODY_TOO_LARGE', message: `request body larger than ${limitBytes} bytes` });
        return;
      }
      // uWS reuses the chunk's memory after this callback returns: copy it.
      chunks.push(Buffer.from(new Uint8Array(chunk).slice()));
      if (!isLast) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve({ ok: true, value: undefined });
        return;
      }
      try {
        resolve({ ok: true, value: JSON.parse(text) as unknown });
      } catch (err) {
        resolve({ ok: false, status: 400, code: 'ERR_BAD_JSON', message: `request body is not valid JSON: ${(err as Error).message}` });
      }
    });
  });
}
