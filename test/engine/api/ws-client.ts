// A minimal WebSocket client for tests (RFC 6455 §4.1 handshake, §5.2
// framing): text messages from the server, a masked close from us. Node 20
// has no WebSocket client without a flag, and the API must be tested
// against a real socket.

import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

/** A connected test WebSocket. */
export interface TestSocket {
  /** Resolves with the next text message (already received or the next to come). */
  next(): Promise<string>;
  close(): void;
}

/** Opens ws://127.0.0.1:port/path. */
export function openTestSocket(port: number, path: string): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const sock: Socket = connect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const messages: string[] = [];
    const waiters: ((m: string) => void)[] = [];
    const deliver = (m: string): void => {
      const w = waiters.shift();
      if (w) w(m);
      else messages.push(m);
    };
    sock.on('error', reject);
    sock.on('connect', () => {
      sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`no upgrade: ${head.split('\r\n')[0]}`));
          sock.destroy();
          return;
        }
        upgraded = true;
        buf = buf.subarray(end + 4);
        resolve({
          next: () => {
            const m = messages.shift();
            return m !== undefined ? Promise.resolve(m) : new Promise((r) => waiters.push(r));
          },
          close: () => {
            const mask = randomBytes(4);
            sock.end(Buffer.concat([Buffer.from([0x88, 0x80]), mask]));
          },
        });
      }
      for (;;) {
        if (buf.length < 2) return;
        const opcode = (buf[0] ?? 0) & 0x0f;
        let len = (buf[1] ?? 0) & 0x7f;
        let at = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          at = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          at = 10;
        }
        if (buf.length < at + len) return;
        const payload = buf.subarray(at, at + len);
        buf = buf.subarray(at + len);
        if (opcode === 1) deliver(payload.toString('utf8'));
        if (opcode === 8) sock.end();
      }
    });
  });
}
