// The board layer: typed boards, spans, audio rings and the board config
// validator. The only import point of drivers/board for other folders.
//
// See docs/boards.md for the model, the config keys, the audio ring layout,
// events and freewheel/realtime pace.

/** Opens a board from a validated config; see Board and Span. */
export { openBoard, Board, Span, type BoardOptions, type SpanCounters, type JitterStats } from './board.ts';
/** Rx/tx audio rings of a span (zero-copy), with the control block indices. */
export { AudioRing, AUDIO_BLOCK_FRAMES, AUDIO_CONTROL, AUDIO_CONTROL_WORDS, type RxBlock } from './audio-ring.ts';
/** Board config types and the validator of the `boards` section. */
export {
  validateBoards,
  validateBoard,
  parsePeer,
  TICK_FRAMES,
  BOARD_KINDS,
  PACES,
  SPAN_CONFIG_KINDS,
  FRAMINGS,
  CLOCK_ROLES,
  SOCKET_ROLES,
  DEFAULT_DEBOUNCE_MS,
  DEFAULT_AUDIO_BLOCKS,
  type BoardConfig,
  type SpanConfig,
  type CableConfig,
  type SocketCableConfig,
  type PeerCableConfig,
  type TickFrames,
  type BoardKind,
  type Pace,
  type Framing,
  type ClockRole,
  type SocketRole,
  type ConfigContext,
} from './config.ts';
/** Event types and the names of alarms, line bits and analog events. */
export {
  ALARM_NAMES,
  ALARM_BITS,
  LINE_BITS,
  ANALOG_EVENTS,
  alarmNames,
  type AlarmName,
  type AnalogEventName,
  type SpanKind,
  type SpanEvents,
  type BoardEvents,
  type AlarmChange,
  type AbcdChange,
  type HdlcFrame,
  type AnalogChange,
  type AudioReady,
  type Stalled,
  type LineTimed,
} from './events.ts';
/** Test transport: raw SOCK_SEQPACKET ends for speaking sim-line from TypeScript. */
export { seqpacketListen, seqpacketConnect, type Seqpacket, type SeqpacketListener } from './seqpacket.ts';
