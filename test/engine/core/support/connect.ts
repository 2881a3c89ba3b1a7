// Helper: a connected two-party call between two loopback phones.

import type { LoopbackPhone } from '../../../../drivers/loopback/index.ts';
import type { Harness } from './harness.ts';

/** Extension `from` (phones channel n) calls `to`; the far phone answers. Returns both phones and the call id. */
export function connect(h: Harness, from: string, to: string): { a: LoopbackPhone; b: LoopbackPhone; callId: string } {
  const before = h.farPhones.length;
  const a = h.phones.call({ ani: from, dnis: to }, { span: 0, channel: Number(from) - 2000 });
  h.run(20);
  const b = h.farPhones[before];
  if (!b) throw new Error(`no far phone for ${to}`);
  b.channel.progress({ ringing: true, earlyMedia: false });
  h.run(20);
  b.channel.answer();
  h.run(40);
  const call = h.engine.calls().find((c) => c.legs.some((l) => l.channelId.endsWith(`/${a.channel.pair}/a`)));
  if (!call) throw new Error('call not found');
  return { a, b, callId: call.callId };
}
