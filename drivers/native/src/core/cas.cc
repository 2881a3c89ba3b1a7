// CAS multiframe and ABCD debounce; see cas.h for what and how.

#include "core/cas.h"

namespace hotline {

bool CasSender::Set(int channel, uint8_t bits) {
  if (channel < 1 || channel > kE1Channels || bits > 0xF) return false;
  if (bits == 0 && channel <= 15) return false;  // would imitate MFAS
  abcd_[channel - 1] = bits;
  return true;
}

void CasReceiver::LoseAlignment() {
  aligned_ = false;
  rmai_ = false;
  mfGood_ = false;
  errors_ = 0;
  candidate_ = false;
  prevHigh_ = 0xF;
}

void CasReceiver::Reset() {
  LoseAlignment();
  pos_ = 0;
  stable_.fill(kCasUnknown);
  candidateBits_.fill(kCasUnknown);
  candidateSince_.fill(0);
}

int CasReceiver::Sample(int channel, uint8_t bits, uint64_t now, CasChange* out) {
  const int i = channel - 1;
  if (bits != candidateBits_[i]) {
    candidateBits_[i] = bits;
    candidateSince_[i] = now;
  }
  if (candidateBits_[i] == stable_[i] || now - candidateSince_[i] < debounceFrames_) return 0;
  stable_[i] = bits;
  out->channel = channel;
  out->bits = bits;
  return 1;
}

int CasReceiver::Push(uint8_t ts16, uint64_t now, CasChange out[2]) {
  const uint8_t high = ts16 >> 4;
  const uint64_t pos = pos_++;
  if (!aligned_) {
    if (high == 0 && prevHigh_ != 0) {
      if (candidate_ && pos - candidatePos_ == kCasMultiframe) {
        aligned_ = true;
        errors_ = 0;
        phase_ = 0;
        mfGood_ = true;
        rmai_ = (ts16 & kCasMfasRmai) != 0;
      } else {
        candidate_ = true;
        candidatePos_ = pos;
      }
    }
    prevHigh_ = high;
    return 0;
  }
  prevHigh_ = high;
  phase_ = (phase_ + 1) % kCasMultiframe;
  if (phase_ == 0) {
    if (high == 0) {
      errors_ = 0;
      mfGood_ = true;
      rmai_ = (ts16 & kCasMfasRmai) != 0;
    } else {
      mfGood_ = false;
      if (++errors_ >= kCasMfasErrorsToLose) {
        LoseAlignment();
        prevHigh_ = high;
      }
    }
    return 0;
  }
  if (!mfGood_) return 0;
  int n = Sample(phase_, high, now, &out[0]);
  n += Sample(phase_ + 15, ts16 & 0xF, now, &out[n]);
  return n;
}

}  // namespace hotline
