// Typed event emitter with a safe emit.
//
// What it does: a listener table keyed by the event names of a typed map
// (`{ answer: []; hangup: [info: HangupInfo] }`). `safeEmit` calls every
// listener and catches what a listener throws: the error is logged with the
// event name and never reaches the emitter (a driver's receive path, the
// media tick), so an application bug cannot stop a line.
//
// How: listeners are held in arrays copied on write, so a listener that
// removes itself (or adds another) during an emit does not disturb the
// current pass.
//
// Limits: synchronous only; a listener returning a promise is not awaited and
// its rejection is not caught here (listeners must handle their own async).

import type { Log } from './log.ts';

/** An event map: event name to the tuple of listener arguments. */
export type EventMap<E> = { [K in keyof E]: unknown[] };

/** A listener of one event of map E. */
export type Listener<E extends EventMap<E>, K extends keyof E> = (...args: E[K]) => void;

// Listeners are stored type-erased; on() and safeEmit() keep the typing.
type AnyListener = (...args: unknown[]) => void;

/** Emitter over the typed event map E. */
export class TypedEmitter<E extends EventMap<E>> {
  private readonly listeners = new Map<keyof E, ReadonlyArray<AnyListener>>();
  private emitLog: Log | undefined;

  /** `log` receives listener errors; without one they are dropped silently (tests only). */
  constructor(log?: Log) {
    this.emitLog = log;
  }

  /** Changes where listener errors are logged (owners that get their log after construction). */
  setLog(log: Log): void {
    this.emitLog = log;
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof E>(event: K, fn: Listener<E, K>): () => void {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(event, [...list, fn as unknown as AnyListener]);
    return () => this.off(event, fn);
  }

  /** Adds a listener that runs at most once. */
  once<K extends keyof E>(event: K, fn: Listener<E, K>): () => void {
    const off = this.on(event, ((...args: E[K]) => {
      off();
      fn(...args);
    }) as Listener<E, K>);
    return off;
  }

  /** Removes a listener (no-op when absent). */
  off<K extends keyof E>(event: K, fn: Listener<E, K>): void {
    const list = this.listeners.get(event);
    if (!list) return;
    const next = list.filter((l) => l !== (fn as unknown));
    if (next.length === 0) this.listeners.delete(event);
    else this.listeners.set(event, next);
  }

  /** Number of listeners of an event. */
  listenerCount(event: keyof E): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Removes every listener (close paths). */
  removeAllListeners(): void {
    this.listeners.clear();
  }

  /** Calls every listener of event; errors are logged, never thrown. Returns true if any listener ran. */
  safeEmit<K extends keyof E>(event: K, ...args: E[K]): boolean {
    const list = this.listeners.get(event);
    if (!list) return false;
    for (const fn of list) {
      try {
        (fn as unknown as Listener<E, K>)(...args);
      } catch (err) {
        this.emitLog?.error({ event: String(event), err }, 'event listener threw');
      }
    }
    return true;
  }
}
