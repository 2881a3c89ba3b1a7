// LegMedia: one leg's DSP resources and its audio routing for the media tick.
//
// What it does: holds the frames and kernel slots of one leg, allocated when
// its media starts and released at its end (never per tick):
//   rxLine, txLine  the line frames handed to the channel (G.711 octets);
//                   for an l16 leg the linear frames are handed directly
//   rxLin           decoded received audio
//   clean           echo-cancelled received audio (TDM/analog legs only)
//   txLin           linear audio to send (also the echo canceller's Rin:
//                   at echo time it still holds what was sent last tick)
// plus the echo, DTMF detector, level meter and tone generator slots, and where the leg's
// outgoing audio comes from (`source`): silence, another leg (direct copy,
// two-party bridge), a mixer room, with playback (prompt or tone) and
// in-band digits layered over it.
//
// Limits: `inPtr`/`inPcm` name the frame the rest of the pipeline reads as
// "what this leg said": clean when the canceller runs, rxLin otherwise.

import type { Frame } from '../../../dsp/index.ts';
import type { MediaDsp } from './media-dsp.ts';
import type { Channel, MediaFrame, PromptSource, RecordingSink } from '../contracts/index.ts';
import type { MediaRoom } from './media-room.ts';

/** Where a leg's outgoing audio comes from before playback and digits. */
export type LegSource = { readonly kind: 'silence' } | { readonly kind: 'leg'; readonly from: LegMedia } | { readonly kind: 'room'; readonly room: MediaRoom };

/** Callbacks of the leg's owner (the engine's Leg). */
export interface LegMediaOwner {
  /** In-band digit detected (start and end engine sample times). */
  digit(digit: string, startSample: number, endSample: number): void;
  digitStart(digit: string, startSample: number): void;
  /** A prompt or tone playback ended by itself. */
  playbackDone(kind: 'prompt' | 'tone'): void;
  /** Voice activity on the leg's received audio started or ended (level kernel). */
  voice(on: boolean): void;
  /** The 2100 Hz tone disabler of this leg's canceller switched. */
  echoDisabler(on: boolean): void;
  /** This leg's media failed (an exception in one of its stages); the call should be released. */
  fault(err: unknown, stage: string): void;
}

/** Per-leg media state. */
export class LegMedia {
  readonly id: string;
  readonly channel: Channel;
  readonly owner: LegMediaOwner;
  readonly rxLine: MediaFrame | undefined;
  readonly txLine: MediaFrame | undefined;
  /** Every frame this leg took from the frame pool (released at its end). */
  readonly pooled: readonly Frame[];
  readonly rxLin: Frame;
  readonly txLin: Frame;
  readonly clean: Frame | undefined;
  readonly echoSlot: number;
  readonly dtmfSlot: number;
  readonly levelSlot: number;
  readonly toneSlot: number;
  /** Generator of in-band digits out (the DTMF kernel, or a tone generator without it), opened on first use. */
  digitSlot = -1;
  /** A digit string is being sent. */
  digitBusy = false;
  /** Digits still to send after the current tone chunk. */
  pendingDigits = '';
  digitOptions: { onMs: number; offMs: number; levelDbm0: number } = { onMs: 100, offMs: 100, levelDbm0: -10 };
  source: LegSource = { kind: 'silence' };
  prompt: PromptSource | undefined;
  toneActive = false;
  recording: RecordingSink | undefined;
  /** Own canceller's disabler is on. */
  toneDisabled = false;
  faulted = false;
  /** The DTMF detector's digit in progress (index) and its start sample, or -1. */
  digitIndex = -1;
  digitStartSample = 0;

