// FXO loop-start line machine: the station side of a trunk from a PBX or CO.
//
// What it does: the engine plays the phone on a line another exchange feeds.
//
//   idle --ringOn--> offered (incoming call; each ring burst restarts ringGone)
//   offered --user.answer--> connected (go off hook)
//   offered --ringGone--> idle (the caller abandoned: released, Q.850 16)
//   offered --user.hangup--> rejected (stay on hook until the ringing stops)
//   idle --user.dial--> seized (off hook) --dialDelay--> dialing (DTMF)
//   dialing --dsp.dialled--> connected (answer on dial complete, or on
//           polarity reversal with answerSupervision "reversal")
//   connected --battery off for batteryLoss / reversal back--> idle (released, 16)
//   connected/seized/dialing --user.hangup--> idle (on hook)
//
// How: a table (fsm.ts) with FXO_TIMERS; actions are data run by the shell
// (analog-driver.ts): the offhook bit, DTMF out through the line DSP, the
// Channel's remote events. Unexpected events: one policy: release the call
// with Q.850 111, go on hook, idle.
//
// Specs: shared/specs/sim-line.md "Analog frame content" (ring, battery,
// reversed bits); China ring cadence 1 s on / 4 s off.
// Limits: no dial-tone or call-progress detection (a fixed dialDelay; the
// far end's progress tones reach the caller as early media); no caller ID;
// pulse dialling out is not offered (DTMF only).

import { Cause } from '../../engine/core/contracts/index.ts';
import { runStep, type MachineTable, type StepResult, type TimerAction } from './fsm.ts';
import type { FxoTimerName } from './timers.ts';

/** FXO states. */
export type FxoStateName = 'idle' | 'offered' | 'rejected' | 'seized' | 'dialing' | 'awaitingAnswer' | 'connected';

/** The machine's state value. */
export interface FxoState {
  readonly name: FxoStateName;
  /** Number to dial (seized, dialing). */
  readonly dest: string;
  /** Battery is currently off (connected: the batteryLoss timer runs). */
  readonly batteryOff: boolean;
}

/** Events, tagged by origin. */
export type FxoEvent =
  | { readonly type: 'line.ringOn' }
  | { readonly type: 'line.ringOff' }
  | { readonly type: 'line.batteryOn' }
  | { readonly type: 'line.batteryOff' }
  | { readonly type: 'line.reversalOn' }
  | { readonly type: 'line.reversalOff' }
  | { readonly type: 'dsp.dialled' }
  | { readonly type: 'user.dial'; readonly dest: string }
  | { readonly type: 'user.progress' }
  | { readonly type: 'user.answer' }
  | { readonly type: 'user.hangup'; readonly cause: number }
  | { readonly type: 'timer'; readonly name: FxoTimerName };

/** Actions the shell runs. */
export type FxoAction =
  | { readonly type: 'hook'; readonly offhook: boolean }
  | { readonly type: 'sendDtmf'; readonly digits: string }
  | { readonly type: 'offer' }
  | { readonly type: 'remoteProgress' }
  | { readonly type: 'remoteAnswer' }
  | { readonly type: 'remoteHangup'; readonly cause: number; readonly detail: string }
  | TimerAction<FxoTimerName>;

/** Options the machine reads. */
export interface FxoContext {
  /** "immediate": answered when dialling ends; "reversal": when the battery polarity reverses. */
  readonly answerSupervision: 'immediate' | 'reversal';
}

/** The idle state. */
export const FXO_IDLE: FxoState = { name: 'idle', dest: '', batteryOff: false };

type R = StepResult<FxoState, FxoAction>;
const to = (name: FxoStateName, ...actions: FxoAction[]): R => ({ state: { name, dest: '', batteryOff: false }, actions });
const stay = (s: FxoState, ...actions: FxoAction[]): R => ({ state: s, actions });
const farEndGone = (detail: string): R => to('idle', { type: 'hook', offhook: false }, { type: 'remoteHangup', cause: Cause.normalClearing, detail });

/** Audio path of each state: the engine's leg, line DSP (DTMF out) or silence. */
export const FXO_AUDIO: Readonly<Record<FxoStateName, 'line' | 'channel' | 'silence'>> = {
  idle: 'silence',
  offered: 'silence',
  rejected: 'silence',
  seized: 'silence',
  dialing: 'line',
  awaitingAnswer: 'channel',
  connected: 'channel',
};

