// Loads the native addon and types what it exports. This file is the only
// importer of the `.node` file in the project.
//
// What it does: resolves `drivers/native/build/Release/hotline_native.node`
// (or the file HOTLINE_NATIVE_ADDON names, e.g. the sanitizer build),
// loads it once per call of `loadNative()` through Node's require cache, and
// declares the shape of its exports. Everything here is internal to
// drivers/board: the engine uses the typed objects of board.ts.
//
// Limits: the addon must have been built (`npm run build:native`); a missing
// build is reported as a DriverError naming the path.

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DriverError } from '../../engine/core/contracts/index.ts';

/** A board config as the addon reads it (numbers are the C++ enum values). */
export interface NativeSpanConfig {
  kind: 'e1-cas' | 'e1-ccs' | 'fxs' | 'fxo';
  clock: 'master' | 'slave';
  cable: { socket: string; listen: boolean } | { peerBoard: string; peerSpan: number } | null;
  debounceMs: number;
  device: string;
}

export interface NativeBoardConfig {
  id: string;
  kind: string;
  pace: 'realtime' | 'freewheel';
  tickFrames: number;
  spans: NativeSpanConfig[];
}

/** One event record; `data` only for HDLC frames. */
export interface NativeEvent {
  type: 'abcd' | 'hdlc' | 'alarm' | 'analog' | 'audio' | 'stalled' | 'underrun' | 'wrongLength';
  span: number;
  channel: number;
  value: number;
  aux: number;
  lineMs: number;
  data?: Uint8Array;
}

export interface NativeBatch {
  events: NativeEvent[];
  /** Ticks the board ran (freewheel step). */
  ticks: number;
  overruns: number;
}

export interface NativeCounters {
  rxTicks: number;
  txTicks: number;
  /** Ticks the cable could not take (the peer was not reading). */
  txDropped: number;
  badLength: number;
  lofEvents: number;
  losEvents: number;
  crcErrors: number;
  aborts: number;
  hdlcBadLength: number;
  nonOctet: number;
  hdlcRxFrames: number;
  hdlcTxFrames: number;
  hdlcTxDropped: number;
  underruns: number;
  overruns: number;
  slips: number;
  stalled: number;
  reconnects: number;
}

export interface NativeJitter {
  samples: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export interface NativeBoard {
  /** Views over SharedArrayBuffers; native holds them by reference until close. */
  attachAudio(span: number, rx: Uint8Array, tx: Uint8Array, control: Int32Array, blocks: number, channels: number): void;
  start(): void;
  step(ticks: number): NativeBatch;
  close(): void;
  setAbcd(span: number, channel: number, bits: number): void;
  sendHdlc(span: number, frame: Uint8Array): void;
  setLineState(span: number, port: number, bits: number): void;
  alarms(span: number): number;
  counters(span: number): NativeCounters;
  lineMs(span: number): number;
  jitter(): NativeJitter;
  eventOverruns(): number;
  unplug(span: number): void;
  plug(span: number): void;
}

/** A raw SOCK_SEQPACKET end, for tests that speak sim-line from TypeScript. */
export interface NativeSeqpacket {
  /** Sends one message; false when the socket buffer is full. */
  send(message: Uint8Array): boolean;
  /** Receives one message, waiting up to timeoutMs; undefined on timeout; null on end of stream. */
  recv(timeoutMs: number): Uint8Array | undefined | null;
  close(): void;
}

export interface NativeAddon {
  version(): string;
  Board: new (config: NativeBoardConfig, onBatch: (batch: NativeBatch) => void) => NativeBoard;
  seqpacketListen(path: string): { accept(timeoutMs: number): NativeSeqpacket | undefined; close(): void };
  seqpacketConnect(path: string): NativeSeqpacket;
}

/** Loads the addon (cached by Node). */
export function loadNative(): NativeAddon {
  const path = process.env['HOTLINE_NATIVE_ADDON'] ?? fileURLToPath(new URL('../native/build/Release/hotline_native.node', import.meta.url));
  if (!existsSync(path)) {
    throw new DriverError(`native addon not built: ${path} is missing (run npm run build:native)`, { board: '' });
  }
  const require = createRequire(import.meta.url);
  return require(path) as NativeAddon;
}
