// E1 timeslot 0: frame alignment signal sent and hunted, remote alarm.
//
// What it does: `E1FrameAligner` finds which received frames carry the
// frame alignment signal (FAS) and reports alignment and the remote alarm
// indication; `E1Ts0Octet` gives the octet to send in timeslot 0.
//
// How: a hunt state machine over the TS0 octet of each frame.
//   hunting: a FAS octet (octet & 0x7F == 0x1B) opens a candidate on its
//   frame parity; each following frame must alternate NFAS (bit 2 set,
//   0x40) and FAS; three FAS in a row with NFAS between gain alignment; any
//   miss drops the candidate (and the missing octet may open a new one).
//   aligned: three consecutive errored FAS lose alignment; each NFAS gives
//   `rai` (bit 3, 0x20).
// Which frame a message starts with is irrelevant: alignment decides parity.
//
// Spec: shared/specs/sim-line.md "Timeslot 0" and "Receiver and sender
// rules" (gain after three FAS with NFAS between, loss after three errored
// FAS, NFAS 0x60 while los or lof); G.704 2.3.1, G.706 4.1 (the model).
//
// Limits: no CRC-4 multiframe (sim-line v1 has none); Si and Sa bits are
// sent as 0 and ignored on receive.

#pragma once

#include <cstdint>

namespace hotline {

constexpr uint8_t kE1Fas = 0x1B;
constexpr uint8_t kE1FasMask = 0x7F;
constexpr uint8_t kE1NfasBit2 = 0x40;
constexpr uint8_t kE1NfasRai = 0x20;
constexpr int kE1FasToAlign = 3;
constexpr int kE1FasErrorsToLose = 3;

// TS0 octet for sent frame number `frame` (counted from the first frame on the cable).
inline uint8_t E1Ts0Octet(uint64_t frame, bool remoteAlarm) {
  if ((frame & 1) == 0) return kE1Fas;
  return remoteAlarm ? (kE1NfasBit2 | kE1NfasRai) : kE1NfasBit2;
}

class E1FrameAligner {
 public:
  enum class Frame : uint8_t { kHunting, kFas, kNfas };
  // Feeds the TS0 octet of the next received frame; says what that frame was.
  Frame Push(uint8_t ts0);
  bool aligned() const { return aligned_; }
  bool rai() const { return aligned_ && rai_; }
  // Drops alignment at once (a wrong-length message, a new cable).
  void Reset();

 private:
  uint64_t frame_ = 0;
  int fasParity_ = 0;
  int huntCount_ = 0;
  int fasErrors_ = 0;
  bool aligned_ = false;
  bool rai_ = false;
};

}  // namespace hotline
