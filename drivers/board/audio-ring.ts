// The audio rings of one span: received and transmitted A-law audio in
// SharedArrayBuffers that JS allocates once and the native driver holds by
// reference, so no audio crosses the JS/C++ boundary per sample or channel.
//
// What it does: allocates, per span, an rx ring and a tx ring of `blocks`
// 20 ms blocks and an Int32 control block; gives zero-copy views of the
// newest complete rx block and of the next free tx block.
//
// How (layout, also in docs/boards.md "Audio ring layout"): a block is
// channel-major, `channels * 160` octets; channel c's 20 ms are the 160
// contiguous octets at `c * 160` (E1: c is the timeslot 0..31, so channel n
// of sim-line.md is timeslot n for n <= 15 and n + 1 for n >= 16; analog: one
// port, c = 0). Block b of a ring starts at `b * channels * 160`. Counters
// in the control block only grow (Int32, wrap after 2^31 blocks, 497 days):
// native publishes rx block k at slot k % blocks and then stores
// RX_WRITTEN = k + 1; JS fills tx slot TX_WRITTEN % blocks and then stores
// TX_WRITTEN + 1; native consumes tx slot TX_READ % blocks. All accesses go
// through Atomics.
//
// Limits: a view of an rx block stays valid for (blocks - 1) * 20 ms; a
// reader slower than that sees newer audio (native counts `overruns` when
// RX_READ lags by a whole ring).

/** Samples in one block (20 ms at 8 kHz). */
export const AUDIO_BLOCK_FRAMES = 160;

/** Indices of the Int32 control block. */
export const AUDIO_CONTROL = {
  RX_WRITTEN: 0,
  RX_READ: 1,
  TX_WRITTEN: 2,
  TX_READ: 3,
  UNDERRUNS: 4,
  OVERRUNS: 5,
  BLOCKS: 6,
  CHANNELS: 7,
} as const;
export const AUDIO_CONTROL_WORDS = 8;

/** A received block: its sequence number and a view of `channels * 160` octets. */
export interface RxBlock {
  seq: number;
  data: Uint8Array;
}

/** Rx and tx rings of one span. */
export class AudioRing {
  /** Channels per block: 32 timeslots (E1) or 1 (analog port). */
  readonly channels: number;
  readonly blocks: number;
  readonly blockOctets: number;
  readonly rxBuffer: SharedArrayBuffer;
  readonly txBuffer: SharedArrayBuffer;
  readonly controlBuffer: SharedArrayBuffer;
  /** The whole rx ring (all blocks). */
  readonly rx: Uint8Array;
  /** The whole tx ring (all blocks). */
  readonly tx: Uint8Array;
  readonly control: Int32Array;
  private readonly rxViews: Uint8Array[];
  private readonly txViews: Uint8Array[];

  constructor(channels: number, blocks: number) {
    this.channels = channels;
    this.blocks = blocks;
    this.blockOctets = channels * AUDIO_BLOCK_FRAMES;
    this.rxBuffer = new SharedArrayBuffer(blocks * this.blockOctets);
    this.txBuffer = new SharedArrayBuffer(blocks * this.blockOctets);
    this.controlBuffer = new SharedArrayBuffer(AUDIO_CONTROL_WORDS * 4);
    this.rx = new Uint8Array(this.rxBuffer);
    this.tx = new Uint8Array(this.txBuffer);
    this.control = new Int32Array(this.controlBuffer);
    this.tx.fill(0xd5);
    Atomics.store(this.control, AUDIO_CONTROL.BLOCKS, blocks);
    Atomics.store(this.control, AUDIO_CONTROL.CHANNELS, channels);
    this.rxViews = Array.from({ length: blocks }, (_, b) => this.rx.subarray(b * this.blockOctets, (b + 1) * this.blockOctets));
    this.txViews = Array.from({ length: blocks }, (_, b) => this.tx.subarray(b * this.blockOctets, (b + 1) * this.blockOctets));
  }

  /** Rx blocks the driver has completed so far. */
  rxWritten(): number {
    return Atomics.load(this.control, AUDIO_CONTROL.RX_WRITTEN);
  }

  /** The newest complete rx block (marks everything up to it read), or undefined if none is new. */
  latestRx(): RxBlock | undefined {
    const written = Atomics.load(this.control, AUDIO_CONTROL.RX_WRITTEN);
    if (written === Atomics.load(this.control, AUDIO_CONTROL.RX_READ)) return undefined;
    Atomics.store(this.control, AUDIO_CONTROL.RX_READ, written);
    return { seq: written - 1, data: this.rxViews[((written - 1) >>> 0) % this.blocks]! };
  }

  /** The oldest unread rx block still in the ring (marks it read), or undefined. */
  nextRx(): RxBlock | undefined {
    const written = Atomics.load(this.control, AUDIO_CONTROL.RX_WRITTEN);
    let read = Atomics.load(this.control, AUDIO_CONTROL.RX_READ);
    if (read === written) return undefined;
    if (((written - read) | 0) > this.blocks - 1) read = (written - (this.blocks - 1)) | 0;
    Atomics.store(this.control, AUDIO_CONTROL.RX_READ, (read + 1) | 0);
    return { seq: read, data: this.rxViews[(read >>> 0) % this.blocks]! };
  }

  /** One channel's 160 octets inside a block view (zero-copy). */
  channel(block: Uint8Array, channel: number): Uint8Array {
    return block.subarray(channel * AUDIO_BLOCK_FRAMES, (channel + 1) * AUDIO_BLOCK_FRAMES);
  }

  /** Free tx slots (blocks JS may still queue). */
  txSpace(): number {
    const queued = (Atomics.load(this.control, AUDIO_CONTROL.TX_WRITTEN) - Atomics.load(this.control, AUDIO_CONTROL.TX_READ)) | 0;
    return this.blocks - 1 - queued;
  }

  /** The next tx slot to fill (zero-copy), or undefined when the ring is full; call commitTx() after filling. */
  beginTx(): Uint8Array | undefined {
    if (this.txSpace() <= 0) return undefined;
    return this.txViews[(Atomics.load(this.control, AUDIO_CONTROL.TX_WRITTEN) >>> 0) % this.blocks]!;
  }

  /** Publishes the slot returned by beginTx(). */
  commitTx(): void {
    Atomics.add(this.control, AUDIO_CONTROL.TX_WRITTEN, 1);
  }

  /** Copies a whole block (channels * 160 octets) into the tx ring; false when full. */
  writeTx(block: Uint8Array): boolean {
    const slot = this.beginTx();
    if (!slot) return false;
    slot.set(block.subarray(0, this.blockOctets));
    this.commitTx();
    return true;
  }

  /** Tx blocks the driver sent as idle 0xD5 because none was queued. */
  underruns(): number {
    return Atomics.load(this.control, AUDIO_CONTROL.UNDERRUNS);
  }
}
