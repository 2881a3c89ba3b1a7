// MediaTick: every 20 ms of engine time, one batched pass through the DSP
// core for every active leg.
//
// What it does, in order (each DSP stage is one bank run over work queued
// for all legs first, so the JS/WASM boundary is crossed once per stage):
//   1. drivers' mediaIn: line audio into the legs' rx frames
//   2. G.711 decode (A-law or μ-law per leg; l16 legs are already linear)
//   3. echo cancellation on TDM/analog legs: Rin = txLin (what we sent last
//      tick), Sin = rxLin, Sout = clean (skipped in fax mode); the kernel's
//      tone disabler bypasses it on 2100 Hz with phase reversals
//      then the drivers' optional mediaRx hook (their own detectors, e.g. MF)
//   4. DTMF detection on each leg's own received audio, once (detection
//      never runs on bridged or mixed audio, so a digit is seen once per
//      direction however many parties hear it)
//   5. level / voice activity on the same audio
//   6. DSP events: digits, voice start/end, tone-disabler switches, tone ends
//   7. outgoing audio: fax tap, prompt, tone, or the leg's source (a
//      direct copy of the peer's frame for two-party bridges; mixer rooms
//      for three or more), then in-band digits added on top
//   8. mixer run, tone generator run, DTMF generator run (digits added)
//      then the drivers' optional mediaTx hook (register tones)
//   9. recording taps (what the leg said, what it heard)
//  10. G.711 encode
//  11. drivers' mediaOut: tx frames to the lines
//
// How: per-leg work sits inside a try boundary; a leg that throws is marked
// faulted, skipped by later stages, and its owner is told after the tick so
// the engine releases that call (the others keep running). Stage-wide
// failures (a kernel abort) are logged and counted; the tick goes on.
// Frames and slots are allocated in open() and freed in close(); the tick
// itself allocates nothing.
//
// Specs: G.711 (codec), G.168 (echo canceller, 2100 Hz disabler per
// G.164 §3.3/G.165 §3.4), Q.24 (DTMF reception).
// Limits: one frame per leg per tick; legs open and close between ticks.

import { Cause, silentLog, type Channel, type ChannelDriver, type Log, type PromptSource, type RecordingSink } from '../contracts/index.ts';
import type { MediaDsp, ToneSpec } from './media-dsp.ts';
import { allocateLegMedia, releaseLegMedia, type LegMedia, type LegMediaOwner, type LegSource } from './leg-media.ts';
import { MediaRoom } from './media-room.ts';
import { dtmfToneChunk, DTMF_DIGITS } from './dtmf-out.ts';

/** Samples per 20 ms frame. */
export const FRAME_SAMPLES = 160;
/** Media tick period. */
export const TICK_MS = 20;

/** Counters for /metrics. */
export interface MediaCounters {
  ticks: number;
  legFaults: number;
  stageErrors: number;
  digitsDetected: number;
  echoDisablerOn: number;
  unknownEvents: number;
}

/** The media pipeline of one engine. */
export class MediaTick {
  readonly counters: MediaCounters = { ticks: 0, legFaults: 0, stageErrors: 0, digitsDetected: 0, echoDisablerOn: 0, unknownEvents: 0 };
  private readonly dsp: MediaDsp;
  private readonly log: Log;
  private readonly drivers: () => readonly ChannelDriver[];
  private readonly legs = new Set<LegMedia>();
  private readonly rooms = new Set<MediaRoom>();
  private readonly byEcho = new Map<number, LegMedia>();
  private readonly byDtmf = new Map<number, LegMedia>();
  private readonly byLevel = new Map<number, LegMedia>();
  private readonly byTone = new Map<number, LegMedia>();
  private readonly byDigits = new Map<number, LegMedia>();
  private readonly faults: { leg: LegMedia; err: unknown; stage: string }[] = [];
  private frameStartSample = 0;

  constructor(options: { dsp: MediaDsp; drivers: () => readonly ChannelDriver[]; log?: Log }) {
    this.dsp = options.dsp;
    this.drivers = options.drivers;
    this.log = options.log ?? silentLog;
  }

  /** Legs with media now. */
  get activeLegs(): number {
    return this.legs.size;
  }

  /** True when conference rooms can be made (the mixer kernel is present). */
  get canMix(): boolean {
    return this.dsp.mixer !== undefined;
  }

