// The only import point of the DSP core.

export { Dsp } from './dsp.ts';
export { DspCore, type DspVariant, type DspLoadOptions } from './core.ts';
export { FramePool, type Frame } from './frames.ts';
export { EventRing, type DspEvent } from './events.ts';
export { KernelBank, regionsOf, type KernelRegions } from './kernel-bank.ts';
export { G711Bank, type G711Law } from './g711.ts';
export { DtmfRxBank, DTMF_DIGITS, type DtmfRxOptions, type DtmfRxEvent, type DtmfDigit } from './dtmf-rx.ts';
export { DtmfTxBank, type DtmfSendOptions, type DtmfTxMode } from './dtmf-tx.ts';
export {
  MfRxBank,
  MF_FORWARD_HZ,
  MF_BACKWARD_HZ,
  MF_SIGNAL_PAIRS,
  MF_RX_DEFAULTS,
  mfFrequencies,
  mfSignalHz,
  mfSignalOf,
  mfRxThresholds,
  type MfGroup,
  type MfRxOptions,
  type MfRxThresholds,
  type MfRxEvent,
} from './mf-rx.ts';
export { MfTxBank, MF_TX_DEFAULTS, type MfTxOptions } from './mf-tx.ts';
export {
  ToneTxBank,
  compileTone,
  dbm0ToPeak,
  DBM0_SINE_PEAK,
  TONE_TX_DEFAULT_RAMP_MS,
  type ToneTxMode,
  type TonePlayOptions,
  type CompiledTone,
  type CompiledSegment,
} from './tone-tx.ts';
export { TONE_PLANS, TONE_NAMES, type ToneName, type ToneSegment, type ToneDef, type TonePlan } from './tone-plans.ts';
export {
  ToneRxBank,
  toneRxBins,
  toneRxThresholds,
  TONE_RX_CLASS_ENERGY,
  TONE_RX_DEFAULTS,
  CNG_HZ,
  ANS_HZ,
  type ToneRxOptions,
  type ToneRxBins,
  type ToneRxThresholds,
  type ToneRxEvent,
} from './tone-rx.ts';
export { CallProgress, type CallProgressKind, type CallProgressReport, type CallProgressOptions } from './call-progress.ts';
export { EchoBank, isEchoEvent, type EchoOptions, type EchoStats, type EchoTailMs, type EchoBypass } from './echo.ts';
export { MixerBank, type MixerParticipant, type MixerRoomResult } from './mixer.ts';
export { LevelBank, LEVEL_DEFAULTS, type LevelOptions, type LevelReading } from './level.ts';
export * as layout from './layout.generated.ts';
