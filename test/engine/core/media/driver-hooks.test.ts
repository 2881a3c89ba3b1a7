// Drivers' optional hooks inside the media pass: mediaRx sees this tick's
// linear received audio, mediaTx may write the linear audio before encode;
// drivers may own the line frames.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoopbackDriver, type LoopbackPhone } from '../../../../drivers/loopback/index.ts';
import { harness, lineOf, pcmOf } from '../support/harness.ts';
import { tone, rmsDbm0 } from '../../../support/signals.ts';
import { Dsp } from '../../../../dsp/index.ts';
import { ChannelBase, silentLog } from '../../../../engine/core/index.ts';
import { bindMediaDsp, MediaTick, type LegMediaOwner } from '../../../../engine/core/media/index.ts';

class HookedDriver extends LoopbackDriver {
  rxLevels: number[] = [];
  mediaRx(): void {
    for (const ch of this.engineChannels()) {
      const b = ch.mediaBinding;
      if (b) this.rxLevels.push(rmsDbm0(b.rxLin.pcm));
    }
  }
  mediaTx(): void {
    for (const ch of this.engineChannels()) ch.mediaBinding?.txLin.pcm.fill(3000);
  }
}

test('mediaRx sees decoded received audio and mediaTx output is what the line carries', () => {
  const far: LoopbackPhone[] = [];
  const trunk = new HookedDriver({ name: 'trunk', onFarCall: (p) => far.push(p) });
  const h = harness({ extraDrivers: [trunk] });
  h.phones.call({ ani: '2001', dnis: '62345678' }, { span: 0, channel: 1 });
  h.run(20);
  const b = far[0]!;
  b.channel.answer();
  h.run(40);
  b.listen(true);
  b.play(lineOf(h.dsp, tone([{ freqHz: 1000, levelDbm0: -10 }], 4000)));
  h.run(200);
  assert.ok(trunk.rxLevels.some((l) => Math.abs(l + 10) < 0.5), 'the hook saw the -10 dBm0 tone in linear');
  const heard = pcmOf(h.dsp, b.heard());
  assert.ok(heard.length > 0 && Math.abs((heard[heard.length - 1] ?? 0) - 3000) < 100, `the hook's samples reached the line: ${heard[heard.length - 1]}`);
  h.engine.stop();
});

class PlainChannel extends ChannelBase {
  constructor() {
    super({ id: 'tdm/0/1', technology: 'china1', address: { kind: 'tdm', board: 'b', span: 0, timeslot: 1 }, driver: 'none', direction: 'incoming', codec: 'alaw', echoCancel: false, log: silentLog });
  }
  protected lineDial(): void {}
  protected lineProgress(): void {}
  protected lineAnswer(): void {}
  protected lineSendDigits(): boolean {
    return false;
  }
  protected lineFlash(): boolean {
    return false;
  }
  protected lineHangup(): void {}
}

const OWNER: LegMediaOwner = { digit() {}, digitStart() {}, playbackDone() {}, voice() {}, echoDisabler() {}, fault() {} };

test('driver-owned line frames: the tick decodes from and encodes into the frames the driver gave, and frees only its own', () => {
  const dsp = Dsp.load();
  const media = new MediaTick({ dsp: bindMediaDsp(dsp), drivers: () => [] });
  const rx = dsp.frames.alloc();
  const tx = dsp.frames.alloc();
  const ch = new PlainChannel();
  ch.media.lineFrames = { rx, tx };
  const free = dsp.frames.available;
  const leg = media.open('leg', ch, OWNER);
  assert.equal(ch.mediaBinding?.rx, rx);
  assert.equal(dsp.frames.available, free - 2, 'only the two linear frames came from the pool');
  rx.octets.set(lineOf(dsp, tone([{ freqHz: 1000, levelDbm0: -10 }], 160)));
  leg.source = { kind: 'leg', from: leg };
  media.tick(20);
  assert.ok(Math.abs(rmsDbm0(leg.rxLin.pcm) + 10) < 0.5, 'decoded from the driver\'s rx frame');
  assert.ok(Math.abs(rmsDbm0(pcmOf(dsp, tx.octets.slice(0, 160))) + 10) < 0.5, 'encoded into the driver\'s tx frame');
  media.close(leg);
  assert.equal(dsp.frames.available, free);
});
