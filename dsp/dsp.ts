// Dsp: one loaded DSP module with every kernel bank, the frame pool and the
// event ring. This is what the engine's media tick holds.
//
// A tick is: drivers copy line audio into frames, the media tick queues work
// on each bank in pipeline order and calls each bank's run() once, then
// drains the events. Nothing here allocates per tick.

import { DspCore, type DspLoadOptions, type DspVariant } from './core.ts';
import { FramePool } from './frames.ts';
import { EventRing } from './events.ts';
import { G711Bank } from './g711.ts';
import { DtmfRxBank } from './dtmf-rx.ts';
import { DtmfTxBank } from './dtmf-tx.ts';
import { MfRxBank } from './mf-rx.ts';
import { MfTxBank } from './mf-tx.ts';
import { ToneTxBank } from './tone-tx.ts';
import { ToneRxBank } from './tone-rx.ts';
import { EchoBank } from './echo.ts';
import { MixerBank } from './mixer.ts';
import { LevelBank } from './level.ts';

/** The DSP core as the engine sees it. */
export class Dsp {
  readonly core: DspCore;
  readonly frames: FramePool;
  readonly events: EventRing;
  readonly g711: G711Bank;
  readonly dtmfRx: DtmfRxBank;
  readonly dtmfTx: DtmfTxBank;
  readonly mfRx: MfRxBank;
  readonly mfTx: MfTxBank;
  readonly toneTx: ToneTxBank;
  readonly toneRx: ToneRxBank;
  readonly echo: EchoBank;
  readonly mixer: MixerBank;
  readonly level: LevelBank;

  private constructor(core: DspCore) {
    this.core = core;
    this.frames = new FramePool(core);
    this.events = new EventRing(core);
    this.g711 = new G711Bank(core);
    this.dtmfRx = new DtmfRxBank(core);
    this.dtmfTx = new DtmfTxBank(core);
    this.mfRx = new MfRxBank(core);
    this.mfTx = new MfTxBank(core);
    this.toneTx = new ToneTxBank(core);
    this.toneRx = new ToneRxBank(core);
    this.echo = new EchoBank(core);
    this.mixer = new MixerBank(core);
    this.level = new LevelBank(core);
  }

  /** Loads one instance of the module (see DspCore.load for the variant choice). */
  static load(options: DspLoadOptions = {}): Dsp {
    return new Dsp(DspCore.load(options));
  }

  /** Which build is running. */
  get variant(): DspVariant {
    return this.core.variant;
  }
}
