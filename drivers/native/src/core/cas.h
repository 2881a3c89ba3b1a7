// E1 timeslot 16 in CAS mode: the 16-frame multiframe, ABCD packing and the
// receive persistence (debounce) of each channel's ABCD bits.
//
// What it does: `CasSender` gives the TS16 octet for each sent frame (MFAS
// with the remote multiframe alarm bit in frame 0, two channels' ABCD
// nibbles in frames 1..15); `CasReceiver` hunts multiframe alignment in the
// received TS16 octets, reports `rmai`, and turns ABCD samples into stable
// values after the persistence time.
//
// How: sender: frame f of the multiframe is the sent frame number mod 16;
// frame 0 is 0x0B (0x0F with rmai), frame f is ABCD(f) << 4 | ABCD(f + 15).
// Receiver hunt: an octet with high nibble 0000 after one whose high nibble
// is not 0000 is a candidate; the next candidate exactly 16 frames later
// (same phase) gains alignment; two consecutive errored MFAS lose it. After
// one errored MFAS the multiframe's ABCD bits are not taken. Debounce: a
// channel's candidate value must be received unchanged for `debounceMs`
// before it becomes the stable value; until the first stable value the
// channel is unknown and raises no event.
//
// Spec: shared/specs/sim-line.md "Timeslot 16, CAS mode", "Receiver and
// sender rules" (lomf after two errored MFAS, MFAS 0x0F while los/lof/lomf,
// 1111 for unused channels, 0000 forbidden on channels 1..15) and
// "Clarifications" (0000 received is passed up; rmai; one errored MFAS);
// G.704 5.1.3 (the model).
//
// Limits: channels are 1..30; time is in received frames (8 per ms).

#pragma once

#include <array>
#include <cstdint>

namespace hotline {

constexpr int kE1Channels = 30;
constexpr int kCasMultiframe = 16;
constexpr uint8_t kCasMfas = 0x0B;
constexpr uint8_t kCasMfasRmai = 0x04;
constexpr uint8_t kCasBlocked = 0xF;  // ABCD 1111: no protocol runs on the channel
constexpr uint8_t kCasUnknown = 0xFF;
constexpr int kCasMfasErrorsToLose = 2;

// Timeslot of channel n (1..30): n for n <= 15, n + 1 for n >= 16.
inline int E1ChannelTimeslot(int channel) { return channel <= 15 ? channel : channel + 1; }

class CasSender {
 public:
  CasSender() { abcd_.fill(kCasBlocked); }
  // False when the value is not allowed (0000 on channels 1..15, bits > 15, channel out of range).
  bool Set(int channel, uint8_t bits);
  uint8_t Get(int channel) const { return abcd_[channel - 1]; }
  uint8_t Octet(uint64_t frame, bool remoteMultiframeAlarm) const {
    const int f = static_cast<int>(frame % kCasMultiframe);
    if (f == 0) return remoteMultiframeAlarm ? (kCasMfas | kCasMfasRmai) : kCasMfas;
    return static_cast<uint8_t>((abcd_[f - 1] << 4) | abcd_[f + 14]);
  }

 private:
  std::array<uint8_t, kE1Channels> abcd_{};
};

struct CasChange {
  int channel;
  uint8_t bits;
};

class CasReceiver {
 public:
  explicit CasReceiver(int debounceMs = 20) { SetDebounceMs(debounceMs); Reset(); }
  void SetDebounceMs(int ms) { debounceFrames_ = static_cast<uint64_t>(ms) * 8; }
  // Feeds the TS16 octet of one frame-aligned frame received at line frame
  // `now`; writes up to two stable changes to out and returns how many.
  int Push(uint8_t ts16, uint64_t now, CasChange out[2]);
  // Loses multiframe alignment (frame alignment lost, new cable). Stable values are kept.
  void LoseAlignment();
  // Everything back to unknown (new cable).
  void Reset();
  bool aligned() const { return aligned_; }
  bool rmai() const { return aligned_ && rmai_; }
  uint8_t Stable(int channel) const { return stable_[channel - 1]; }

 private:
  int Sample(int channel, uint8_t bits, uint64_t now, CasChange* out);
  uint64_t debounceFrames_ = 160;
  uint64_t pos_ = 0;  // frames seen since the last LoseAlignment
  bool aligned_ = false;
  bool rmai_ = false;
  bool mfGood_ = false;
  int phase_ = 0;
  int errors_ = 0;
  uint8_t prevHigh_ = 0xF;
  bool candidate_ = false;
  uint64_t candidatePos_ = 0;
  std::array<uint8_t, kE1Channels> stable_{};
  std::array<uint8_t, kE1Channels> candidateBits_{};
  std::array<uint64_t, kE1Channels> candidateSince_{};
};

}  // namespace hotline
