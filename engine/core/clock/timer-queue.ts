// TimerQueue: the due-time ordered set of timers behind every engine clock.
//
// What it does: keeps pending timers in a binary min-heap ordered by (due
// time, insertion sequence), so timers due at the same instant run in the
// order they were set, and pops the ones due at or before a given time.
//
// How: cancellation marks the entry and leaves it in the heap (lazy
// deletion); marked entries are dropped when they reach the top. Insert and
// pop are O(log n), so a test running ten minutes of engine time with
// thousands of calls' timers stays fast.
//
// Limits: times are plain numbers (ms); the queue never reads a clock itself.

import type { TimerHandle } from '../contracts/index.ts';

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Min-heap of timers. */
export class TimerQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private live = 0;

  /** Timers set and not yet run or cancelled. */
  get size(): number {
    return this.live;
  }

  /** Adds a timer due at `at`. */
  add(at: number, fn: () => void): TimerHandle {
    const e: Entry = { at, seq: this.seq++, fn, cancelled: false };
    this.heap.push(e);
    this.up(this.heap.length - 1);
    this.live++;
    return {
      cancel: () => {
        if (e.cancelled) return;
        e.cancelled = true;
        this.live--;
      },
    };
  }

  /** Due time of the earliest live timer, or undefined. */
  peekAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest live timer if it is due at or before `t`. */
  popDue(t: number): { at: number; fn: () => void } | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top || top.at > t) return undefined;
    this.removeTop();
    top.cancelled = true;
    this.live--;
    return { at: top.at, fn: top.fn };
  }

  private dropCancelled(): void {
    for (;;) {
      const top = this.heap[0];
      if (!top || !top.cancelled) return;
      this.removeTop();
    }
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    const e = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!this.less(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const e = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r]!, h[l]!) ? r : l;
      const child = h[c]!;
      if (!this.less(child, e)) break;
      h[i] = child;
      i = c;
    }
    h[i] = e;
  }
}
