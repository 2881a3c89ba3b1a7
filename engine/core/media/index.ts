// The media tick: one batched DSP pass per 20 ms for every active leg.

/** The per-tick pipeline over all legs. */
export { MediaTick, FRAME_SAMPLES, TICK_MS, type MediaCounters } from './media-tick.ts';
/** A leg's DSP resources and audio routing. */
export { LegMedia, type LegSource, type LegMediaOwner } from './leg-media.ts';
/** A conference room on the DSP mixer. */
export { MediaRoom } from './media-room.ts';
/** The DSP stages the tick drives, bound from a loaded Dsp. */
export { bindMediaDsp, type MediaDsp, type ToneSpec, type EchoStage, type DetectStage, type ToneStage, type MixStage, type CodecStage } from './media-dsp.ts';
/** Progress tones and the default music on hold. */
export { DEFAULT_PROGRESS_TONES, DEFAULT_MUSIC_ON_HOLD, progressTonesFor, type ProgressTones } from './progress-tones.ts';
/** In-band DTMF as tone segments (Q.23). */
export { dtmfFrequencies, dtmfToneChunk, DTMF_DIGITS } from './dtmf-out.ts';