  /** Starts a leg's media: allocates its frames and slots and attaches them to the channel. */
  open(id: string, channel: Channel, owner: LegMediaOwner): LegMedia {
    const leg = allocateLegMedia(this.dsp, id, channel, owner);
    this.legs.add(leg);
    if (leg.echoSlot >= 0) this.byEcho.set(leg.echoSlot, leg);
    if (leg.dtmfSlot >= 0) this.byDtmf.set(leg.dtmfSlot, leg);
    if (leg.levelSlot >= 0) this.byLevel.set(leg.levelSlot, leg);
    if (leg.toneSlot >= 0) this.byTone.set(leg.toneSlot, leg);
    return leg;
  }

  /** Ends a leg's media: detaches the channel and frees every frame and slot. Idempotent. */
  close(leg: LegMedia): void {
    if (!this.legs.delete(leg)) return;
    const d = this.dsp;
    for (const room of this.rooms) if (room.has(leg)) this.leaveRoom(leg);
    for (const other of this.legs) if (other.source.kind === 'leg' && other.source.from === leg) other.source = { kind: 'silence' };
    leg.channel.detachMedia();
    this.closeQuietly(() => leg.prompt?.close());
    this.closeQuietly(() => leg.recording?.close());
    leg.prompt = undefined;
    leg.recording = undefined;
    this.byEcho.delete(leg.echoSlot);
    this.byDtmf.delete(leg.dtmfSlot);
    this.byLevel.delete(leg.levelSlot);
    this.byTone.delete(leg.toneSlot);
    if (d.digits) this.byDigits.delete(leg.digitSlot);
    else this.byTone.delete(leg.digitSlot);
    releaseLegMedia(d, leg);
  }

  /**
   * Switches fax mode: the leg's audio passes untouched (no echo canceller,
   * no DTMF detection) and, with a tap, its raw samples go to the fax engine.
   */
  setFaxMode(leg: LegMedia, on: boolean): void {
    leg.channel.media.faxMode = on;
    for (const room of this.rooms) if (room.has(leg)) room.rebuild();
  }

  /** Sets where a leg's outgoing audio comes from (bridge, room, silence). */
  setSource(leg: LegMedia, source: LegSource): void {
    leg.source = source;
  }

  /** Plays a tone (replacing any playback); false if the tone kernel is absent. */
  playTone(leg: LegMedia, spec: ToneSpec): boolean {
    const tone = this.dsp.tone;
    if (!tone || leg.toneSlot < 0) return false;
    this.stopPlayback(leg);
    tone.play(leg.toneSlot, spec);
    leg.toneActive = true;
    return true;
  }

  /** Plays a prompt (replacing any playback); the source is closed when it ends or is stopped. */
  playPrompt(leg: LegMedia, source: PromptSource): void {
    this.stopPlayback(leg);
    leg.prompt = source;
  }

  /** Stops any tone or prompt (no playbackDone callback). */
  stopPlayback(leg: LegMedia): void {
    if (leg.toneActive && leg.toneSlot >= 0) this.dsp.tone?.stop(leg.toneSlot);
    leg.toneActive = false;
    if (leg.prompt) {
      const p = leg.prompt;
      leg.prompt = undefined;
      this.closeQuietly(() => p.close());
    }
  }

  /**
   * Queues in-band DTMF on the leg's outgoing audio (added to whatever the
   * leg hears): the DSP DTMF generator, or the tone generator when the DTMF
   * kernel is absent. Low group at levelDbm0, high group 2 dB above it
   * (pre-emphasis, Q.23 practice). False if neither generator exists.
   */
  sendDigits(leg: LegMedia, digits: string, options: { onMs?: number; offMs?: number; levelDbm0?: number } = {}): boolean {
    const gen = this.dsp.digits;
    const tone = this.dsp.tone;
    if (!gen && !tone) return false;
    const clean = [...digits.toUpperCase()].filter((c) => DTMF_DIGITS.includes(c)).join('');
    if (clean.length === 0) return true;
    if (leg.digitSlot < 0) {
      leg.digitSlot = gen ? gen.open() : (tone?.open() ?? -1);
      if (gen) this.byDigits.set(leg.digitSlot, leg);
      else this.byTone.set(leg.digitSlot, leg);
    }
    leg.digitOptions = { onMs: options.onMs ?? 100, offMs: options.offMs ?? 100, levelDbm0: options.levelDbm0 ?? -10 };
    leg.pendingDigits += clean;
    if (!leg.digitBusy) this.nextDigitChunk(leg);
    return true;
  }

