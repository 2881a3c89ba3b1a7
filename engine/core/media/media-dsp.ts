// MediaDsp: the part of the DSP core the media tick uses, bound once.
//
// What it does: collects, from one loaded `Dsp`, the banks and event kinds
// the media tick drives (frames, G.711, echo canceller, DTMF detector,
// level meter, tone generator, mixer) behind small interfaces, so the tick's code
// names exactly the operations it needs and a unit test can see them.
//
// How: each stage is bound to its bank's published method (`queueDecode`,
// `echo.queue`, ...). Banks whose kernel has not landed yet (their TS bank
// lacks the method) are bound as `undefined`, and the media tick skips that
// stage and reports it in `missing` (logged once at engine start), instead
// of failing every call. No per-tick allocation: the binding is made once.
//
// Limits: one MediaDsp per Dsp instance; the engine owns it.

import type { Dsp, Frame } from '../../../dsp/index.ts';

/** Frame allocation (the DSP frame pool). */
export interface FrameAlloc {
  alloc(): Frame;
  release(frame: Frame): void;
  readonly available: number;
}

/** G.711 stage (always present). */
export interface CodecStage {
  queueDecode(law: 'alaw' | 'ulaw', inPtr: number, outPtr: number): void;
  queueEncode(law: 'alaw' | 'ulaw', inPtr: number, outPtr: number): void;
  run(): number;
}

/** Echo canceller stage. */
export interface EchoStage {
  open(tailMs: 128): number;
  close(slot: number): void;
  queue(slot: number, rinPtr: number, sinPtr: number, soutPtr: number): void;
  setBypass(slot: number, bypass: boolean): void;
  bypass(slot: number): 'none' | 'forced' | 'toneDisabler';
  run(): number;
}

/** DTMF detector stage. */
export interface DetectStage {
  open(): number;
  close(slot: number): void;
  queue(slot: number, inPtr: number): void;
  run(): number;
}

/** DTMF generator stage (in-band digits out, Q.23). */
export interface DigitStage {
  open(): number;
  close(slot: number): void;
  send(slot: number, digits: string, options: { onMs: number; offMs: number; lowDbm0: number; highDbm0: number }): void;
  queue(slot: number, outPtr: number): void;
  readonly maxDigits: number;
  run(): number;
}

/** Level / voice activity stage. */
export interface LevelStage {
  open(): number;
  close(slot: number): void;
  queue(slot: number, inPtr: number): void;
  /** The slot's last frame level, dBm0. */
  levelDbm0(slot: number): number;
  run(): number;
}

/** Tone generator stage (call-progress tones, default MoH, in-band DTMF out). */
export interface ToneStage {
  open(): number;
  close(slot: number): void;
  play(slot: number, def: ToneSpec): void;
  stop(slot: number): void;
  playing(slot: number): boolean;
  queue(slot: number, outPtr: number, mode: 'overwrite' | 'add'): void;
  run(): number;
}

/** A tone as the generator takes it (the shape of dsp's ToneDef). */
export interface ToneSpec {
  readonly name: string;
  readonly repeat: boolean;
  readonly segments: readonly { readonly freqsHz: readonly number[]; readonly levelDbm0: number; readonly durationMs: number }[];
}

/** Conference mixer stage: a room is a slot; members are (inPtr, outPtr) pairs. */
export interface MixStage {
  openRoom(): number;
  closeRoom(room: number): void;
  /** Sets a room's members (control plane: on join/leave, not per tick). */
  setMembers(room: number, members: readonly { inPtr: number; outPtr: number }[]): void;
  /** Queues one tick of a room (each member's mix-minus into its outPtr). */
  queueRoom(room: number): void;
  run(): number;
}

/** Event kinds the tick dispatches. */
export interface MediaEventKinds {
  dtmfStart: number;
  dtmfEnd: number;
  toneTxDone: number;
  echoDisablerOn: number;
  echoDisablerOff: number;
  voiceStart: number;
  voiceEnd: number;
  dtmfTxDone: number;
}

/** The DSP as the media tick sees it. */
export interface MediaDsp {
  readonly frames: FrameAlloc;
  readonly codec: CodecStage;
  readonly echo: EchoStage | undefined;
  readonly dtmf: DetectStage | undefined;
  readonly level: LevelStage | undefined;
  readonly digits: DigitStage | undefined;
  readonly tone: ToneStage | undefined;
  readonly mixer: MixStage | undefined;
  readonly kinds: MediaEventKinds;
  /** Calls fn for every pending DSP event and empties the ring. */
  drainEvents(fn: (slot: number, kind: number, value: number, offsetSamples: number) => void): number;
  /** Stages whose kernel is not available in this build. */
  readonly missing: readonly string[];
}

function hasMethods(obj: object, names: readonly string[]): boolean {
  const o = obj as Record<string, unknown>;
  return names.every((n) => typeof o[n] === 'function');
}

