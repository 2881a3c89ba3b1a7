// FXS loop-start line machine: the exchange side of an analog extension.
//
// What it does: from the station's hook state (debounced and decoded by the
// board: offhook, onhook after a break over 600 ms, a hook flash for a break
// of 100-600 ms, pulse digits from 60 ms breaks at 10 pps) and the DTMF the
// line DSP finds, it runs an extension's life:
//
//   onHook --offhook--> dialTone --digit--> collecting --complete/#/interDigit--> offered
//   offered --user.answer--> connected          (the engine connected the call)
//   onHook --user.dial--> ringing --offhook (ring trip)--> connected
//   offered/connected --user.hangup--> openLoop --openLoop--> releaseTone --onhook--> onHook
//   dialTone --firstDigit--> lockout;  releaseTone --releaseTone--> lockout
//   any off-hook state --onhook--> onHook (releasing the call, Q.850 16)
//
// Dial tone stops at the first digit (DTMF or pulse). The number is complete
// at `#` (not part of the number), when the dial plan says so
// (ctx.numberComplete), or after the inter-digit time. Busy or congestion
// tone after a release comes from the cause (RELEASE_TONES). A flash during
// a call is reported to the engine (transfer); pulse digits during a call
// are reported as digits.
//
// How: a table (fsm.ts) of states, accepted and ignored events, allowed
// moves and entry timers (timers.ts FXS_TIMERS); actions are data the shell
// (analog-driver.ts) runs against the board span, the line DSP and the
// Channel. Each state also declares its audio path (`FXS_AUDIO`): line
// services (dial/busy tone, DTMF detection) or the engine's media.
// Unexpected events: one policy (`fxsUnexpected`): a call in progress is
// released with Q.850 111, the port goes to onHook or lockout by the hook
// state, and the shell logs and counts it.
//
// Specs: shared/specs/sim-line.md "Analog frame content" (line bits, flash,
// pulse); China tone plan (dsp/tone-plans.ts); Q.850 causes.
// Disconnect supervision toward the station: when the engine releases a call
// while the station is off hook, the battery is dropped for `openLoop` (so a
// PBX or answering machine behind the port sees the far end go), then the
// station hears busy or congestion tone until it hangs up.
// With `reverseOnAnswer` the battery polarity is reversed while the
// station's outgoing call is answered (answer supervision for a PBX or a
// payphone behind the port) and set back when it ends.
// Limits: no caller ID (FSK/DTMF CLIP).

import { Cause } from '../../engine/core/contracts/index.ts';
import type { ToneName } from '../../dsp/index.ts';
import { runStep, type MachineTable, type StepResult, type TimerAction } from './fsm.ts';
import type { FxsTimerName } from './timers.ts';

/** FXS states, named by what was last sent or received. */
export type FxsStateName = 'onHook' | 'dialTone' | 'collecting' | 'offered' | 'ringing' | 'connected' | 'openLoop' | 'releaseTone' | 'lockout';

/** The machine's state value. */
export interface FxsState {
  readonly name: FxsStateName;
  /** Digits dialled so far (collecting). */
  readonly digits: string;
  /** Q.850 cause of the engine's release (openLoop: picks the tone that follows). */
  readonly releaseCause?: number;
}

/** Events, tagged by origin. */
export type FxsEvent =
  | { readonly type: 'line.offhook' }
  | { readonly type: 'line.onhook' }
  | { readonly type: 'line.flash' }
  | { readonly type: 'line.pulseDigit'; readonly digit: string }
  | { readonly type: 'dsp.dtmf'; readonly digit: string }
  | { readonly type: 'user.dial' }
  | { readonly type: 'user.progress' }
  | { readonly type: 'user.answer' }
  | { readonly type: 'user.hangup'; readonly cause: number }
  | { readonly type: 'timer'; readonly name: FxsTimerName };

/** Actions the shell runs. */
export type FxsAction =
  | { readonly type: 'ring'; readonly on: boolean }
  | { readonly type: 'battery'; readonly on: boolean }
  | { readonly type: 'polarity'; readonly reversed: boolean }
  | { readonly type: 'tone'; readonly tone: ToneName | undefined }
  | { readonly type: 'offer'; readonly dnis: string }
  | { readonly type: 'remoteProgress' }
  | { readonly type: 'remoteAnswer' }
  | { readonly type: 'remoteHangup'; readonly cause: number; readonly detail: string }
  | { readonly type: 'remoteFlash' }
  | { readonly type: 'reportDigit'; readonly digit: string }
  | TimerAction<FxsTimerName>;