  /** Starts or replaces a leg's recording tap. */
  setRecording(leg: LegMedia, sink: RecordingSink | undefined): void {
    if (leg.recording && leg.recording !== sink) {
      const old = leg.recording;
      this.closeQuietly(() => old.close());
    }
    leg.recording = sink;
  }

  /** Opens a mixer room; undefined when the mixer kernel is absent. */
  openRoom(name: string): MediaRoom | undefined {
    const mixer = this.dsp.mixer;
    if (!mixer) return undefined;
    const room = new MediaRoom(name, mixer.openRoom(), mixer);
    this.rooms.add(room);
    return room;
  }

  /** Puts a leg in a room (its source becomes the room's mix-minus). */
  joinRoom(leg: LegMedia, room: MediaRoom): void {
    room.add(leg);
    leg.source = { kind: 'room', room };
  }

  /** Takes a leg out of its room; closes the room when it empties. */
  leaveRoom(leg: LegMedia): void {
    for (const room of this.rooms) {
      if (!room.has(leg)) continue;
      room.remove(leg);
      if (leg.source.kind === 'room') leg.source = { kind: 'silence' };
      if (room.size === 0) this.closeRoom(room);
    }
  }

  /** Closes a room; its members hear silence. */
  closeRoom(room: MediaRoom): void {
    if (!this.rooms.delete(room)) return;
    for (const m of room.members) if (m.source.kind === 'room' && m.source.room === room) m.source = { kind: 'silence' };
    this.dsp.mixer?.closeRoom(room.slot);
  }

  /** One 20 ms pass. `nowMs` is the engine time of the tick. */
  tick(nowMs: number): void {
    this.counters.ticks++;
    this.frameStartSample = Math.round((nowMs - TICK_MS) * 8);
    const drivers = this.drivers();
    for (let i = 0; i < drivers.length; i++) {
      try {
        drivers[i]?.mediaIn();
      } catch (err) {
        this.stageFailed('mediaIn', err);
      }
    }
    this.decodeStage();
    this.echoStage();
    this.driverHook(drivers, 'mediaRx');
    this.detectStage();
    this.levelStage();
    this.guardStage('events', () => this.dsp.drainEvents((slot, kind, value, offset) => this.onEvent(slot, kind, value, offset)));
    this.outputStage();
    this.driverHook(drivers, 'mediaTx');
    this.recordStage();
    this.encodeStage();
    for (let i = 0; i < drivers.length; i++) {
      try {
        drivers[i]?.mediaOut();
      } catch (err) {
        this.stageFailed('mediaOut', err);
      }
    }
    this.reportFaults();
  }

  private driverHook(drivers: readonly ChannelDriver[], hook: 'mediaRx' | 'mediaTx'): void {
    for (let i = 0; i < drivers.length; i++) {
      const d = drivers[i];
      if (!d?.[hook]) continue;
      try {
        d[hook]?.();
      } catch (err) {
        this.stageFailed(hook, err);
      }
    }
  }

  private decodeStage(): void {
    const codec = this.dsp.codec;
    for (const leg of this.legs) {
      if (leg.faulted || !leg.rxLine) continue;
      codec.queueDecode(leg.channel.media.codec === 'ulaw' ? 'ulaw' : 'alaw', leg.rxLine.ptr, leg.rxLin.ptr);
    }
    this.guardStage('decode', () => codec.run());
    for (const leg of this.legs) {
      const tap = leg.channel.media.tap;
      if (leg.faulted || !tap || !leg.channel.media.faxMode) continue;
      try {
        tap.rx(leg.rxLin.pcm, this.frameStartSample);
      } catch (err) {
        this.markFaulted(leg, err, 'tap');
      }
    }
  }

  private echoStage(): void {
    const echo = this.dsp.echo;
    if (!echo) return;
    for (const leg of this.legs) {
      if (leg.faulted || !leg.echoActive || !leg.clean) continue;
      echo.queue(leg.echoSlot, leg.txLin.ptr, leg.rxLin.ptr, leg.clean.ptr);
    }
    this.guardStage('echo', () => echo.run());
  }