/** Binds the media tick's stages to a loaded Dsp. */
export function bindMediaDsp(dsp: Dsp): MediaDsp {
  const missing: string[] = [];
  const codec: CodecStage = {
    queueDecode: (law, i, o) => dsp.g711.queueDecode(law, i, o),
    queueEncode: (law, i, o) => dsp.g711.queueEncode(law, i, o),
    run: () => dsp.g711.run(),
  };
  let echo: EchoStage | undefined;
  if (hasMethods(dsp.echo, ['open', 'queue', 'setBypass', 'stats'])) {
    echo = {
      open: (tailMs) => dsp.echo.open({ tailMs }),
      close: (slot) => dsp.echo.close(slot),
      queue: (slot, rin, sin, sout) => dsp.echo.queue(slot, rin, sin, sout),
      setBypass: (slot, b) => dsp.echo.setBypass(slot, b),
      bypass: (slot) => dsp.echo.stats(slot).bypass,
      run: () => dsp.echo.run(),
    };
  } else missing.push('echo');
  const dtmf = bindDetector(dsp);
  if (!dtmf) missing.push('dtmfRx');
  let digits: DigitStage | undefined;
  if (hasMethods(dsp.dtmfTx, ['open', 'send', 'queue'])) {
    const bank = dsp.dtmfTx;
    digits = {
      open: () => bank.open(),
      close: (slot) => bank.close(slot),
      send: (slot, d, o) => bank.send(slot, d, o),
      queue: (slot, out) => bank.queue(slot, out, 'add'),
      maxDigits: bank.maxDigits,
      run: () => bank.run(),
    };
  } else missing.push('dtmfTx');
  let level: LevelStage | undefined;
  if (hasMethods(dsp.level, ['open', 'queue', 'levelDbm0'])) {
    const bank = dsp.level;
    level = {
      open: () => bank.open(),
      close: (slot) => bank.close(slot),
      queue: (slot, inPtr) => bank.queue(slot, inPtr),
      levelDbm0: (slot) => bank.levelDbm0(slot),
      run: () => bank.run(),
    };
  } else missing.push('level');
  let tone: ToneStage | undefined;
  if (hasMethods(dsp.toneTx, ['open', 'play', 'stop', 'playing', 'queue'])) {
    const bank = dsp.toneTx;
    tone = {
      open: () => bank.open(),
      close: (slot) => bank.close(slot),
      // The generator reads only segments/repeat; `name` is used in its error messages.
      play: (slot, def) => bank.play(slot, def as Parameters<typeof bank.play>[1]),
      stop: (slot) => bank.stop(slot),
      playing: (slot) => bank.playing(slot),
      queue: (slot, out, mode) => bank.queue(slot, out, mode),
      run: () => bank.run(),
    };
  } else missing.push('toneTx');
  const mixer = bindMixer(dsp);
  if (!mixer) missing.push('mixer');
  const L = dsp.core.layout;
  return {
    frames: dsp.frames,
    codec,
    echo,
    dtmf,
    level,
    digits,
    tone,
    mixer,
    kinds: {
      dtmfStart: L.EV_DTMF_START,
      dtmfEnd: L.EV_DTMF_END,
      toneTxDone: L.EV_TONE_TX_DONE,
      echoDisablerOn: L.EV_ECHO_DISABLER_ON,
      echoDisablerOff: L.EV_ECHO_DISABLER_OFF,
      voiceStart: L.EV_LEVEL_VOICE_START,
      voiceEnd: L.EV_LEVEL_VOICE_END,
      dtmfTxDone: L.EV_DTMF_TX_DONE,
    },
    drainEvents: (fn) => dsp.events.drain(fn),
    missing,
  };
}

interface DetectorBankShape {
  open(): number;
  close(slot: number): void;
  queue(slot: number, inPtr: number): void;
  run(): number;
}

function bindDetector(dsp: Dsp): DetectStage | undefined {
  const bank = dsp.dtmfRx as unknown as DetectorBankShape;
  if (!hasMethods(bank, ['open', 'close', 'queue', 'run'])) return undefined;
  return {
    open: () => bank.open(),
    close: (slot) => bank.close(slot),
    queue: (slot, inPtr) => bank.queue(slot, inPtr),
    run: () => bank.run(),
  };
}

function bindMixer(dsp: Dsp): MixStage | undefined {
  const bank = dsp.mixer;
  if (!hasMethods(bank, ['open', 'close', 'run', 'queue', 'setParticipants'])) return undefined;
  return {
    openRoom: () => bank.open(),
    closeRoom: (room) => bank.close(room),
    setMembers: (room, members) => bank.setParticipants(room, members),
    queueRoom: (room) => bank.queue(room),
    run: () => bank.run(),
  };
}