/** What the machine may ask of its environment. */
export interface FxsContext {
  /** The dial plan: true when `digits` is a whole number (no need to wait). */
  readonly numberComplete?: (digits: string) => boolean;
  /** Reverse the battery polarity when the station's call is answered (answer supervision for a PBX behind the port). */
  readonly reverseOnAnswer?: boolean;
}

/** Where a state's audio goes: line services (tones, DTMF detection) or the engine's leg. */
export interface FxsAudio {
  readonly path: 'line' | 'channel' | 'silence';
  /** Line DSP detects DTMF (digit collection). */
  readonly detect: boolean;
}

/** Audio path of each state. */
export const FXS_AUDIO: Readonly<Record<FxsStateName, FxsAudio>> = {
  onHook: { path: 'silence', detect: false },
  dialTone: { path: 'line', detect: true },
  collecting: { path: 'line', detect: true },
  offered: { path: 'channel', detect: false },
  ringing: { path: 'silence', detect: false },
  connected: { path: 'channel', detect: false },
  openLoop: { path: 'silence', detect: false },
  releaseTone: { path: 'line', detect: false },
  lockout: { path: 'line', detect: false },
};

/** The tone a station hears after the engine released its call, by Q.850 cause. */
export const RELEASE_TONES: Readonly<Record<number, ToneName>> = {
  [Cause.normalClearing]: 'busy',
  [Cause.userBusy]: 'busy',
  [Cause.noAnswer]: 'busy',
  18: 'busy',
  [Cause.unallocatedNumber]: 'specialInformation',
};

/** Tone for a cause: RELEASE_TONES, else congestion. */
export function releaseTone(cause: number): ToneName {
  return RELEASE_TONES[cause] ?? 'congestion';
}

/** The idle state. */
export const FXS_IDLE: FxsState = { name: 'onHook', digits: '' };

type R = StepResult<FxsState, FxsAction>;

const to = (name: FxsStateName, ...actions: FxsAction[]): R => ({ state: { name, digits: '' }, actions });

function digit(s: FxsState, d: string, ctx: FxsContext): R {
  if (d === '#') {
    if (s.digits.length === 0) return { state: s, actions: [] };
    return offer(s.digits);
  }
  const digits = s.digits + d;
  if (ctx.numberComplete?.(digits)) return offer(digits);
  // From dialTone the entry of collecting starts interDigit; within collecting each digit restarts it.
  const actions: FxsAction[] = s.name === 'dialTone' ? [{ type: 'tone', tone: undefined }] : [{ type: 'startTimer', name: 'interDigit' }];
  return { state: { name: 'collecting', digits }, actions };
}

function offer(dnis: string): R {
  return { state: { name: 'offered', digits: dnis }, actions: [{ type: 'tone', tone: undefined }, { type: 'offer', dnis }] };
}

const hangUp = (detail: string): FxsAction => ({ type: 'remoteHangup', cause: Cause.normalClearing, detail });

/** The engine released: open the loop (battery off) so a line behind the station sees the disconnect. */
function released(cause: number, ctx: FxsContext): R {
  return { state: { name: 'openLoop', digits: '', releaseCause: cause }, actions: [...normalPolarity(ctx), { type: 'battery', on: false }] };
}

/** Back to normal polarity when the call ends (only ports that reverse on answer). */
function normalPolarity(ctx: FxsContext): FxsAction[] {
  return ctx.reverseOnAnswer ? [{ type: 'polarity', reversed: false }] : [];
}

