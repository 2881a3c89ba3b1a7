// The Channel contract: one call-carrying line end, the same for every technology.
//
// What it does: declares what the engine sees of a TDM timeslot (China No.1,
// SS7 ISUP circuit), an analog port (FXS/FXO loop start), a SIP dialog or a
// software loopback: identity, call state, the incoming call's facts (ANI,
// DNIS, category, redirection), outgoing dialling, progress, answer, digits in
// and out, hook flash, release with a Q.850 cause, and the media binding the
// engine's media tick uses.
//
// How: a Channel is a state machine owned by its driver. The engine calls the
// control methods (`dial`, `progress`, `answer`, `sendDigits`, `flash`,
// `hangup`); the driver reports what the line did through typed events,
// emitted with a safe emit (a listener error is logged, never thrown into the
// driver). States are named by what was last sent or received:
//
//   idle --(line seizure, ANI/DNIS complete)--> offered --progress()--> alerting --answer()--> answered
//   idle --dial()--> dialing --(remote alerting)--> alerting --(remote answer)--> answered
//   any but released --hangup()/remote release--> released (terminal)
//
// Media: audio never crosses JS per sample. When a leg's media starts, the
// engine gives the channel a MediaBinding: two frames inside the DSP core's
// memory, `rx` (what the line received this tick, in the channel's codec) and
// `tx` (what the engine wants sent). Once per 20 ms tick the channel's driver
// copies its received block into `rx` (one bulk copy per span or per channel)
// in `ChannelDriver.mediaIn`, the engine runs decode / echo cancellation /
// detection / bridging / encode in the DSP core, and the driver takes `tx` in
// `ChannelDriver.mediaOut`. The codec is declared per leg (TDM A-law, SIP the
// negotiated one), so the DSP G.711 kernel converts; a two-party bridge copies
// frames and never touches the mixer.
//
// Digits: in-band DTMF found by the media tick's detector, RFC 4733 events and
// MF/pulse digits known to a driver all arrive through `reportDigit`, which
// emits the one `digit` event with start/end sample times (engine sample time:
// 8000 per second of engine time). A channel whose digits come out of band
// sets `media.inbandDtmf = false`, so the engine does not detect them twice.
//
// Specs: Q.850 (causes, contracts/causes.ts); Q.764 (ISUP IAM calling party
// category, redirecting number); China No.1 KA/KD categories (GF 002-9002,
// shared/reference/china-no1.md §4); RFC 4733 (telephone-events).
// Limits: one call per channel at a time (call waiting is an engine feature
// over two channels); a released channel is not reused (drivers create a new
// Channel object per call on the same timeslot).

import type { TypedEmitter } from './emitter.ts';

/** Signalling technology of a channel. */
export type ChannelTechnology = 'china1' | 'ss7' | 'analog' | 'sip' | 'loopback';

/** Where a channel is: a TDM timeslot, an analog port, a SIP dialog, or a loopback pair end. */
export type ChannelAddress =
  | { readonly kind: 'tdm'; readonly board: string; readonly span: number; readonly timeslot: number; readonly cic?: number }
  | { readonly kind: 'analog'; readonly board: string; readonly span: number; readonly port: number; readonly role: 'fxs' | 'fxo' }
  | { readonly kind: 'sip'; readonly callId: string; readonly localTag: string; readonly remoteTag?: string; readonly peer: string }
  | { readonly kind: 'loopback'; readonly pair: number; readonly end: 'a' | 'b'; readonly span: number; readonly channel: number };

/**
 * The (span, channel) of an address, as trunk groups, hunting and extension
 * devices name circuits: TDM (span, timeslot), analog (span, port), loopback
 * (span, channel); undefined for SIP.
 */
export function circuitOf(address: ChannelAddress): { span: number; channel: number } | undefined {
  switch (address.kind) {
    case 'tdm':
      return { span: address.span, channel: address.timeslot };
    case 'analog':
      return { span: address.span, channel: address.port };
    case 'loopback':
      return { span: address.span, channel: address.channel };
    case 'sip':
      return undefined;
  }
}

/** Call state of a channel, named by what was last sent or received. */
export type ChannelState = 'idle' | 'offered' | 'dialing' | 'alerting' | 'answered' | 'released';

/** Which direction the call on this channel goes. */
export type CallDirection = 'incoming' | 'outgoing';

