// Board and Span: the typed objects the engine uses over the native board.
//
// What it does: `openBoard(config, {log})` creates the native board (kind
// "sim" or "dahdi"), allocates each span's audio rings and hands them to
// native, and turns the native event batches into typed span events
// (`alarm`, `abcd`, `hdlc`, `analog`, `audio`, `stalled`, `wrongLength`).
//
// How: native delivers one batch per tick (realtime: from the driver thread
// through one thread-safe-function call per tick; freewheel: as the return
// value of `step(n)`, so every event of a step is emitted before `step`
// returns). Listener errors are caught by safeEmit. `close()` is idempotent
// and cascades to the spans; late batches after close are dropped.
//
// Time: a span's line time is its tick count since the cable (re)connected
// times N / 8 ms (N = tickFrames). In freewheel, board time advances only
// with `step(n)` (n ticks of N / 8 ms each), so an engine in freewheel pace
// sets its clock from `board.lineMs` (or a span's `lineMs`) after each step.
//
// Limits: analog spans carry one port each (one cable carries one line,
// sim-line.md "Transport"); `port` arguments must be 0.

import { InvalidStateError, TypedEmitter, HotlineError, type Log } from '../../engine/core/contracts/index.ts';
import { AudioRing } from './audio-ring.ts';
import { parsePeer, type BoardConfig, type SpanConfig } from './config.ts';
import {
  ANALOG_EVENTS,
  alarmNames,
  type AlarmName,
  type BoardEvents,
  type SpanEvents,
  type SpanKind,
} from './events.ts';
import { loadNative, type NativeBatch, type NativeBoard, type NativeBoardConfig, type NativeCounters, type NativeJitter } from './native.ts';

/** Span counters (monotonic since open). */
export type SpanCounters = NativeCounters;
/** Realtime-thread tick jitter (wake time minus deadline). */
export type JitterStats = NativeJitter;

/** Dependencies of a board. */
export interface BoardOptions {
  log: Log;
}

/** Opens a board (no I/O until `start()`). */
export function openBoard(config: BoardConfig, options: BoardOptions): Board {
  return Board.open(config, options);
}

/** One span (E1 or analog line) of a board. */
export class Span extends TypedEmitter<SpanEvents> {
  /** Position in `board.spans` (0-based); span references in config are `index + 1`. */
  readonly index: number;
  readonly kind: SpanKind;
  readonly board: Board;
  /** Rx/tx audio rings (zero-copy views); layout in docs/boards.md. */
  readonly audio: AudioRing;
  private readonly native: NativeBoard;
  private readonly log: Log;
  private lastAlarms = 0;
  private wrongLengths = 0;

  /** @internal Created by openBoard. */
  constructor(board: Board, native: NativeBoard, index: number, config: SpanConfig, log: Log) {
    super(log);
    this.log = log;
    this.board = board;
    this.native = native;
    this.index = index;
    this.kind = config.kind === 'e1' ? (config.framing === 'ccs' ? 'e1-ccs' : 'e1-cas') : config.kind;
    this.audio = new AudioRing(config.kind === 'e1' ? 32 : 1, config.audioBlocks);
  }

  /** Current alarms. */
  get alarms(): AlarmName[] {
    return alarmNames(this.native.alarms(this.index));
  }

  /** Line time in ms (ticks * N / 8 since the cable connected). */
  get lineMs(): number {
    return this.native.lineMs(this.index);
  }

  /** Sets the ABCD bits sent for channel 1..30 (A = 8). `0000` is refused on channels 1-15. */
  setAbcd(channel: number, bits: number): void {
    this.native.setAbcd(this.index, channel, bits);
  }

  /** Queues one HDLC frame (2..512 octets, FCS added by the driver) on timeslot 16 (e1-ccs). */
  sendHdlc(frame: Uint8Array): void {
    this.native.sendHdlc(this.index, frame);
  }

  /** Analog line state: FXS `ring` (cadenced 1 s on, 4 s off), `battery`, `reversed`; FXO `offhook`. See LINE_BITS. */
  setLineState(port: number, bits: number): void {
    this.native.setLineState(this.index, port, bits);
  }

  /** Counters since open. */
  counters(): SpanCounters {
    return this.native.counters(this.index);
  }

  /** Test hook: pulls this end of the cable out (the peer sees los). */
  unplug(): void {
    this.native.unplug(this.index);
  }

  /** Test hook: plugs this end back in (socket: listen again / reconnect). */
  plug(): void {
    this.native.plug(this.index);
  }

