// Raw Unix SOCK_SEQPACKET ends for tests and tools that speak sim-line from
// TypeScript (Node's `net` has no SEQPACKET sockets).
//
// What it does: wraps the addon's minimal socket (listen/accept/connect,
// send one message, receive one message with a timeout). It is transport
// only: the wire format is the caller's business, which is what lets a test
// check the driver's bytes with its own encoder/decoder.
//
// Limits: synchronous calls with poll timeouts; meant for tests, not for the
// engine's event loop.

import { loadNative, type NativeSeqpacket } from './native.ts';

/** One connected end. */
export type Seqpacket = NativeSeqpacket;

/** A listening socket. */
export interface SeqpacketListener {
  /** Waits up to timeoutMs for a peer; undefined on timeout. */
  accept(timeoutMs: number): Seqpacket | undefined;
  close(): void;
}

/** Binds and listens on path (an old socket file there is removed). */
export function seqpacketListen(path: string): SeqpacketListener {
  return loadNative().seqpacketListen(path);
}

/** Connects to a listening path. */
export function seqpacketConnect(path: string): Seqpacket {
  return loadNative().seqpacketConnect(path);
}
