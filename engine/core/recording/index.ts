// Recordings and prompts: WAV writing that survives crashes, the start-up
// repair pass, WAV prompt reading with G.711 expansion and resampling, and
// the recording rules.

/** WAVE container parsing and the canonical PCM header; WavError names file and field. */
export { CANONICAL_HEADER_BYTES, WAVE_FORMAT_ALAW, WAVE_FORMAT_MULAW, WAVE_FORMAT_PCM, WavError, parseWav, wavHeader, type WavFormat, type WavLayout } from './wav-format.ts';
/** Prompt decoding to 8 kHz mono frames. */
export { ENGINE_RATE_HZ, FRAME_SAMPLES, WavPrompt, decodeWav, loadWav, type DecodedPrompt } from './wav-reader.ts';
/** The crash-tolerant recording writer. */
export { FLUSH_SECONDS, WavRecorder, type RecordingLayout, type RecordingStats, type WavRecorderOptions } from './wav-recorder.ts';
/** Start-up repair of truncated recordings. */
export { repairRecordings, repairWavFile, type RepairResult } from './wav-repair.ts';
/** Factories the engine's media tick uses. */
export { WavPromptFactory, WavRecordingFactory, type RecordingSaved, type WavRecordingFactoryOptions } from './file-factories.ts';
/** Rational-rate polyphase FIR resampler. */
export { PolyphaseResampler, resample } from './resample.ts';
/** G.711 expansion tables. */
export { ALAW_TO_LINEAR, ULAW_TO_LINEAR } from './g711-expand.ts';
/** always / never / onDemand decision. */
export { recordingModeFor, type RecordingSubject } from './recording-rules.ts';