  private detectStage(): void {
    const dtmf = this.dsp.dtmf;
    if (!dtmf) return;
    for (const leg of this.legs) {
      if (leg.faulted || leg.dtmfSlot < 0 || !leg.channel.media.inbandDtmf || leg.channel.media.faxMode) continue;
      dtmf.queue(leg.dtmfSlot, leg.inPtr);
    }
    this.guardStage('dtmf', () => dtmf.run());
  }

  private levelStage(): void {
    const level = this.dsp.level;
    if (!level) return;
    for (const leg of this.legs) {
      if (leg.faulted || leg.levelSlot < 0) continue;
      level.queue(leg.levelSlot, leg.inPtr);
    }
    this.guardStage('level', () => level.run());
  }

  /** The leg's received level in the last tick, dBm0 (undefined without the level kernel). */
  levelDbm0(leg: LegMedia): number | undefined {
    return this.dsp.level && leg.levelSlot >= 0 ? this.dsp.level.levelDbm0(leg.levelSlot) : undefined;
  }

  private outputStage(): void {
    const tone = this.dsp.tone;
    for (const leg of this.legs) {
      if (leg.faulted) continue;
      try {
        this.fillOutput(leg);
      } catch (err) {
        this.markFaulted(leg, err, 'output');
      }
    }
    const mixer = this.dsp.mixer;
    if (mixer && this.rooms.size > 0) {
      for (const room of this.rooms) if (room.size > 0) mixer.queueRoom(room.slot);
      this.guardStage('mixer', () => mixer.run());
    }
    const gen = this.dsp.digits;
    if (tone) {
      for (const leg of this.legs) {
        if (leg.faulted) continue;
        if (leg.toneActive) tone.queue(leg.toneSlot, leg.txLin.ptr, 'overwrite');
        if (!gen && leg.digitBusy) tone.queue(leg.digitSlot, leg.txLin.ptr, 'add');
      }
      this.guardStage('tone', () => tone.run());
    }
    if (gen) {
      for (const leg of this.legs) if (!leg.faulted && leg.digitBusy) gen.queue(leg.digitSlot, leg.txLin.ptr);
      this.guardStage('dtmfTx', () => gen.run());
    }
  }

  private fillOutput(leg: LegMedia): void {
    const out = leg.txLin.pcm;
    const media = leg.channel.media;
    if (media.faxMode && media.tap && media.tap.tx(out, this.frameStartSample + FRAME_SAMPLES)) return;
    if (leg.prompt) {
      let more: boolean;
      try {
        more = leg.prompt.read(out);
      } catch (err) {
        this.log.warn({ leg: leg.id, err }, 'prompt failed, stopped');
        more = false;
      }
      if (more) return;
      this.stopPlayback(leg);
      out.fill(0);
      leg.owner.playbackDone('prompt');
      return;
    }
    if (leg.toneActive) return;
    const s = leg.source;
    switch (s.kind) {
      case 'silence':
        out.fill(0);
        return;
      case 'leg':
        if (s.from.faulted) out.fill(0);
        else out.set(s.from.inPcm);
        return;
      case 'room':
        if (!this.dsp.mixer) out.fill(0);
        return;
    }
  }

  private recordStage(): void {
    for (const leg of this.legs) {
      const sink = leg.recording;
      if (leg.faulted || !sink) continue;
      try {
        sink.write(leg.inPcm, leg.txLin.pcm);
      } catch (err) {
        this.log.warn({ leg: leg.id, err, path: sink.path }, 'recording failed, stopped');
        leg.recording = undefined;
        this.closeQuietly(() => sink.close());
      }
    }
  }

  private encodeStage(): void {
    const codec = this.dsp.codec;
    for (const leg of this.legs) {
      if (!leg.txLine) continue;
      if (leg.faulted) leg.txLin.pcm.fill(0);
      codec.queueEncode(leg.channel.media.codec === 'ulaw' ? 'ulaw' : 'alaw', leg.txLin.ptr, leg.txLine.ptr);
    }
    this.guardStage('encode', () => codec.run());
  }

