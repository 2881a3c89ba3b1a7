// Call-progress tones and the default music on hold the engine generates.
//
// What it does: the tones the engine plays to a caller by itself (ringback
// while the far end alerts without early media, busy and congestion, the
// default music on hold when no MoH prompt file is configured). Ringback,
// busy and congestion come from the DSP core's tone plans (dsp/tone-plans.ts,
// one source): China's 450 Hz plan by default, `progressTonesFor('itu')` or
// `'us'` for others; a deployment may also pass its own.
//
// Spec: China network practice (450 Hz, ringback 1 s on 4 s off, busy
// 0.35/0.35 s, congestion 0.7/0.7 s, -10 dBm0), ITU-T E.180 for `itu`.
// Limits: the default MoH is a soft repeating four-note figure at -18 dBm0,
// not music; it only tells the held party the call is alive.

import { TONE_PLANS } from '../../../dsp/index.ts';
import type { ToneSpec } from './media-dsp.ts';

/** The tones the engine plays itself. */
export interface ProgressTones {
  readonly ringback: ToneSpec;
  readonly busy: ToneSpec;
  readonly congestion: ToneSpec;
  readonly musicOnHold: ToneSpec;
}

const MOH_DBM0 = -18;

function note(freqHz: number, ms: number) {
  return { freqsHz: [freqHz], levelDbm0: MOH_DBM0, durationMs: ms };
}

function rest(ms: number) {
  return { freqsHz: [], levelDbm0: 0, durationMs: ms };
}

/** The generated default music on hold. */
export const DEFAULT_MUSIC_ON_HOLD: ToneSpec = {
  name: 'musicOnHold',
  repeat: true,
  segments: [note(523, 300), rest(60), note(659, 300), rest(60), note(784, 300), rest(60), note(659, 300), rest(1200)],
};

/** Progress tones of one of the DSP core's plans, with the default MoH. */
export function progressTonesFor(plan: keyof typeof TONE_PLANS): ProgressTones {
  const t = TONE_PLANS[plan].tones;
  return { ringback: t.ringback, busy: t.busy, congestion: t.congestion, musicOnHold: DEFAULT_MUSIC_ON_HOLD };
}

/** China 450 Hz progress tones and the generated default MoH. */
export const DEFAULT_PROGRESS_TONES: ProgressTones = progressTonesFor('cn');
