// E1 frame alignment; see e1-framer.h for what and how.

#include "core/e1-framer.h"

namespace hotline {

void E1FrameAligner::Reset() {
  huntCount_ = 0;
  fasErrors_ = 0;
  aligned_ = false;
  rai_ = false;
}

E1FrameAligner::Frame E1FrameAligner::Push(uint8_t ts0) {
  const bool fas = (ts0 & kE1FasMask) == kE1Fas;
  const int parity = static_cast<int>(frame_ & 1);
  ++frame_;
  if (aligned_) {
    if (parity != fasParity_) {
      rai_ = (ts0 & kE1NfasRai) != 0;
      return Frame::kNfas;
    }
    if (fas) {
      fasErrors_ = 0;
    } else if (++fasErrors_ >= kE1FasErrorsToLose) {
      Reset();
      return Frame::kHunting;
    }
    return Frame::kFas;
  }
  if (huntCount_ > 0) {
    if (parity == fasParity_) {
      if (fas) {
        if (++huntCount_ >= kE1FasToAlign) {
          aligned_ = true;
          fasErrors_ = 0;
          return Frame::kFas;
        }
        return Frame::kHunting;
      }
      huntCount_ = 0;
    } else if ((ts0 & kE1NfasBit2) != 0) {
      return Frame::kHunting;
    } else {
      huntCount_ = 0;
    }
  }
  if (fas) {
    fasParity_ = parity;
    huntCount_ = 1;
  }
  return Frame::kHunting;
}

}  // namespace hotline
