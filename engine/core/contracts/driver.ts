// The ChannelDriver contract: one technology's factory of Channels.
//
// What it does: declares what the engine needs from a driver (loopback,
// analog, China No.1, SS7, SIP): its capabilities, its spans (or trunks) and
// their alarm state, the circuits it can seize (for the engine's channel
// hunting), `originate` to get an outgoing Channel, `incoming` for new calls
// from the line, and the two per-tick media hooks.
//
// How: the engine calls `start(ctx)` once with its clock and log, then, every
// media tick, `mediaIn()` (copy the received audio of every channel with an
// attached MediaBinding into its `rx` frame: one bulk copy per span or per
// channel, never per sample), runs the DSP pipeline, and calls `mediaOut()`
// (take every `tx` frame to the line). Two optional hooks sit inside the
// pass: `mediaRx()` once linear received audio exists, `mediaTx()` before
// encoding. Drivers emit `incoming` with a Channel
// already in state `offered`.
//
// Limits: hunting needs `circuits()`; a driver without circuits (SIP) returns
// an empty list and `originate` picks its own resource.

import type { TypedEmitter } from './emitter.ts';
import type { Clock } from './clock.ts';
import type { Log } from './log.ts';
import type { Channel, ChannelTechnology, DialOptions, MediaCodec } from './channel.ts';

/** What a driver can do. */
export interface DriverCapabilities {
  readonly originate: boolean;
  readonly earlyMedia: boolean;
  readonly flash: boolean;
  /** Codecs its legs can carry (the first is the default). */
  readonly codecs: readonly MediaCodec[];
}

/** Alarm state of a span (G.732/G.775 for E1; a SIP trunk maps its registration/OPTIONS state). */
export type SpanAlarm = 'none' | 'los' | 'lof' | 'ais' | 'rai' | 'down';

/** One span (E1/T1), analog card or SIP trunk of a driver. */
export interface SpanStatus {
  readonly driver: string;
  readonly span: number;
  readonly name: string;
  readonly alarm: SpanAlarm;
  /** Circuits that carry calls on this span. */
  readonly channels: number;
  /** Of which in a call now. */
  readonly busy: number;
}

/** One circuit the engine may hunt over. */
export interface Circuit {
  readonly span: number;
  /** Timeslot or port number. */
  readonly channel: number;
  /** Idle and in service (not blocked, no alarm). */
  readonly available: boolean;
}

/** What the engine asks a driver for. */
export interface OriginateRequest {
  readonly dest: string;
  readonly options: DialOptions;
  /** The circuit the engine's hunting chose; absent for drivers without circuits. */
  readonly circuit?: { readonly span: number; readonly channel: number };
}

/** Result of originate: a Channel in state `idle` (the engine calls dial) or a refusal. */
export type OriginateResult = { readonly ok: true; readonly channel: Channel } | { readonly ok: false; readonly cause: number; readonly reason: string };

/** Events of a driver. */
export interface DriverEvents {
  /** A call arrived: the Channel is `offered`, with its CallInfo. */
  incoming: [channel: Channel];
  /** A span's alarm or availability changed. */
  span: [status: SpanStatus];
}

/** What the engine gives a driver at start. */
export interface DriverContext {
  readonly clock: Clock;
  readonly log: Log;
  /** Engine id, for globally unique channel ids. */
  readonly engineId: string;
}

/** One technology's factory of Channels. */
export interface ChannelDriver {
  /** Unique within the engine (`loopback`, `sim0-china1`, `sip-trunk-a`); trunk groups name it. */
  readonly name: string;
  readonly technology: ChannelTechnology;
  readonly capabilities: DriverCapabilities;
  readonly events: TypedEmitter<DriverEvents>;
  /** Called once by Engine.start. */
  start(ctx: DriverContext): void;
  /** Called by Engine.stop; releases every channel. Idempotent. */
  stop(): void;
  spans(): readonly SpanStatus[];
  /** Every circuit this driver can seize, in span/channel order (empty when it has none). */
  circuits(): readonly Circuit[];
  /** Makes an outgoing Channel; never throws for a busy or missing circuit (returns a cause). */
  originate(request: OriginateRequest): OriginateResult;
  /** Per tick, before the DSP pass: copy received audio into attached `rx` frames. */
  mediaIn(): void;
  /** Per tick, after the DSP pass: take attached `tx` frames to the line. */
  mediaOut(): void;
  /**
   * Optional, per tick after decode and echo cancellation: `rxLin` frames
   * hold this tick's linear received audio (queue and run in-band detectors
   * of the technology's own, e.g. MFC/R2 register signals).
   */
  mediaRx?(): void;
  /**
   * Optional, per tick after bridging and playback, before encode: `txLin`
   * frames hold what will be sent (generate register tones into them).
   */
  mediaTx?(): void;
}
