// Call-progress tones and the default music on hold the engine generates.
//
// What it does: the tones the engine plays to a caller by itself (ringback
// while the far end alerts without early media, busy and congestion before
// releasing, the default music on hold when no MoH prompt file is
// configured). The defaults are China's 450 Hz plan (the same values as the
// DSP core's `cn` tone plan, dsp/tone-plans.ts; a deployment passes its own
// plan through the Engine options).
//
// Spec: China network practice (YD/T 1280 tone plan): ringback 1 s on 4 s
// off, busy 0.35/0.35 s, congestion 0.7/0.7 s, 450 Hz at -10 dBm0.
// Limits: the default MoH is a soft repeating four-note figure at -18 dBm0,
// not music; it only tells the held party the call is alive.

import type { ToneSpec } from './media-dsp.ts';

/** The tones the engine plays itself. */
export interface ProgressTones {
  readonly ringback: ToneSpec;
  readonly busy: ToneSpec;
  readonly congestion: ToneSpec;
  readonly musicOnHold: ToneSpec;
}

const CN_DBM0 = -10;
const MOH_DBM0 = -18;

function note(freqHz: number, ms: number) {
  return { freqsHz: [freqHz], levelDbm0: MOH_DBM0, durationMs: ms };
}

function rest(ms: number) {
  return { freqsHz: [], levelDbm0: 0, durationMs: ms };
}

/** China 450 Hz progress tones and the generated default MoH. */
export const DEFAULT_PROGRESS_TONES: ProgressTones = {
  ringback: { name: 'ringback', repeat: true, segments: [{ freqsHz: [450], levelDbm0: CN_DBM0, durationMs: 1000 }, rest(4000)] },
  busy: { name: 'busy', repeat: true, segments: [{ freqsHz: [450], levelDbm0: CN_DBM0, durationMs: 350 }, rest(350)] },
  congestion: { name: 'congestion', repeat: true, segments: [{ freqsHz: [450], levelDbm0: CN_DBM0, durationMs: 700 }, rest(700)] },
  musicOnHold: {
    name: 'musicOnHold',
    repeat: true,
    segments: [note(523, 300), rest(60), note(659, 300), rest(60), note(784, 300), rest(60), note(659, 300), rest(1200)],
  },
};