/**
 * Calling party category. China No.1 carries two: KA (calling subscriber
 * category, billing/priority; 1 = ordinary, periodic billing) and KD (calling
 * service category; 3 = local subscriber call); SS7 ISUP carries the calling
 * party category octet (Q.763 §3.11; 10 = ordinary subscriber).
 */
export interface CallerCategory {
  readonly ka?: number;
  readonly kd?: number;
  readonly cpc?: number;
}

/** Redirection facts (ISUP redirecting number / SIP Diversion or History-Info). */
export interface Redirecting {
  readonly number: string;
  /** Q.763 §3.46 redirecting reason: 1 busy, 2 no reply, 3 unconditional, ... */
  readonly reason?: number;
  readonly count?: number;
  readonly originalCalled?: string;
}

/** Facts of a call on a channel (incoming: received; outgoing: what was dialled). */
export interface CallInfo {
  /** Calling number; undefined when the network did not send one. */
  readonly ani?: string;
  /** Called number (digits received so far on an overlap-dialled line). */
  readonly dnis: string;
  readonly category?: CallerCategory;
  readonly redirecting?: Redirecting;
  /** Presentation restricted (caller asked for CLIR). */
  readonly aniRestricted?: boolean;
}

/** Options of Channel.dial. */
export interface DialOptions {
  readonly ani?: string;
  readonly category?: CallerCategory;
  readonly redirecting?: Redirecting;
  readonly aniRestricted?: boolean;
}

/** Where a digit came from; all kinds reach the same `digit` event. */
export type DigitSource = 'dtmf' | 'rfc4733' | 'mf' | 'pulse' | 'signalling';

/** One received digit with its line time. */
export interface DigitEvent {
  /** One of 0-9 * # A-D. */
  readonly digit: string;
  readonly source: DigitSource;
  /** Engine sample time (8 kHz since engine start) where the digit began. */
  readonly startSample: number;
  /** Engine sample time where it ended. */
  readonly endSample: number;
}

/** Options of sendDigits (in-band generation and RFC 4733 both honour them). */
export interface SendDigitsOptions {
  readonly onMs?: number;
  readonly offMs?: number;
  readonly levelDbm0?: number;
}

/** What the line said about progress of an outgoing call (or what we sent on an incoming one). */
export interface ProgressInfo {
  readonly ringing: boolean;
  /** Media flows before answer (announcements, ringback from the far end). */
  readonly earlyMedia: boolean;
}

/** Why and by whom a channel was released. */
export interface HangupInfo {
  /** Q.850 cause value (contracts/causes.ts). */
  readonly cause: number;
  /** 'local' when the engine asked (hangup()), 'remote' when the line or peer released. */
  readonly by: 'local' | 'remote';
  /** Driver's own words, for logs and CDRs (e.g. "B5 vacant", "SIP 486"). */
  readonly detail?: string;
}

/** The events a Channel emits. */
export interface ChannelEvents {
  /** Outgoing: the far end alerts and/or sends early media. Incoming: echoed when progress() took effect. */
  progress: [info: ProgressInfo];
  /** The call was answered (outgoing: by the far end; incoming: our answer() took effect). */
  answer: [];
  /** A digit began (in-band detectors only; for barge-in). */
  digitStart: [digit: string, startSample: number];
  /** A digit was received (once per digit, at its end). */
  digit: [event: DigitEvent];
  /** Hook flash from the line (FXS user, or a register recall). */
  flash: [];
  /** More called digits arrived on an overlap-dialled incoming call (dnis is the whole number so far). */
  info: [info: CallInfo];
  /** Every state change (after the specific event). */
  state: [from: ChannelState, to: ChannelState];
  /** The channel is released; terminal. */
  hangup: [info: HangupInfo];
}

/** Audio coding of a leg on its line. */
export type MediaCodec = 'alaw' | 'ulaw' | 'l16';

/** One 20 ms frame in DSP memory: 160 octets (G.711) or 160 linear samples (l16), same bytes. */
export interface MediaFrame {
  readonly octets: Uint8Array;
  readonly pcm: Int16Array;
  /** Byte address in DSP memory, for a driver's own work records (MF detector, tone generator). */
  readonly ptr: number;
}

/** The frames the engine hands a channel when its leg's media starts (valid until detachMedia). */
export interface MediaBinding {
  /** Filled by the driver in mediaIn: this tick's received audio, in the channel's codec. */
  readonly rx: MediaFrame;
  /** Filled by the engine each tick: audio to send, in the channel's codec; read in mediaOut. */
  readonly tx: MediaFrame;
  /**
   * The received audio decoded (and echo-cancelled) to linear, valid from
   * the driver's `mediaRx` hook on: a China No.1 driver queues its MF
   * detector on `rxLin.ptr` there.
   */
  readonly rxLin: MediaFrame;
  /**
   * The linear audio about to be encoded, valid in the driver's `mediaTx`
   * hook: a driver's MF or tone generator may overwrite or add to it.
   */
  readonly txLin: MediaFrame;
}