/** The FXS table. */
export const FXS_TABLE: MachineTable<FxsStateName, FxsState, FxsEvent, FxsAction, FxsContext> = {
  name: 'fxs',
  states: {
    onHook: {
      on: {
        'line.offhook': () => to('dialTone', { type: 'tone', tone: 'dial' }),
        'user.dial': () => to('ringing', { type: 'ring', on: true }, { type: 'remoteProgress' }),
      },
      ignore: ['line.onhook', 'user.hangup', 'dsp.dtmf'],
      to: ['dialTone', 'ringing'],
    },
    dialTone: {
      on: {
        'dsp.dtmf': (s, e, ctx) => digit(s, e.digit, ctx),
        'line.pulseDigit': (s, e, ctx) => digit(s, e.digit, ctx),
        'line.onhook': () => to('onHook', { type: 'tone', tone: undefined }),
        timer: (s, e) => (e.name === 'firstDigit' ? to('lockout', { type: 'tone', tone: 'congestion' }) : { state: s, actions: [] }),
      },
      ignore: ['line.flash', 'line.offhook'],
      to: ['collecting', 'offered', 'onHook', 'lockout'],
      timers: ['firstDigit'],
    },
    collecting: {
      on: {
        'dsp.dtmf': (s, e, ctx) => digit(s, e.digit, ctx),
        'line.pulseDigit': (s, e, ctx) => digit(s, e.digit, ctx),
        'line.onhook': () => to('onHook'),
        timer: (s, e) => (e.name === 'interDigit' ? offer(s.digits) : { state: s, actions: [] }),
      },
      ignore: ['line.flash', 'line.offhook'],
      to: ['offered', 'onHook'],
      timers: ['interDigit'],
    },
    offered: {
      on: {
        'user.answer': (s, _e, ctx) => ({ state: { name: 'connected', digits: s.digits }, actions: ctx.reverseOnAnswer ? [{ type: 'polarity', reversed: true }] : [] }),
        'user.hangup': (_s, e, ctx) => released(e.cause, ctx),
        'line.onhook': () => to('onHook', hangUp('station on hook')),
        'line.flash': (s) => ({ state: s, actions: [{ type: 'remoteFlash' }] }),
        'line.pulseDigit': (s, e) => ({ state: s, actions: [{ type: 'reportDigit', digit: e.digit }] }),
      },
      ignore: ['user.progress', 'dsp.dtmf', 'line.offhook'],
      to: ['connected', 'openLoop', 'onHook'],
    },
    ringing: {
      on: {
        'line.offhook': () => to('connected', { type: 'ring', on: false }, { type: 'remoteAnswer' }),
        'user.hangup': () => to('onHook', { type: 'ring', on: false }),
      },
      ignore: ['line.onhook', 'user.progress'],
      to: ['connected', 'onHook'],
    },
    connected: {
      on: {
        'line.onhook': (_s, _e, ctx) => to('onHook', ...normalPolarity(ctx), hangUp('station on hook')),
        'line.flash': (s) => ({ state: s, actions: [{ type: 'remoteFlash' }] }),
        'line.pulseDigit': (s, e) => ({ state: s, actions: [{ type: 'reportDigit', digit: e.digit }] }),
        'user.hangup': (_s, e, ctx) => released(e.cause, ctx),
      },
      ignore: ['user.answer', 'user.progress', 'dsp.dtmf', 'line.offhook'],
      to: ['onHook', 'openLoop'],
    },
    openLoop: {
      on: {
        'line.onhook': () => to('onHook', { type: 'battery', on: true }),
        timer: (s, e) =>
          e.name === 'openLoop' ? to('releaseTone', { type: 'battery', on: true }, { type: 'tone', tone: releaseTone(s.releaseCause ?? Cause.normalClearing) }) : { state: s, actions: [] },
      },
      // Without battery the board still decodes hook changes; digits and flashes mean nothing now.
      ignore: ['line.flash', 'line.pulseDigit', 'dsp.dtmf', 'user.hangup', 'line.offhook'],
      to: ['onHook', 'releaseTone'],
      timers: ['openLoop'],
    },
    releaseTone: {
      on: {
        'line.onhook': () => to('onHook', { type: 'tone', tone: undefined }),
        timer: (s, e) => (e.name === 'releaseTone' ? to('lockout', { type: 'tone', tone: undefined }) : { state: s, actions: [] }),
      },
      ignore: ['line.flash', 'line.pulseDigit', 'dsp.dtmf', 'user.hangup', 'line.offhook'],
      to: ['onHook', 'lockout'],
      timers: ['releaseTone'],
    },
    lockout: {
      on: { 'line.onhook': () => to('onHook', { type: 'tone', tone: undefined }) },
      ignore: ['line.flash', 'line.pulseDigit', 'dsp.dtmf', 'user.hangup', 'line.offhook', 'timer'],
      to: ['onHook'],
    },
  },
  unexpected: (s, e) => {
    const inCall = s.name === 'offered' || s.name === 'connected' || s.name === 'ringing';
    const actions: FxsAction[] = [{ type: 'tone', tone: undefined }, { type: 'ring', on: false }, { type: 'battery', on: true }];
    if (inCall) actions.push({ type: 'remoteHangup', cause: Cause.protocolErrorUnspecified, detail: `fxs: ${e.type} in ${s.name}` });
    // The hook state decides the safe state: an on-hook event means the station hung up.
    const stationOffHook = e.type !== 'line.onhook' && s.name !== 'onHook' && s.name !== 'ringing';
    return { state: { name: stationOffHook ? 'lockout' : 'onHook', digits: '' }, actions };
  },
};

/** One FXS step (pure). */
export function fxsStep(state: FxsState, event: FxsEvent, ctx: FxsContext = {}): StepResult<FxsState, FxsAction> {
  return runStep(FXS_TABLE, state, event, ctx) as StepResult<FxsState, FxsAction>;
}
