// Leg: one channel taking part in a call.
//
// What it does: ties a Channel to its Call and to its media in the media
// tick, keeps the leg's timestamps (engine and wall time of start, answer,
// end) for the CDR, and offers the controls applications use on a party:
// answer, hang up, play a tone or prompt, send digits, and its events
// (digit, playback done, ended). Digits from every source arrive through
// the channel's one `digit` event (in-band detections are reported to the
// channel by the media tick), so a leg sees each digit exactly once.
//
// How: the Leg is the media tick's LegMediaOwner; faults and tone-disabler
// switches are passed to the engine through the `hooks` it was created with.
//
// Limits: a leg belongs to one call at a time; a transfer moves it
// (`moveTo`), it never copies it.

import { TypedEmitter, type Channel, type DigitEvent, type HangupInfo, type LegSummary, type Log } from '../contracts/index.ts';
import type { LegMedia, LegMediaOwner, MediaTick, ToneSpec } from '../media/index.ts';

/** Events of a leg. */
export interface LegEvents {
  digit: [event: DigitEvent];
  digitStart: [digit: string, startSample: number];
  playbackDone: [kind: 'prompt' | 'tone'];
  echoDisabler: [on: boolean];
  /** Voice activity on what this party says started (true) or ended. */
  voice: [on: boolean];
  ended: [info: HangupInfo];
}

/** What a leg tells the engine. */
export interface LegHooks {
  fault(leg: Leg, err: unknown, stage: string): void;
  now(): number;
  wallNow(): number;
}

/** One party of a call. */
export class Leg implements LegMediaOwner {
  readonly id: string;
  readonly channel: Channel;
  readonly events: TypedEmitter<LegEvents>;
  readonly startAt: number;
  readonly startWall: number;
  answerAt: number | null = null;
  answerWall: number | null = null;
  endAt: number | null = null;
  endWall: number | null = null;
  held = false;
  media: LegMedia | undefined;
  private callId: string;
  private readonly hooks: LegHooks;
  private readonly mediaTick: MediaTick;

  constructor(init: { id: string; callId: string; channel: Channel; hooks: LegHooks; media: MediaTick; log: Log }) {
    this.id = init.id;
    this.callId = init.callId;
    this.channel = init.channel;
    this.hooks = init.hooks;
    this.mediaTick = init.media;
    this.events = new TypedEmitter<LegEvents>(init.log.child({ leg: init.id }));
    this.startAt = init.hooks.now();
    this.startWall = init.hooks.wallNow();
    this.channel.events.on('digit', (ev) => this.events.safeEmit('digit', ev));
    this.channel.events.on('digitStart', (d, at) => this.events.safeEmit('digitStart', d, at));
  }

  /** The call this leg belongs to now. */
  get call(): string {
    return this.callId;
  }

  /** Moves the leg to another call (transfer). */
  moveTo(callId: string): void {
    this.callId = callId;
  }

  get answered(): boolean {
    return this.answerAt !== null;
  }

  get ended(): boolean {
    return this.endAt !== null;
  }

  /** JSON-safe description for events and the API. */
  summary(): LegSummary {
    return {
      legId: this.id,
      channelId: this.channel.id,
      technology: this.channel.technology,
      driver: this.channel.driver,
      direction: this.channel.direction,
    };
  }

  /** Answers an incoming leg (no-op unless it is offered or alerting). */
  answer(): void {
    const s = this.channel.state;
    if (this.channel.direction === 'incoming' && (s === 'offered' || s === 'alerting')) this.channel.answer();
  }

  /** Releases the leg's channel with a Q.850 cause. */
  hangup(cause: number, detail?: string): void {
    this.channel.hangup(cause, detail);
  }

  /** Plays a tone to this party (replacing any playback); false if tones are unavailable. */
  playTone(spec: ToneSpec): boolean {
    return this.media ? this.mediaTick.playTone(this.media, spec) : false;
  }

  /** Stops a tone or prompt. */
  stopPlayback(): void {
    if (this.media) this.mediaTick.stopPlayback(this.media);
  }

  /** Sends digits: out of band when the channel can, else in-band DTMF from the tone generator. */
  sendDigits(digits: string, options: { onMs?: number; offMs?: number; levelDbm0?: number } = {}): boolean {
    if (this.channel.sendDigits(digits, options)) return true;
    return this.media ? this.mediaTick.sendDigits(this.media, digits, options) : false;
  }

  // ---- LegMediaOwner (called by the media tick) ----------------------------

  digit(digit: string, startSample: number, endSample: number): void {
    this.channel.reportDigit({ digit, source: 'dtmf', startSample, endSample });
  }

  digitStart(digit: string, startSample: number): void {
    this.channel.reportDigitStart(digit, startSample);
  }

  playbackDone(kind: 'prompt' | 'tone'): void {
    this.events.safeEmit('playbackDone', kind);
  }

  voice(on: boolean): void {
    this.events.safeEmit('voice', on);
  }

  /** This party's received level in the last tick, dBm0 (undefined without media or level kernel). */
  levelDbm0(): number | undefined {
    return this.media ? this.mediaTick.levelDbm0(this.media) : undefined;
  }

  echoDisabler(on: boolean): void {
    this.events.safeEmit('echoDisabler', on);
  }

  fault(err: unknown, stage: string): void {
    this.hooks.fault(this, err, stage);
  }
}
