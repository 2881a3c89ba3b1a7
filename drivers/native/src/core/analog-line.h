// Analog line signalling over sim-line frames: [audio, state] per sample.
//
// What it does: `HookDecoder` (exchange side, FXS) turns the received
// `offhook` bit into offhook, onhook, hook-flash and pulse-digit events;
// `LineBitsDecoder` (station side, FXO) turns the `ring`, `battery` and
// `reversed` bits into on/off events; `RingCadence` (FXS) turns "ringing"
// into the ring bit with China's 1 s on / 4 s off cadence.
//
// How: every input bit first passes a glitch filter (a change must hold
// kAnalogGlitchMs before it counts; its time is when it began). Then:
//   HookDecoder: onhook -> offhook after kHookMakeMs of make. While off hook,
//   a break is timed when the loop closes again: 40..80 ms a dial pulse,
//   100..600 ms a flash, shorter or in between ignored as noise; a break
//   longer than 600 ms is an onhook (reported at 600 ms). Pulses end as a
//   digit after kPulseInterdigitMs of make (ten pulses = 0).
//   LineBitsDecoder: each bit is held kLineBitPersistMs before an event.
//
// Spec: shared/specs/sim-line.md "Analog frame content" (bits 0x01 offhook,
// 0x02 ring, 0x04 reversed, 0x08 battery; flash = offhook dropped
// 100..600 ms; pulse dialling = 60 ms breaks at 10 pps; shorter breaks are
// noise; China ring 1 s on, 4 s off).
//
// Limits: times are in frames (8 per ms). Pulse windows are fixed (40..80 ms
// break); a digit of more than ten pulses is dropped.

#pragma once

#include <cstdint>

namespace hotline {

constexpr uint64_t kFramesPerMs = 8;
constexpr uint64_t kAnalogGlitchMs = 5;
constexpr uint64_t kHookMakeMs = 30;
constexpr uint64_t kPulseBreakMinMs = 40;
constexpr uint64_t kPulseBreakMaxMs = 80;
constexpr uint64_t kFlashMinMs = 100;
constexpr uint64_t kFlashMaxMs = 600;
constexpr uint64_t kPulseInterdigitMs = 150;
constexpr uint64_t kLineBitPersistMs = 20;
constexpr uint64_t kRingOnMs = 1000;
constexpr uint64_t kRingOffMs = 4000;

// A change of a bit counts only after it held kAnalogGlitchMs.
class GlitchFilter {
 public:
  // Returns true when the filtered value changed at this frame; since() is when the change began.
  bool Push(bool raw, uint64_t now);
  bool value() const { return value_; }
  uint64_t since() const { return since_; }
  void Reset(bool v) {
    value_ = pending_ = v;
    since_ = pendingSince_ = 0;
  }

 private:
  bool value_ = false, pending_ = false;
  uint64_t since_ = 0, pendingSince_ = 0;
};

enum class HookEvent : uint8_t { kNone, kOffhook, kOnhook, kFlash, kDigit };

struct HookOut {
  HookEvent event;
  int digit;
};

class HookDecoder {
 public:
  // Feeds the offhook bit of one frame; returns an event (at most one per frame).
  HookOut Push(bool offhook, uint64_t now);
  bool offhook() const { return state_ != State::kOnhook; }
  void Reset();

 private:
  enum class State : uint8_t { kOnhook, kOffhook, kBreak };
  GlitchFilter filter_;
  State state_ = State::kOnhook;
  uint64_t breakStart_ = 0;
  uint64_t makeStart_ = 0;
  int pulses_ = 0;
};

enum class LineBitEvent : uint8_t { kNone, kRingOn, kRingOff, kBatteryOn, kBatteryOff, kReversalOn, kReversalOff };

class LineBitsDecoder {
 public:
  // Feeds the state octet of one frame; writes up to three events.
  int Push(uint8_t state, uint64_t now, LineBitEvent out[3]);
  uint8_t stable() const { return stable_; }
  void Reset();

 private:
  uint8_t stable_ = 0, candidate_ = 0;
  uint64_t since_[3] = {0, 0, 0};
};

class RingCadence {
 public:
  void Start(uint64_t now) {
    if (!on_) startedAt_ = now;
    on_ = true;
  }
  void Stop() { on_ = false; }
  bool ringing() const { return on_; }
  bool RingBit(uint64_t now) const {
    if (!on_) return false;
    const uint64_t cycle = (kRingOnMs + kRingOffMs) * kFramesPerMs;
    return (now - startedAt_) % cycle < kRingOnMs * kFramesPerMs;
  }

 private:
  bool on_ = false;
  uint64_t startedAt_ = 0;
};

}  // namespace hotline