  /** @internal Dispatches one native event. */
  deliver(e: NativeBatch['events'][number]): void {
    switch (e.type) {
      case 'abcd':
        this.safeEmit('abcd', { channel: e.channel, bits: e.value, lineMs: e.lineMs });
        break;
      case 'hdlc':
        this.safeEmit('hdlc', { data: e.data ?? new Uint8Array(0), lineMs: e.lineMs });
        break;
      case 'alarm': {
        const raised = alarmNames(e.value & ~e.aux);
        const cleared = alarmNames(e.aux & ~e.value);
        this.lastAlarms = e.value;
        this.log.info({ alarms: alarmNames(e.value), raised, cleared, lineMs: e.lineMs }, alarmNames(e.value).length ? 'span alarm' : 'span alarms cleared');
        this.safeEmit('alarm', { alarms: alarmNames(e.value), raised, cleared, lineMs: e.lineMs });
        break;
      }
      case 'analog': {
        const event = ANALOG_EVENTS[e.value];
        if (event === undefined) break;
        this.safeEmit('analog', { port: e.channel, event, digit: event === 'digit' ? e.aux : undefined, lineMs: e.lineMs });
        break;
      }
      case 'audio':
        this.safeEmit('audio', { rxWritten: e.value, lineMs: e.lineMs });
        break;
      case 'stalled':
        this.log.warn({ count: e.value, lineMs: e.lineMs }, 'freewheel peer stalled');
        this.safeEmit('stalled', { count: e.value, lineMs: e.lineMs });
        break;
      case 'wrongLength':
        // Logged at 1, 2, 4, 8... so a flood cannot flood the log (the counter has them all).
        this.wrongLengths += 1;
        if ((this.wrongLengths & (this.wrongLengths - 1)) === 0) {
          this.log.warn({ length: e.value, count: this.wrongLengths, lineMs: e.lineMs }, 'wrong-length message dropped');
        }
        this.safeEmit('wrongLength', { length: e.value, lineMs: e.lineMs });
        break;
      case 'underrun':
        break;
    }
  }

  /** Alarm bits as last delivered in an event. */
  get deliveredAlarms(): number {
    return this.lastAlarms;
  }
}

/** A voice card (simulated or DAHDI) with its spans. */
export class Board extends TypedEmitter<BoardEvents> {
  readonly id: string;
  readonly config: BoardConfig;
  readonly spans: readonly Span[];
  private readonly native: NativeBoard;
  private readonly log: Log;
  private isClosed = false;
  private started = false;

  /** @internal Use openBoard(). */
  static open(config: BoardConfig, options: BoardOptions): Board {
    return new Board(config, options);
  }

  private constructor(config: BoardConfig, options: BoardOptions) {
    const log = options.log.child({ mod: 'board', board: config.id });
    super(log);
    this.log = log;
    this.id = config.id;
    this.config = config;
    const addon = loadNative();
    this.native = wrapNative(() => new addon.Board(toNative(config), (batch) => this.onBatch(batch)), config.id);
    this.spans = config.spans.map((s, i) => new Span(this, this.native, i, s, log.child({ span: i + 1 })));
    for (const span of this.spans) {
      const a = span.audio;
      this.native.attachAudio(span.index, a.rx, a.tx, a.control, a.blocks, a.channels);
    }
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Opens the cables; in realtime pace starts the driver thread. */
  start(): void {
    this.checkOpen('start');
    if (this.started) throw new InvalidStateError(`board ${this.id}: already started`);
    this.native.start();
    this.started = true;
    this.log.info({ pace: this.config.pace, spans: this.spans.length }, 'board started');
  }

  /**
   * Freewheel only: runs `ticks` board ticks synchronously (each N / 8 ms of
   * line time) and emits their events before returning. Returns the ticks run.
   */
  step(ticks: number): number {
    this.checkOpen('step');
    const batch = this.native.step(ticks);
    this.onBatch(batch);
    return batch.ticks;
  }

  /** Tick jitter of the realtime thread since start. */
  jitter(): JitterStats {
    this.checkOpen('jitter');
    return this.native.jitter();
  }

  /** Batches that could not be queued to JS at once (coalesced into the next). */
  eventOverruns(): number {
    this.checkOpen('eventOverruns');
    return this.native.eventOverruns();
  }

  /** Stops the thread, closes the cables and the spans; idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.native.close();
    this.log.info({}, 'board closed');
    this.safeEmit('close');
    for (const span of this.spans) span.removeAllListeners();
    this.removeAllListeners();
  }

  private onBatch(batch: NativeBatch): void {
    if (this.isClosed) return;
    for (const e of batch.events) this.spans[e.span]?.deliver(e);
    if (batch.overruns > 0) this.log.warn({ overruns: batch.overruns }, 'event batch overrun');
    this.safeEmit('batch', { events: batch.events.length, overruns: batch.overruns });
  }

  private checkOpen(what: string): void {
    if (this.isClosed) throw new InvalidStateError(`board ${this.id}: ${what} after close`);
  }
}

function toNative(config: BoardConfig): NativeBoardConfig {
  return {
    id: config.id,
    kind: config.kind,
    pace: config.pace,
    tickFrames: config.tickFrames,
    spans: config.spans.map((s) => {
      let cable: NativeBoardConfig['spans'][number]['cable'] = null;
      if (s.cable && 'peer' in s.cable) {
        const ref = parsePeer(s.cable.peer);
        if (!ref) throw new HotlineError('ERR_INVALID_ARG', `board ${config.id}: bad cable.peer ${s.cable.peer}`);
        cable = { peerBoard: ref.board, peerSpan: ref.span - 1 };
      } else if (s.cable) {
        cable = { socket: s.cable.socket, listen: s.cable.role === 'listen' };
      }
      const kind = s.kind === 'e1' ? (s.framing === 'ccs' ? 'e1-ccs' : 'e1-cas') : s.kind;
      return { kind, clock: s.clock, cable, debounceMs: s.debounceMs, device: s.device ?? '' };
    }),
  };
}

function wrapNative(create: () => NativeBoard, id: string): NativeBoard {
  try {
    return create();
  } catch (err) {
    if (err instanceof Error) err.message = `board ${id}: ${err.message}`;
    throw err;
  }
}