/** The FXO table. */
export const FXO_TABLE: MachineTable<FxoStateName, FxoState, FxoEvent, FxoAction, FxoContext> = {
  name: 'fxo',
  states: {
    idle: {
      on: {
        'line.ringOn': () => to('offered', { type: 'offer' }),
        'user.dial': (_s, e) => ({ state: { name: 'seized', dest: e.dest, batteryOff: false }, actions: [{ type: 'hook', offhook: true }] }),
      },
      ignore: ['line.ringOff', 'line.batteryOn', 'line.batteryOff', 'line.reversalOn', 'line.reversalOff', 'user.hangup', 'timer'],
      to: ['offered', 'seized'],
    },
    offered: {
      on: {
        'line.ringOn': (s) => stay(s, { type: 'startTimer', name: 'ringGone' }),
        'user.answer': () => to('connected', { type: 'hook', offhook: true }),
        'user.hangup': () => to('rejected'),
        timer: (s, e) => (e.name === 'ringGone' ? to('idle', { type: 'remoteHangup', cause: Cause.normalClearing, detail: 'ringing stopped' }) : stay(s)),
      },
      ignore: ['line.ringOff', 'user.progress', 'line.batteryOn', 'line.batteryOff', 'line.reversalOn', 'line.reversalOff'],
      to: ['connected', 'rejected', 'idle'],
      timers: ['ringGone'],
    },
    rejected: {
      on: {
        'line.ringOn': (s) => stay(s, { type: 'startTimer', name: 'ringGone' }),
        timer: (s, e) => (e.name === 'ringGone' ? to('idle') : stay(s)),
      },
      ignore: ['line.ringOff', 'user.hangup', 'line.batteryOn', 'line.batteryOff', 'line.reversalOn', 'line.reversalOff'],
      to: ['idle'],
      timers: ['ringGone'],
    },
    seized: {
      on: {
        timer: (s, e) => (e.name === 'dialDelay' ? { state: { ...s, name: 'dialing' }, actions: [{ type: 'sendDtmf', digits: s.dest }] } : stay(s)),
        'user.hangup': () => to('idle', { type: 'hook', offhook: false }),
      },
      ignore: ['line.batteryOn', 'line.batteryOff', 'line.reversalOff', 'line.ringOff'],
      to: ['dialing', 'idle'],
      timers: ['dialDelay'],
    },
    dialing: {
      on: {
        'dsp.dialled': (s, _e, ctx) =>
          ctx.answerSupervision === 'immediate'
            ? to('connected', { type: 'remoteProgress' }, { type: 'remoteAnswer' })
            : { state: { ...s, name: 'awaitingAnswer' }, actions: [{ type: 'remoteProgress' }] },
        'user.hangup': () => to('idle', { type: 'hook', offhook: false }),
      },
      ignore: ['line.batteryOn', 'line.reversalOff', 'line.ringOff'],
      to: ['connected', 'awaitingAnswer', 'idle'],
    },
    awaitingAnswer: {
      on: {
        'line.reversalOn': () => to('connected', { type: 'remoteAnswer' }),
        'line.batteryOff': () => farEndGone('battery dropped before answer'),
        'user.hangup': () => to('idle', { type: 'hook', offhook: false }),
      },
      ignore: ['line.batteryOn', 'line.ringOff', 'user.progress'],
      to: ['connected', 'idle'],
    },
    connected: {
      on: {
        'line.batteryOff': (s) => stay({ ...s, batteryOff: true }, { type: 'startTimer', name: 'batteryLoss' }),
        'line.batteryOn': (s) => stay({ ...s, batteryOff: false }, { type: 'stopTimer', name: 'batteryLoss' }),
        'line.reversalOff': () => farEndGone('polarity reversed back'),
        timer: (s, e) => (e.name === 'batteryLoss' && s.batteryOff ? farEndGone('battery dropped') : stay(s)),
        'user.hangup': () => to('idle', { type: 'hook', offhook: false }),
      },
      ignore: ['line.ringOff', 'line.reversalOn', 'user.answer', 'user.progress', 'dsp.dialled'],
      to: ['idle'],
    },
  },
  unexpected: (s, e) => {
    const actions: FxoAction[] = [{ type: 'hook', offhook: false }];
    if (s.name !== 'idle' && s.name !== 'rejected') actions.push({ type: 'remoteHangup', cause: Cause.protocolErrorUnspecified, detail: `fxo: ${e.type} in ${s.name}` });
    return { state: FXO_IDLE, actions };
  },
};

/** One FXO step (pure). */
export function fxoStep(state: FxoState, event: FxoEvent, ctx: FxoContext = { answerSupervision: 'immediate' }): StepResult<FxoState, FxoAction> {
  return runStep(FXO_TABLE, state, event, ctx) as StepResult<FxoState, FxoAction>;
}