  private onEvent(slot: number, kind: number, value: number, offset: number): void {
    const k = this.dsp.kinds;
    const at = this.frameStartSample + offset;
    if (kind === k.dtmfStart || kind === k.dtmfEnd) {
      const leg = this.byDtmf.get(slot);
      if (!leg) return;
      const digit = DTMF_DIGITS[value] ?? '?';
      if (kind === k.dtmfStart) {
        leg.digitIndex = value;
        leg.digitStartSample = at;
        this.guardLeg(leg, 'digit', () => leg.owner.digitStart(digit, at));
      } else {
        const start = leg.digitIndex === value ? leg.digitStartSample : at;
        leg.digitIndex = -1;
        this.counters.digitsDetected++;
        this.guardLeg(leg, 'digit', () => leg.owner.digit(digit, start, at));
      }
      return;
    }
    if (kind === k.echoDisablerOn || kind === k.echoDisablerOff) {
      const leg = this.byEcho.get(slot);
      if (leg) this.onDisabler(leg, kind === k.echoDisablerOn);
      return;
    }
    if (kind === k.voiceStart || kind === k.voiceEnd) {
      const leg = this.byLevel.get(slot);
      if (leg) this.guardLeg(leg, 'level', () => leg.owner.voice(kind === k.voiceStart));
      return;
    }
    if (kind === k.dtmfTxDone) {
      const leg = this.byDigits.get(slot);
      if (leg) this.nextDigitChunk(leg);
      return;
    }
    if (kind === k.toneTxDone) {
      const leg = this.byTone.get(slot);
      if (!leg) return;
      if (!this.dsp.digits && slot === leg.digitSlot) this.nextDigitChunk(leg);
      else if (leg.toneActive) {
        leg.toneActive = false;
        this.guardLeg(leg, 'tone', () => leg.owner.playbackDone('tone'));
      }
      return;
    }
    this.counters.unknownEvents++;
  }

  /**
   * A modem/fax answer tone: the leg's canceller has bypassed itself (the
   * kernel watches both Rin and Sin, so the canceller of every leg the tone
   * passes through switches on its own, G.165 §3.4); the engine counts it
   * and tells the leg's owner.
   */
  private onDisabler(leg: LegMedia, on: boolean): void {
    leg.toneDisabled = on;
    if (on) this.counters.echoDisablerOn++;
    this.guardLeg(leg, 'echo', () => leg.owner.echoDisabler(on));
  }

  private nextDigitChunk(leg: LegMedia): void {
    leg.digitBusy = false;
    if (leg.digitSlot < 0 || leg.pendingDigits.length === 0) return;
    const o = leg.digitOptions;
    const gen = this.dsp.digits;
    if (gen) {
      const chunk = leg.pendingDigits.slice(0, gen.maxDigits);
      leg.pendingDigits = leg.pendingDigits.slice(chunk.length);
      gen.send(leg.digitSlot, chunk, { onMs: o.onMs, offMs: o.offMs, lowDbm0: o.levelDbm0, highDbm0: Math.min(0, o.levelDbm0 + 2) });
    } else {
      const { spec, used } = dtmfToneChunk(leg.pendingDigits, o);
      leg.pendingDigits = leg.pendingDigits.slice(used);
      this.dsp.tone?.play(leg.digitSlot, spec);
    }
    leg.digitBusy = true;
  }

  private guardStage(stage: string, fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      this.stageFailed(stage, err);
    }
  }

  private stageFailed(stage: string, err: unknown): void {
    this.counters.stageErrors++;
    this.log.error({ stage, err }, 'media stage failed');
  }

  private guardLeg(leg: LegMedia, stage: string, fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      this.markFaulted(leg, err, stage);
    }
  }

  private markFaulted(leg: LegMedia, err: unknown, stage: string): void {
    if (leg.faulted) return;
    leg.faulted = true;
    this.counters.legFaults++;
    this.faults.push({ leg, err, stage });
    for (const room of this.rooms) if (room.has(leg)) room.rebuild();
  }

  private reportFaults(): void {
    while (this.faults.length > 0) {
      const f = this.faults.shift();
      if (!f) break;
      this.log.error({ leg: f.leg.id, stage: f.stage, err: f.err, cause: Cause.temporaryFailure }, 'leg media failed, releasing its call');
      try {
        f.leg.owner.fault(f.err, f.stage);
      } catch (err) {
        this.log.error({ leg: f.leg.id, err }, 'fault handler threw');
      }
    }
  }

  private closeQuietly(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.warn({ err }, 'close failed');
    }
  }
}
