// Analog line signalling; see analog-line.h for what and how.

#include "core/analog-line.h"

namespace hotline {

bool GlitchFilter::Push(bool raw, uint64_t now) {
  if (raw != pending_) {
    pending_ = raw;
    pendingSince_ = now;
  }
  if (pending_ != value_ && now - pendingSince_ >= kAnalogGlitchMs * kFramesPerMs) {
    value_ = pending_;
    since_ = pendingSince_;
    return true;
  }
  return false;
}

void HookDecoder::Reset() {
  filter_.Reset(false);
  state_ = State::kOnhook;
  breakStart_ = makeStart_ = 0;
  pulses_ = 0;
}

HookOut HookDecoder::Push(bool offhook, uint64_t now) {
  const bool changed = filter_.Push(offhook, now);
  const uint64_t at = filter_.since();
  switch (state_) {
    case State::kOnhook:
      if (filter_.value() && now - at >= kHookMakeMs * kFramesPerMs) {
        state_ = State::kOffhook;
        makeStart_ = at;
        pulses_ = 0;
        return {HookEvent::kOffhook, 0};
      }
      return {HookEvent::kNone, 0};
    case State::kOffhook:
      if (changed && !filter_.value()) {
        state_ = State::kBreak;
        breakStart_ = at;
        return {HookEvent::kNone, 0};
      }
      if (pulses_ > 0 && now - makeStart_ >= kPulseInterdigitMs * kFramesPerMs) {
        const int pulses = pulses_;
        pulses_ = 0;
        if (pulses <= 10) return {HookEvent::kDigit, pulses % 10};
      }
      return {HookEvent::kNone, 0};
    case State::kBreak: {
      if (!filter_.value()) {
        if (now - breakStart_ > kFlashMaxMs * kFramesPerMs) {
          state_ = State::kOnhook;
          pulses_ = 0;
          return {HookEvent::kOnhook, 0};
        }
        return {HookEvent::kNone, 0};
      }
      const uint64_t breakMs = (at - breakStart_) / kFramesPerMs;
      state_ = State::kOffhook;
      makeStart_ = at;
      if (breakMs >= kPulseBreakMinMs && breakMs <= kPulseBreakMaxMs) {
        ++pulses_;
        return {HookEvent::kNone, 0};
      }
      if (breakMs >= kFlashMinMs && breakMs <= kFlashMaxMs) {
        pulses_ = 0;
        return {HookEvent::kFlash, 0};
      }
      return {HookEvent::kNone, 0};
    }
  }
  return {HookEvent::kNone, 0};
}

void LineBitsDecoder::Reset() {
  stable_ = candidate_ = 0;
}

int LineBitsDecoder::Push(uint8_t state, uint64_t now, LineBitEvent out[3]) {
  static constexpr uint8_t kBits[3] = {0x02, 0x08, 0x04};  // ring, battery, reversed
  static constexpr LineBitEvent kOn[3] = {LineBitEvent::kRingOn, LineBitEvent::kBatteryOn, LineBitEvent::kReversalOn};
  static constexpr LineBitEvent kOff[3] = {LineBitEvent::kRingOff, LineBitEvent::kBatteryOff, LineBitEvent::kReversalOff};
  int n = 0;
  for (int i = 0; i < 3; ++i) {
    const uint8_t bit = kBits[i];
    if ((state & bit) != (candidate_ & bit)) {
      candidate_ = static_cast<uint8_t>((candidate_ & ~bit) | (state & bit));
      since_[i] = now;
    }
    if ((candidate_ & bit) != (stable_ & bit) && now - since_[i] >= kLineBitPersistMs * kFramesPerMs) {
      stable_ = static_cast<uint8_t>((stable_ & ~bit) | (candidate_ & bit));
      out[n++] = (stable_ & bit) ? kOn[i] : kOff[i];
    }
  }
  return n;
}

}  // namespace hotline
