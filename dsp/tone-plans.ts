// Tone plans: the call-progress tones of a country as data.
//
// What it does: for each plan (China, ITU-T E.180 general, North America)
// the segments of every tone: frequencies, level and duration, and whether
// the list repeats. The toneTx kernel plays these (dsp/tone-tx.ts); the
// call-progress detector reads them to know what it listens for.
//
// Conventions: `levelDbm0` is the level of EACH frequency of the segment
// (telephony specs quote two-frequency tones "per frequency"); a segment
// with no frequencies is silence; durationMs 0 means "forever" (a
// continuous tone). A non-repeating list ends (the kernel reports
// EV_TONE_TX_DONE) after its last segment.
//
// Sources and confidence (tags as in shared/reference/tones-and-dsp.md):
//   cn: §1 of that sheet [V] (Asterisk indications.conf [cn], Synway);
//       the −10 dBm0 level is common practice, not confirmed [M].
//   itu: ITU-T E.180 and its supplement (recommended 425 Hz plan); values
//       from memory of E.180 [M], keep configurable.
//   us: North American precise tone plan (ANSI T1.401 / Bellcore LSSGR);
//       frequencies [V] by wide use (Asterisk [us]), levels [M], SIT
//       segment lengths [M] (the "intercept" pattern; real SITs vary the
//       short/long lengths to encode the cause).

/** The tones every plan defines. */
export type ToneName =
  | 'dial'
  | 'ringback'
  | 'busy'
  | 'congestion'
  | 'callWaiting'
  | 'specialInformation'
  | 'recordTone'
  | 'specialDial';

/** One piece of a tone: 0..4 frequencies (none = silence) at one level for a duration (0 = forever). */
export interface ToneSegment {
  freqsHz: readonly number[];
  levelDbm0: number;
  durationMs: number;
}

/** A tone: its segments, played in order, optionally repeated. */
export interface ToneDef {
  name: ToneName;
  segments: readonly ToneSegment[];
  repeat: boolean;
}

/** A country's (or a standard's) set of tones. */
export interface TonePlan {
  country: string;
  description: string;
  tones: Readonly<Record<ToneName, ToneDef>>;
}

/** Every tone name, in a stable order. */
export const TONE_NAMES: readonly ToneName[] = [
  'dial',
  'ringback',
  'busy',
  'congestion',
  'callWaiting',
  'specialInformation',
  'recordTone',
  'specialDial',
];

function on(freqsHz: readonly number[], levelDbm0: number, durationMs: number): ToneSegment {
  return { freqsHz, levelDbm0, durationMs };
}

function off(durationMs: number): ToneSegment {
  return { freqsHz: [], levelDbm0: 0, durationMs };
}

function tone(name: ToneName, repeat: boolean, ...segments: ToneSegment[]): ToneDef {
  return { name, segments, repeat };
}

/** China's level for its 450 Hz tones [M]. */
const CN_DBM0 = -10;
/** ITU E.180 tones: a typical network send level [M]. */
const ITU_DBM0 = -10;

const CN: TonePlan = {
  country: 'cn',
  description: 'China (YD/T and network practice): 450 Hz tones, 950 Hz recording tone',
  tones: {
    dial: tone('dial', false, on([450], CN_DBM0, 0)),
    ringback: tone('ringback', true, on([450], CN_DBM0, 1000), off(4000)),
    busy: tone('busy', true, on([450], CN_DBM0, 350), off(350)),
    congestion: tone('congestion', true, on([450], CN_DBM0, 700), off(700)),
    callWaiting: tone('callWaiting', true, on([450], CN_DBM0, 400), off(4000)),
    // Asterisk `info` for [cn]; used in China as the vacant-number tone [M].
    specialInformation: tone(
      'specialInformation',
      true,
      on([450], CN_DBM0, 100),
      off(100),
      on([450], CN_DBM0, 100),
      off(100),
      on([450], CN_DBM0, 100),
      off(100),
      on([450], CN_DBM0, 400),
      off(400),
    ),
    recordTone: tone('recordTone', true, on([950], CN_DBM0, 400), off(10000)),
    // Asterisk's [cn] dialrecall is plain 450 Hz continuous [V].
    specialDial: tone('specialDial', false, on([450], CN_DBM0, 0)),
  },
};

const ITU: TonePlan = {
  country: 'itu',
  description: 'ITU-T E.180 general plan: 425 Hz tones [M]',
  tones: {
    dial: tone('dial', false, on([425], ITU_DBM0, 0)),
    // E.180: ringing 0.67-1.5 s on, 3-5 s off; 1 s / 4 s chosen [M].
    ringback: tone('ringback', true, on([425], ITU_DBM0, 1000), off(4000)),
    // E.180: busy 0.1-0.6 s on, equal off; 0.5/0.5 chosen [M].
    busy: tone('busy', true, on([425], ITU_DBM0, 500), off(500)),
    // Congestion: faster than busy; 0.25/0.25 chosen [M].
    congestion: tone('congestion', true, on([425], ITU_DBM0, 250), off(250)),
    // Call waiting: 0.2 on, 0.2 off, 0.2 on, then a long pause [M].
    callWaiting: tone('callWaiting', true, on([425], ITU_DBM0, 200), off(200), on([425], ITU_DBM0, 200), off(4400)),
    // SIT (E.180 §7 / Q.35): 950, 1400, 1800 Hz, 330 ms each, then 1 s silence [M].
    specialInformation: tone(
      'specialInformation',
      true,
      on([950], ITU_DBM0, 330),
      on([1400], ITU_DBM0, 330),
      on([1800], ITU_DBM0, 330),
      off(1000),
    ),
    // Recording warning: 1400 Hz, 0.4 s every 15 s [M].
    recordTone: tone('recordTone', true, on([1400], -15, 400), off(15000)),
    // Special dial tone: 425 Hz interrupted 0.4 on / 0.04 off [M].
    specialDial: tone('specialDial', true, on([425], ITU_DBM0, 400), off(40)),
  },
};

const US: TonePlan = {
  country: 'us',
  description: 'North American precise tone plan (ANSI T1.401, LSSGR)',
  tones: {
    dial: tone('dial', false, on([350, 440], -13, 0)),
    ringback: tone('ringback', true, on([440, 480], -19, 2000), off(4000)),
    busy: tone('busy', true, on([480, 620], -24, 500), off(500)),
    // Reorder (congestion).
    congestion: tone('congestion', true, on([480, 620], -24, 250), off(250)),
    // 440 Hz burst of 300 ms, repeated after 10 s [M].
    callWaiting: tone('callWaiting', true, on([440], -13, 300), off(10000)),
    // SIT: 913.8, 1370.6, 1776.7 Hz; 274/274/380 ms [M] ("intercept" lengths), then 4 s silence [M].
    specialInformation: tone(
      'specialInformation',
      true,
      on([913.8], -24, 274),
      on([1370.6], -24, 274),
      on([1776.7], -24, 380),
      off(4000),
    ),
    // Recorder warning tone: 1400 Hz, 0.5 s every 15 s [M].
    recordTone: tone('recordTone', true, on([1400], -22, 500), off(15000)),
    // Stutter dial: 350+440 Hz 0.1/0.1 s for 1 s, then steady [M].
    specialDial: tone(
      'specialDial',
      false,
      ...Array.from({ length: 10 }, () => [on([350, 440], -13, 100), off(100)]).flat(),
      on([350, 440], -13, 0),
    ),
  },
};

/** The built-in plans, keyed by country code. */
export const TONE_PLANS: Readonly<Record<'cn' | 'itu' | 'us', TonePlan>> = { cn: CN, itu: ITU, us: US };
