// The state-machine runner shared by the analog port machines (FXS, FXO).
//
// What it does: a machine is a table. Each state names the events it
// handles (a pure handler returning the next state and actions), the events
// it ignores on purpose, the states it may move to, and the timers it starts
// on entry. `runStep` applies one event: it finds the handler, checks the
// move against the table (a move the table does not allow is a bug in the
// machine and throws ProtocolError), stops the timers of the state left,
// starts the entry timers of the state entered, and returns the actions as
// data for the shell to run. An event the state neither handles nor ignores
// is `unexpected`: the machine's own policy (one per machine) decides the
// safe state, and the shell logs and counts it.
//
// How (house style, Osmocom-like): step(state, event, ctx) -> {state,
// actions}; events are tagged by origin (`line.*` from the board, `dsp.*`
// from the line DSP, `user.*` from the engine through the Channel, `timer`
// with a name from the timers table).
//
// Limits: timers are named per machine; a state's entry timers restart when
// the state is re-entered from another state only.

import { ProtocolError } from '../../engine/core/contracts/index.ts';

/** Something a machine asks the shell to do. */
export interface BaseAction {
  readonly type: string;
}

/** Timer actions every machine shares. */
export type TimerAction<T extends string> = { readonly type: 'startTimer'; readonly name: T } | { readonly type: 'stopTimer'; readonly name: T };

/** What one step returns. */
export interface StepResult<S, A> {
  readonly state: S;
  readonly actions: readonly A[];
  /** The event was not accepted by the state (the policy chose `state`). */
  readonly unexpected?: boolean;
}

/** A machine state value: its name plus whatever data the machine keeps. */
export interface NamedState<N extends string> {
  readonly name: N;
}

/** One state of a table. */
export interface StateEntry<N extends string, S extends NamedState<N>, E extends { type: string }, A, C> {
  /** Handlers of the events the state accepts. */
  readonly on: { readonly [K in E['type']]?: (state: S, event: Extract<E, { type: K }>, ctx: C) => StepResult<S, A> };
  /** Events the state receives and drops on purpose (duplicates, late echoes). */
  readonly ignore?: readonly E['type'][];
  /** States this one may move to. */
  readonly to: readonly N[];
  /** Timers started on entry (stopped on leaving). */
  readonly timers?: readonly string[];
}

/** A whole machine. */
export interface MachineTable<N extends string, S extends NamedState<N>, E extends { type: string }, A, C> {
  readonly name: string;
  readonly states: { readonly [K in N]: StateEntry<N, S, E, A, C> };
  /** The one policy for events a state does not accept: the safe state and what to do. */
  readonly unexpected: (state: S, event: E, ctx: C) => StepResult<S, A>;
}

/** Applies one event to a machine (pure: no I/O, no clock but ctx). */
export function runStep<N extends string, S extends NamedState<N>, E extends { type: string }, A, C>(
  table: MachineTable<N, S, E, A | TimerAction<string>, C>,
  state: S,
  event: E,
  ctx: C,
): StepResult<S, A | TimerAction<string>> {
  const entry = table.states[state.name];
  const handler = entry.on[event.type as E['type']] as ((s: S, e: E, c: C) => StepResult<S, A | TimerAction<string>>) | undefined;
  if (!handler) {
    if (entry.ignore?.includes(event.type as E['type'])) return { state, actions: [] };
    const r = table.unexpected(state, event, ctx);
    return { ...withTimers(table, state, r), unexpected: true };
  }
  const r = handler(state, event, ctx);
  if (r.state.name !== state.name && !entry.to.includes(r.state.name)) {
    throw new ProtocolError(table.name, '', state.name, event.type, `${table.name}: ${state.name} may not move to ${r.state.name} on ${event.type}`);
  }
  return withTimers(table, state, r);
}

function withTimers<N extends string, S extends NamedState<N>, E extends { type: string }, A, C>(
  table: MachineTable<N, S, E, A | TimerAction<string>, C>,
  from: S,
  r: StepResult<S, A | TimerAction<string>>,
): StepResult<S, A | TimerAction<string>> {
  if (r.state.name === from.name) return r;
  const left = table.states[from.name].timers ?? [];
  const entered = table.states[r.state.name].timers ?? [];
  const stops: TimerAction<string>[] = left.filter((t) => !entered.includes(t)).map((name) => ({ type: 'stopTimer', name }));
  const starts: TimerAction<string>[] = entered.map((name) => ({ type: 'startTimer', name }));
  return { state: r.state, actions: [...stops, ...r.actions, ...starts] };
}
