// Prompt sources and recording sinks: the file side of the media tick.
//
// What it does: declares the two interfaces the engine's media tick drives
// once per 20 ms tick and the ops layer implements over WAV files
// (engine/core/recording/). A PromptSource yields 160 linear 8 kHz samples
// per tick (the implementation decodes A-law/μ-law and resamples 16 kHz
// files); a RecordingSink receives each tick's received and sent audio of a
// leg (mono mix or stereo is the sink's choice).
//
// Limits: both are synchronous and called from the media tick: they must be
// cheap (buffer and write in large blocks) and must not throw; if they do the
// engine stops that prompt or recording, logs the reason and the call goes on.

/** 160 samples of linear 8 kHz audio per tick, from a file or a generator. */
export interface PromptSource {
  /** Fills out with the next 160 samples; returns false when the prompt has ended (out is then ignored). */
  read(out: Int16Array): boolean;
  /** Releases file handles; idempotent. */
  close(): void;
}

/** Opens prompts by name (the ops engineer's WAV reader). */
export interface PromptFactory {
  /** Opens a prompt; undefined when it does not exist (the engine falls back, e.g. to the default MoH tone). */
  open(name: string): PromptSource | undefined;
}

/** Receives the audio of one recorded leg or call. */
export interface RecordingSink {
  /** Path of the file (for the CDR). */
  readonly path: string;
  /** One tick: what the recorded party said (rx) and what it heard (tx), 160 linear samples each. */
  write(rx: Int16Array, tx: Int16Array): void;
  /** Finishes the file (header sizes); idempotent. */
  close(): void;
}

/** Opens recordings (the ops engineer's WAV writer). */
export interface RecordingFactory {
  open(request: { callId: string; legId: string; at: number; wallAt: number }): RecordingSink;
}
