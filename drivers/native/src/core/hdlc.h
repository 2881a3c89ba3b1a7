// HDLC bit-stream framing for a 64 kbit/s signalling timeslot.
//
// What it does: `HdlcEncoder` turns whole frames into the line bit stream
// (flags, zero-bit insertion, octets least significant bit first, FCS) and
// idles with continuous flags; `HdlcDecoder` finds flags in a received bit
// stream, removes inserted zeros, checks length and FCS and hands up whole
// frames, counting bad FCS, aborts and bad lengths.
//
// How: bit-serial state machines. The line octet of timeslot 16 carries 8
// consecutive stream bits, the first in its most significant bit. Encoder:
// a frame is copied with its FCS into a slot of a fixed queue; bits are
// taken LSB first; after five consecutive ones a zero is inserted; flags
// are not stuffed. One flag separates frames (the closing flag of one opens
// the next). Decoder: ones are held back until the following zero shows
// what they were (data, a stuffed zero after five, a flag after six, an
// abort at seven or more).
//
// Spec: shared/specs/sim-line.md "Timeslot 16, CCS mode" and "Receiver and
// sender rules"; Q.703 clauses 3 and 4 (flag, zero insertion, FCS, abort);
// ISO/IEC 13239.
//
// Limits: frames of 2..512 octets (FCS excluded) in both directions; the
// encoder queue holds kHdlcTxQueueFrames frames (Send fails when full). Not
// thread-safe: the owner serialises access.

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace hotline {

constexpr size_t kHdlcMinOctets = 2;
constexpr size_t kHdlcMaxOctets = 512;
constexpr size_t kHdlcTxQueueFrames = 64;
constexpr uint8_t kHdlcFlag = 0x7E;

class HdlcEncoder {
 public:
  // Queues one frame (FCS added here). False when full or the length is out of range.
  bool Send(const uint8_t* data, size_t n);
  // The next 8 line bits, first bit in the MSB.
  uint8_t NextOctet();
  size_t queued() const { return count_; }
  void Reset();

 private:
  int NextBit();
  struct Slot {
    std::array<uint8_t, kHdlcMaxOctets + 2> data;
    uint16_t n;
  };
  std::array<Slot, kHdlcTxQueueFrames> queue_{};
  size_t head_ = 0, count_ = 0;
  bool inFrame_ = false;
  size_t bitPos_ = 0;  // within the current frame, in bits
  int flagBit_ = 0;    // position within the flag being sent
  int ones_ = 0;
  bool stuff_ = false;
};

struct HdlcCounters {
  uint64_t frames = 0;
  uint64_t crcErrors = 0;
  uint64_t aborts = 0;
  uint64_t badLength = 0;
  uint64_t nonOctet = 0;
};

class HdlcDecoder {
 public:
  // Feeds one received line octet (first bit in the MSB). Complete good
  // frames are passed to sink(data, n) (FCS removed).
  template <typename Sink>
  void PushOctet(uint8_t octet, Sink&& sink) {
    for (int i = 7; i >= 0; --i) {
      if (PushBit((octet >> i) & 1)) sink(buf_.data(), goodLength_);
    }
  }
  const HdlcCounters& counters() const { return counters_; }
  void Reset();

 private:
  // Returns true when a good frame is ready in buf_ (goodLength_ octets).
  bool PushBit(int bit);
  bool EndFrame();
  void AddBit(int bit);
  // FCS plus one spare octet: the zero that opens the closing flag is taken
  // as data until the six ones after it show it was a flag.
  std::array<uint8_t, kHdlcMaxOctets + 3> buf_{};
  size_t nbits_ = 0;
  bool overlong_ = false;
  bool hunting_ = true;  // waiting for a flag (start, or after an abort)
  int ones_ = 0;
  size_t goodLength_ = 0;
  HdlcCounters counters_;
};

}  // namespace hotline
