// Two-party bridging: audio between two legs by direct frame copy.
//
// What it does: points each leg's outgoing audio at the other leg's received
// (decoded, echo-cancelled) frame; the media tick copies the 160 samples
// and encodes them in the receiving leg's own law, so an A-law E1 leg and a
// μ-law leg bridge with no extra step (G.711 decode on one side, encode on
// the other). `oneWay` carries early media (far end to caller) before answer.
//
// Limits: never used for three or more parties (see conference.ts).

import type { Leg } from '../calls/leg.ts';
import type { MediaTick } from '../media/index.ts';

/** Audio both ways between a and b. */
export function bridgeDirect(media: MediaTick, a: Leg, b: Leg): void {
  if (!a.media || !b.media) return;
  media.setSource(a.media, { kind: 'leg', from: b.media });
  media.setSource(b.media, { kind: 'leg', from: a.media });
}

/** Audio from `from` to `to` only (early media toward the caller). */
export function bridgeOneWay(media: MediaTick, from: Leg, to: Leg): void {
  if (!from.media || !to.media) return;
  media.setSource(to.media, { kind: 'leg', from: from.media });
}

/** Both legs hear silence (unbridge). */
export function unbridge(media: MediaTick, ...legs: Leg[]): void {
  for (const l of legs) if (l.media) media.setSource(l.media, { kind: 'silence' });
}
