// An independent sim-line v1 speaker in plain TypeScript, written from
// shared/specs/sim-line.md alone (no code shared with the driver): builds E1
// and analog ticks, reads the driver's ticks, and encodes/decodes HDLC on a
// bit level, so tests can check the driver's bytes and feed it exact input.
//
// Spec: sim-line.md "E1 frame content" (TS0 0x1B / 0x40 / 0x60, MFAS
// 0x0B / 0x0F, ABCD of channel f in the high nibble and f + 15 in the low
// nibble of frame f), "Timeslot 16, CCS mode" (first bit in the MSB, octets
// LSB first, zero insertion after five ones, CRC-16/X.25), "Analog frame
// content".

/** CRC-16/X.25 computed bit by bit (deliberately not table-driven). */
export function fcs16(data: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of data) {
    for (let b = 0; b < 8; b++) {
      const mix = (crc ^ (byte >> b)) & 1;
      crc >>>= 1;
      if (mix) crc ^= 0x8408;
    }
  }
  return ~crc & 0xffff;
}

/** Bits of one HDLC frame (data + FCS, LSB first, zeros inserted), without flags. */
export function hdlcFrameBits(data: Uint8Array, fcs = fcs16(data)): number[] {
  const octets = [...data, fcs & 0xff, fcs >> 8];
  const bits: number[] = [];
  let ones = 0;
  for (const o of octets) {
    for (let b = 0; b < 8; b++) {
      const bit = (o >> b) & 1;
      bits.push(bit);
      ones = bit ? ones + 1 : 0;
      if (ones === 5) {
        bits.push(0);
        ones = 0;
      }
    }
  }
  return bits;
}

export const FLAG_BITS = [0, 1, 1, 1, 1, 1, 1, 0];

/** A TS16 bit stream source: queued bits, then flags forever. */
export class BitSource {
  private bits: number[] = [];
  private flagPos = 0;
  push(bits: number[]): void {
    for (const b of bits) this.bits.push(b);
  }
  /** Next octet, first bit in the MSB. */
  octet(): number {
    let o = 0;
    for (let i = 0; i < 8; i++) {
      let bit: number;
      if (this.bits.length > 0) bit = this.bits.shift()!;
      else {
        bit = FLAG_BITS[this.flagPos]!;
        this.flagPos = (this.flagPos + 1) % 8;
      }
      o = (o << 1) | bit;
    }
    return o;
  }
  get pending(): number {
    return this.bits.length;
  }
}

/** Reads HDLC frames from TS16 octets (MSB first); returns frames with a good FCS, FCS removed. */
export class HdlcReader {
  frames: Uint8Array[] = [];
  badFcs = 0;
  private window = 0;
  private bits: number[] = [];
  private inFrame = false;
  private ones = 0;
  pushOctet(o: number): void {
    for (let i = 7; i >= 0; i--) this.pushBit((o >> i) & 1);
  }
  private pushBit(bit: number): void {
    this.window = ((this.window << 1) | bit) & 0xff;
    if (this.window === 0x7e) {
      // The flag's first seven bits went into `bits`: drop them.
      const body = this.bits.slice(0, Math.max(0, this.bits.length - 7));
      if (this.inFrame && body.length >= 32) this.finish(body);
      this.inFrame = true;
      this.bits = [];
      this.ones = 0;
      return;
    }
    if (!this.inFrame) return;
    if (this.ones === 5 && bit === 0) {
      this.ones = 0;
      this.bits.push(-1); // marker for a removed zero, filtered below
      return;
    }
    this.ones = bit ? this.ones + 1 : 0;
    this.bits.push(bit);
  }
  private finish(raw: number[]): void {
    const bits = raw.filter((b) => b >= 0);
    if (bits.length % 8 !== 0) return;
    const octets = new Uint8Array(bits.length / 8);
    bits.forEach((b, i) => (octets[i >> 3]! |= b << (i & 7)));
    const data = octets.subarray(0, octets.length - 2);
    const fcs = octets[octets.length - 2]! | (octets[octets.length - 1]! << 8);
    if (fcs16(data) === fcs) this.frames.push(data.slice());
    else this.badFcs++;
  }
}

export interface E1TxState {
  /** ABCD per channel 1..30 (index 0 unused); default 1111. */
  abcd: number[];
  remoteAlarm: boolean;
  remoteMfAlarm: boolean;
  /** Bearer octet for (timeslot, frame number); default idle 0xD5. */
  bearer: (ts: number, frame: number) => number;
  /** TS16 in CCS mode; when set, replaces CAS. */
  ccs: BitSource | undefined;
}

export function e1TxState(): E1TxState {
  return { abcd: Array.from({ length: 31 }, () => 0xf), remoteAlarm: false, remoteMfAlarm: false, bearer: () => 0xd5, ccs: undefined };
}

/** Builds one E1 tick of n frames starting at frame number `first`. */
export function e1Tick(state: E1TxState, first: number, n = 8): Uint8Array {
  const msg = new Uint8Array(32 * n);
  for (let f = 0; f < n; f++) {
    const k = first + f;
    const base = f * 32;
    for (let ts = 1; ts < 32; ts++) msg[base + ts] = state.bearer(ts, k);
    msg[base] = k % 2 === 0 ? 0x1b : state.remoteAlarm ? 0x60 : 0x40;
    if (state.ccs) msg[base + 16] = state.ccs.octet();
    else {
      const mf = k % 16;
      msg[base + 16] = mf === 0 ? (state.remoteMfAlarm ? 0x0f : 0x0b) : ((state.abcd[mf]! & 0xf) << 4) | (state.abcd[mf + 15]! & 0xf);
    }
  }
  return msg;
}

/** Splits a received E1 tick into frames of 32 octets. */
export function e1Frames(msg: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i + 32 <= msg.length; i += 32) out.push(msg.subarray(i, i + 32));
  return out;
}

/** Builds one analog tick: per frame [audio, state]. */
export function analogTick(state: (frame: number) => number, first: number, n = 8, audio: (frame: number) => number = () => 0xd5): Uint8Array {
  const msg = new Uint8Array(2 * n);
  for (let f = 0; f < n; f++) {
    msg[2 * f] = audio(first + f);
    msg[2 * f + 1] = state(first + f);
  }
  return msg;
}