  constructor(init: {
    id: string;
    channel: Channel;
    owner: LegMediaOwner;
    rxLine: MediaFrame | undefined;
    txLine: MediaFrame | undefined;
    pooled: readonly Frame[];
    rxLin: Frame;
    txLin: Frame;
    clean: Frame | undefined;
    echoSlot: number;
    dtmfSlot: number;
    levelSlot: number;
    toneSlot: number;
  }) {
    this.id = init.id;
    this.channel = init.channel;
    this.owner = init.owner;
    this.rxLine = init.rxLine;
    this.txLine = init.txLine;
    this.pooled = init.pooled;
    this.rxLin = init.rxLin;
    this.txLin = init.txLin;
    this.clean = init.clean;
    this.echoSlot = init.echoSlot;
    this.dtmfSlot = init.dtmfSlot;
    this.levelSlot = init.levelSlot;
    this.toneSlot = init.toneSlot;
  }

  /** The canceller is in the path this tick (not fax mode, not bypassed by the far side's tone). */
  get echoActive(): boolean {
    return this.echoSlot >= 0 && !this.channel.media.faxMode;
  }

  /** Byte address of "what this leg said" this tick. */
  get inPtr(): number {
    return this.echoActive && this.clean ? this.clean.ptr : this.rxLin.ptr;
  }

  /** Samples of "what this leg said" this tick. */
  get inPcm(): Int16Array {
    return this.echoActive && this.clean ? this.clean.pcm : this.rxLin.pcm;
  }
}

/**
 * Allocates a leg's frames and slots (frames for decode/encode unless the
 * leg is linear, a canceller for echoCancel legs, a DTMF detector, a tone
 * generator) and attaches the line frames to the channel. On failure
 * (ERR_CAPACITY) everything taken so far is returned and the error thrown.
 */
export function allocateLegMedia(d: MediaDsp, id: string, channel: Channel, owner: LegMediaOwner): LegMedia {
  const linear = channel.media.codec === 'l16';
  const taken: (() => void)[] = [];
  const pooled: Frame[] = [];
  const frame = (): Frame => {
    const f = d.frames.alloc();
    pooled.push(f);
    taken.push(() => d.frames.release(f));
    return f;
  };
  try {
    const rxLin = frame();
    const txLin = frame();
    const own = linear ? undefined : channel.media.lineFrames;
    const rxLine = linear ? undefined : (own?.rx ?? frame());
    const txLine = linear ? undefined : (own?.tx ?? frame());
    const clean = channel.media.echoCancel && d.echo ? frame() : undefined;
    const echoSlot = clean && d.echo ? d.echo.open(128) : -1;
    if (echoSlot >= 0) taken.push(() => d.echo?.close(echoSlot));
    const dtmfSlot = d.dtmf ? d.dtmf.open() : -1;
    if (dtmfSlot >= 0) taken.push(() => d.dtmf?.close(dtmfSlot));
    const levelSlot = d.level ? d.level.open() : -1;
    if (levelSlot >= 0) taken.push(() => d.level?.close(levelSlot));
    const toneSlot = d.tone ? d.tone.open() : -1;
    if (toneSlot >= 0) taken.push(() => d.tone?.close(toneSlot));
    const leg = new LegMedia({ id, channel, owner, rxLine, txLine, pooled, rxLin, txLin, clean, echoSlot, dtmfSlot, levelSlot, toneSlot });
    channel.attachMedia({ rx: rxLine ?? rxLin, tx: txLine ?? txLin, rxLin: clean ?? rxLin, txLin });
    return leg;
  } catch (err) {
    for (const release of taken.reverse()) release();
    throw err;
  }
}

/** Returns every frame and slot of a leg (after the channel was detached). */
export function releaseLegMedia(d: MediaDsp, leg: LegMedia): void {
  if (leg.echoSlot >= 0) d.echo?.close(leg.echoSlot);
  if (leg.dtmfSlot >= 0) d.dtmf?.close(leg.dtmfSlot);
  if (leg.levelSlot >= 0) d.level?.close(leg.levelSlot);
  if (leg.toneSlot >= 0) d.tone?.close(leg.toneSlot);
  if (leg.digitSlot >= 0) {
    if (d.digits) d.digits.close(leg.digitSlot);
    else d.tone?.close(leg.digitSlot);
  }
  for (const f of leg.pooled) d.frames.release(f);
}
