// Event ring writer shared by every kernel.
//
// What it does: appends fixed-size records (slot, kind, value,
// offsetSamples) to the ring whose header and body wasm/layout.ts places.
// Kernels never call JS; the TS side drains the ring once per tick
// (dsp/events.ts).
//
// How: single producer (the kernels, within one tick) and single consumer
// (TS, between ticks). `write` and `read` are free-running u32 counters; the
// ring is full when write - read == EVENT_RING_RECORDS, and then the event
// is dropped and `overflow` counted, so a flood never corrupts memory.

import {
  EVENT_RING_HEADER,
  EVENT_RING_BASE,
  EVENT_RING_RECORDS,
  EVENT_RECORD_BYTES,
} from "../layout";

/** Appends one event; returns false (and counts overflow) when the ring is full. */
export function emitEvent(slot: i32, kind: i32, value: i32, offsetSamples: i32): bool {
  const write = load<u32>(EVENT_RING_HEADER);
  const read = load<u32>(EVENT_RING_HEADER, 4);
  if (write - read >= <u32>EVENT_RING_RECORDS) {
    store<u32>(EVENT_RING_HEADER, load<u32>(EVENT_RING_HEADER, 8) + 1, 8);
    return false;
  }
  const at = EVENT_RING_BASE + <i32>(write & <u32>(EVENT_RING_RECORDS - 1)) * EVENT_RECORD_BYTES;
  store<i32>(at, slot);
  store<i32>(at, kind, 4);
  store<i32>(at, value, 8);
  store<i32>(at, offsetSamples, 12);
  store<u32>(EVENT_RING_HEADER, write + 1);
  return true;
}