/** Receives a fax-mode leg's raw samples each tick (the later fax engine). */
export interface MediaTap {
  /** The received 160 linear samples, untouched (no EC, no gain), and their engine sample time. */
  rx(pcm: Int16Array, atSample: number): void;
  /** Fills 160 linear samples to send instead of the bridge's audio; false to leave the bridge's. */
  tx(pcm: Int16Array, atSample: number): boolean;
}

/** What the media tick needs to know about a channel's audio. */
export interface ChannelMedia {
  /**
   * Line coding: TDM A-law (or μ-law on T1), SIP as negotiated. A SIP driver
   * may switch between alaw and ulaw once its answer SDP is known (the tick
   * reads it every tick); l16 is fixed at creation (it has no line frames).
   */
  codec: MediaCodec;
  /** The line has a hybrid behind it: cancel its echo (TDM and analog legs). */
  readonly echoCancel: boolean;
  /** Detect DTMF in the received audio (false when digits come out of band, e.g. RFC 4733). */
  inbandDtmf: boolean;
  /** Fax/modem: pass audio untouched (no EC, no gain, no comfort noise). */
  faxMode: boolean;
  /** Raw-sample tap for a fax engine; used only in fax mode. */
  tap: MediaTap | undefined;
  /**
   * Line frames the driver owns in DSP memory (G.711 codecs only), set
   * before the leg's media starts: e.g. slices of one contiguous span block,
   * so a TDM driver copies a whole span's rx block in one `set` and the
   * decoder reads each channel's 160 octets in place. Absent: the engine
   * allocates the line frames from the frame pool.
   */
  lineFrames?: { readonly rx: MediaFrame; readonly tx: MediaFrame };
}

/**
 * One call-carrying line end. Drivers implement it (most by extending
 * ChannelBase); the engine's calls, bridges and media tick use only this.
 */
export interface Channel {
  /** Globally unique (across engines): `<engineId>/<technology>/<address>/<n>`-style, chosen by the driver. */
  readonly id: string;
  readonly technology: ChannelTechnology;
  readonly address: ChannelAddress;
  /** Name of the driver that owns the channel (ChannelDriver.name). */
  readonly driver: string;
  readonly direction: CallDirection;
  readonly state: ChannelState;
  /** Incoming: what the line delivered; outgoing: what was dialled (after dial()). */
  readonly call: CallInfo | undefined;
  /** Early media is flowing (set by progress with earlyMedia, kept until answer or release). */
  readonly earlyMedia: boolean;
  /** Cause of the release once released. */
  readonly hangupInfo: HangupInfo | undefined;
  readonly media: ChannelMedia;
  readonly events: TypedEmitter<ChannelEvents>;

  /** Outgoing: seizes the line and dials dest. Only in `idle` of an outgoing channel. */
  dial(dest: string, options?: DialOptions): void;
  /** Incoming: tells the caller the call is progressing (ringing; earlyMedia: we will send audio). */
  progress(info: ProgressInfo): void;
  /** Incoming: answers. */
  answer(): void;
  /**
   * Sends digits out of band when the technology can (RFC 4733, MF register
   * signalling); returns false when the engine must generate them in-band.
   */
  sendDigits(digits: string, options?: SendDigitsOptions): boolean;
  /** Sends a hook flash (FXO) or register recall; false when the technology has none. */
  flash(): boolean;
  /** Releases with a Q.850 cause; idempotent (a released channel ignores it). */
  hangup(cause: number, detail?: string): void;
  /** Delivers a received digit (in-band detections from the media tick, out-of-band from the driver). */
  reportDigit(event: DigitEvent): void;
  /** Delivers an in-band digit start (media tick). */
  reportDigitStart(digit: string, startSample: number): void;

  /** Called by the engine when the leg's media starts: the frames to fill and send. */
  attachMedia(binding: MediaBinding): void;
  /** Called by the engine when the leg's media ends; the frames are no longer valid. */
  detachMedia(): void;
  /** The current binding, if media is attached (drivers read it in mediaIn/mediaOut). */
  readonly mediaBinding: MediaBinding | undefined;
}
