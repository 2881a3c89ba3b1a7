// Call features: hold with music on hold, blind and attended transfer,
// conferences.
//
// What it does: the operations the API and applications call on legs that
// are already in calls, over CallControl's peer links and the media tick:
//   hold        the held leg hears music on hold (the "moh" prompt if the
//               prompt factory has one, else the generated tone figure);
//               its peer hears silence
//   unhold      restores the two-party bridge (or the conference layout)
//   blind       `leg` stays; its peer (the transferor) is released with 16;
//               `dest` is routed as dialled by the transferor's extension and
//               `leg` hears ringback until it answers
//   attended    two legs of two calls are joined; their peers (the
//               transferor's legs) are released; the second leg moves into
//               the first call, the second call ends with its CDR
//   conference  a leg joins a named conference (conference.ts lays it out)
//
// Limits: no consultation hold timers or recall; a failed blind-transfer
// target releases the transferred party with the target's cause.

import { Cause, circuitOf } from '../contracts/index.ts';
import { bridgeDirect, unbridge, Conference } from '../bridges/index.ts';
import type { CallControl, ControlResult } from './call-control.ts';
import type { Leg } from './leg.ts';

/** Hold, transfer and conferences for one CallControl. */
export class CallFeatures {
  private readonly c: CallControl;

  constructor(control: CallControl) {
    this.c = control;
  }

  /** Puts a leg on hold: it hears music on hold, its peer hears silence. */
  hold(leg: Leg): boolean {
    if (leg.held || !leg.media) return false;
    leg.held = true;
    const peer = this.c.peerOf(leg);
    if (peer) unbridge(this.c.d.media, peer);
    for (const conf of this.c.conferences.values()) if (conf.has(leg)) conf.layout();
    const prompt = this.c.d.promptFactory?.open('moh');
    if (prompt) this.c.d.media.playPrompt(leg.media, prompt);
    else leg.playTone(this.c.d.tones.musicOnHold);
    this.c.d.bus.safeEmit('held', { ...this.c.stamp(this.c.callOf(leg)), legId: leg.id, held: true });
    return true;
  }

  /** Takes a leg off hold and restores its audio. */
  unhold(leg: Leg): boolean {
    if (!leg.held) return false;
    leg.held = false;
    leg.stopPlayback();
    const peer = this.c.peerOf(leg);
    if (peer && !peer.ended) bridgeDirect(this.c.d.media, leg, peer);
    for (const conf of this.c.conferences.values()) if (conf.has(leg)) conf.layout();
    this.c.d.bus.safeEmit('held', { ...this.c.stamp(this.c.callOf(leg)), legId: leg.id, held: false });
    return true;
  }

  /** Blind transfer: `leg` stays; its peer is released; `dest` is dialled for it. */
  transferBlind(leg: Leg, dest: string): ControlResult {
    const call = this.c.callOf(leg);
    const transferor = this.c.peerOf(leg);
    const addr = transferor ? circuitOf(transferor.channel.address) : undefined;
    const caller = transferor ? this.c.d.router.extensionOfDevice(transferor.channel.driver, addr?.span, addr?.channel) : undefined;
    const decision = this.c.d.router.decide({ ani: call.ani, dnis: dest, ...(caller ? { caller } : {}) });
    if (!decision.ok) return { ok: false, cause: decision.cause, reason: decision.reason };
    this.c.unlink(leg);
    if (leg.held) this.unhold(leg);
    unbridge(this.c.d.media, leg);
    if (transferor) transferor.hangup(Cause.normalClearing, 'transferred');
    leg.playTone(this.c.d.tones.ringback);
    const target = this.c.apply(call, leg, decision, caller);
    this.c.d.bus.safeEmit('transferred', {
      ...this.c.stamp(call),
      kind: 'blind',
      fromLegId: transferor?.id ?? leg.id,
      toLegId: target?.id ?? '',
      targetCallId: call.id,
    });
    return { ok: true, callId: call.id };
  }

  /** Attended transfer: joins `a` (call 1) and `b` (call 2), releasing the transferor's legs of both. */
  transferAttended(a: Leg, b: Leg): ControlResult {
    const callA = this.c.callOf(a);
    const callB = this.c.callOf(b);
    const ta = this.c.peerOf(a);
    const tb = this.c.peerOf(b);
    this.c.unlink(a);
    this.c.unlink(b);
    if (a.held) this.unhold(a);
    if (b.held) this.unhold(b);
    a.stopPlayback();
    b.stopPlayback();
    if (callB !== callA) {
      b.moveTo(callA.id);
      callA.legs.push(b);
    }
    this.c.link(a, b);
    bridgeDirect(this.c.d.media, a, b);
    for (const t of [ta, tb]) if (t && !t.ended) t.hangup(Cause.normalClearing, 'transferred');
    if (callB !== callA && callB.liveLegs().length === 0) this.c.endCall(callB);
    this.c.d.bus.safeEmit('transferred', { ...this.c.stamp(callA), kind: 'attended', fromLegId: ta?.id ?? a.id, toLegId: b.id, targetCallId: callA.id });
    return { ok: true, callId: callA.id };
  }

  /** Puts a leg into a named conference (created on first join); false if it needs a mixer that is absent. */
  joinConference(leg: Leg, room: string): boolean {
    let conf = this.c.conferences.get(room);
    if (!conf) {
      conf = new Conference(room, this.c.d.media);
      this.c.conferences.set(room, conf);
    }
    const peer = this.c.peerOf(leg);
    this.c.unlink(leg);
    if (peer) unbridge(this.c.d.media, peer);
    if (!conf.add(leg)) return false;
    this.c.d.bus.safeEmit('bridged', { ...this.c.stamp(this.c.callOf(leg)), legIds: conf.legIds(), mode: conf.mode === 'mixer' ? 'mixer' : 'direct' });
    return true;
  }

}
