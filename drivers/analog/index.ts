// The analog loop-start driver: FXS extensions and FXO trunks over a
// board's analog spans, the line-side DSP they share, and a simulated
// phone for tests and the demo. See docs/engine.md "Analog loop start".

/** The ChannelDriver (technology "analog") over a board's fxs/fxo spans. */
export { AnalogDriver, type AnalogDriverOptions, type AnalogPortConfig } from './analog-driver.ts';
/** The Channel of one call on an analog port. */
export { AnalogChannel } from './analog-channel.ts';
/** Port shells (state, trace, counters) as the driver exposes them. */
export { AnalogPort, TRACE_LIMIT, DEFAULT_TONE_PLAN, type TraceEntry, type PortDeps } from './analog-port.ts';
/** FXS (extension) and FXO (trunk) port shells. */
export { FxsPort } from './fxs-port.ts';
export { FxoPort } from './fxo-port.ts';
/** Line-side audio services (dial/busy tone, DTMF in and out) on a Dsp of their own. */
export { LineDsp, LinePort, ALAW_SILENCE, LINE_FRAME_SAMPLES } from './line-dsp.ts';
/** The FXS machine: pure step, table, audio paths, release tones. */
export { fxsStep, FXS_TABLE, FXS_IDLE, FXS_AUDIO, RELEASE_TONES, releaseTone, type FxsState, type FxsStateName, type FxsEvent, type FxsAction, type FxsContext } from './fxs-line.ts';
/** The FXO machine: pure step, table, audio paths. */
export { fxoStep, FXO_TABLE, FXO_IDLE, FXO_AUDIO, type FxoState, type FxoStateName, type FxoEvent, type FxoAction, type FxoContext } from './fxo-line.ts';
/** The machine runner shared by both. */
export { runStep, type MachineTable, type StateEntry, type StepResult, type TimerAction } from './fsm.ts';
/** Timers of both machines, as data, and their override check. */
export { FXS_TIMERS, FXO_TIMERS, resolveTimers, type TimerSpec, type FxsTimerName, type FxoTimerName, type TimerValues } from './timers.ts';
/** A simulated analog phone (station side) for tests and the demo. */
export { SimPhone, PULSE_BREAK_MS, PULSE_MAKE_MS, PULSE_INTERDIGIT_MS, type SimPhoneOptions, type SimPhoneEvents } from './sim-phone.ts';
/** The `analog` config section: validator (engine decoder signature) and builder of drivers and simulated phones. */
export { validateAnalog, buildAnalog, type AnalogSection, type AnalogDriverConfig, type SimPhoneConfig, type AnalogBuild, type AnalogConfigContext } from './config.ts';
