// The only import point of the DSP core.

export { Dsp } from './dsp.ts';
export { DspCore, type DspVariant, type DspLoadOptions } from './core.ts';
export { FramePool, type Frame } from './frames.ts';
export { EventRing, type DspEvent } from './events.ts';
export { KernelBank, regionsOf, type KernelRegions } from './kernel-bank.ts';
export { G711Bank } from './g711.ts';
export { DtmfRxBank } from './dtmf-rx.ts';
export { DtmfTxBank } from './dtmf-tx.ts';
export { MfRxBank } from './mf-rx.ts';
export { MfTxBank } from './mf-tx.ts';
export { ToneTxBank } from './tone-tx.ts';
export { ToneRxBank } from './tone-rx.ts';
export { EchoBank } from './echo.ts';
export { MixerBank } from './mixer.ts';
export { LevelBank } from './level.ts';
export * as layout from './layout.generated.ts';
