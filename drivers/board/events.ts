// Typed events of boards and spans, and the names of alarms, line bits and
// analog events, with their wire values.
//
// Spec: shared/specs/sim-line.md "Alarms", "Analog frame content",
// "Timeslot 16, CAS mode".

/** Line alarms (sim-line.md "Alarms"). */
export const ALARM_NAMES = ['los', 'lof', 'lomf', 'rai', 'rmai'] as const;
export type AlarmName = (typeof ALARM_NAMES)[number];

/** Alarm bit of each name in the native bit set. */
export const ALARM_BITS: Readonly<Record<AlarmName, number>> = { los: 1, lof: 2, lomf: 4, rai: 8, rmai: 16 };

/** Analog line-state bits (octet 1 of an analog frame). */
export const LINE_BITS = { offhook: 0x01, ring: 0x02, reversed: 0x04, battery: 0x08 } as const;

/** Analog events decoded by the driver, indexed by their native value. */
export const ANALOG_EVENTS = [
  'offhook',
  'onhook',
  'flash',
  'digit',
  'ringOn',
  'ringOff',
  'batteryOn',
  'batteryOff',
  'reversalOn',
  'reversalOff',
] as const;
export type AnalogEventName = (typeof ANALOG_EVENTS)[number];

/** Span kinds: E1 with CAS or CCS on timeslot 16, analog exchange side (fxs) or station side (fxo). */
export type SpanKind = 'e1-cas' | 'e1-ccs' | 'fxs' | 'fxo';

/** Every event carries the span's line time: ticks * N / 8 ms since the cable (re)connected. */
export interface LineTimed {
  lineMs: number;
}

export interface AlarmChange extends LineTimed {
  alarms: readonly AlarmName[];
  raised: readonly AlarmName[];
  cleared: readonly AlarmName[];
}

/** A stable ABCD value (after the persistence time); `bits` has A = 8, B = 4, C = 2, D = 1. */
export interface AbcdChange extends LineTimed {
  channel: number;
  bits: number;
}

/** A received HDLC frame with a good FCS (FCS removed). */
export interface HdlcFrame extends LineTimed {
  data: Uint8Array;
}

export interface AnalogChange extends LineTimed {
  port: number;
  event: AnalogEventName;
  /** For `digit`: 0..9 (ten pulses is 0). */
  digit: number | undefined;
}

/** A 20 ms rx block is complete; `rxWritten` is the ring's RX_WRITTEN after it. */
export interface AudioReady extends LineTimed {
  rxWritten: number;
}

export interface Stalled extends LineTimed {
  count: number;
}

/** Events of one span. */
export type SpanEvents = {
  alarm: [AlarmChange];
  abcd: [AbcdChange];
  hdlc: [HdlcFrame];
  analog: [AnalogChange];
  audio: [AudioReady];
  stalled: [Stalled];
  /** A message of the wrong length was dropped (and lof raised). */
  wrongLength: [{ length: number } & LineTimed];
};

/** Events of a board. */
export type BoardEvents = {
  /** After each delivered batch (one per tick in realtime, one per step in freewheel). */
  batch: [{ events: number; overruns: number }];
  /** The board closed (explicitly or by an error). */
  close: [];
};

/** Converts a native alarm bit set to names. */
export function alarmNames(bits: number): AlarmName[] {
  return ALARM_NAMES.filter((n) => (bits & ALARM_BITS[n]) !== 0);
}
