// HDLC encoder and decoder; see hdlc.h for what and how.

#include "core/hdlc.h"

#include <cstring>

#include "core/crc16.h"

namespace hotline {

bool HdlcEncoder::Send(const uint8_t* data, size_t n) {
  if (n < kHdlcMinOctets || n > kHdlcMaxOctets || count_ == queue_.size()) return false;
  Slot& slot = queue_[(head_ + count_) % queue_.size()];
  std::memcpy(slot.data.data(), data, n);
  const uint16_t fcs = Crc16Fcs(data, n);
  slot.data[n] = static_cast<uint8_t>(fcs & 0xFF);
  slot.data[n + 1] = static_cast<uint8_t>(fcs >> 8);
  slot.n = static_cast<uint16_t>(n + 2);
  ++count_;
  return true;
}

void HdlcEncoder::Reset() {
  head_ = count_ = 0;
  inFrame_ = false;
  bitPos_ = 0;
  flagBit_ = 0;
  ones_ = 0;
  stuff_ = false;
}

int HdlcEncoder::NextBit() {
  if (stuff_) {
    stuff_ = false;
    ones_ = 0;
    return 0;
  }
  if (!inFrame_) {
    const int bit = (kHdlcFlag >> (7 - flagBit_)) & 1;
    if (++flagBit_ == 8) {
      flagBit_ = 0;
      // A frame starts right after a complete flag (the opening flag).
      if (count_ > 0) {
        inFrame_ = true;
        bitPos_ = 0;
        ones_ = 0;
      }
    }
    return bit;
  }
  const Slot& slot = queue_[head_];
  const int bit = (slot.data[bitPos_ >> 3] >> (bitPos_ & 7)) & 1;
  if (++bitPos_ == static_cast<size_t>(slot.n) * 8) {
    inFrame_ = false;
    head_ = (head_ + 1) % queue_.size();
    --count_;
  }
  if (bit) {
    if (++ones_ == 5) stuff_ = true;
  } else {
    ones_ = 0;
  }
  return bit;
}

uint8_t HdlcEncoder::NextOctet() {
  uint8_t octet = 0;
  for (int i = 0; i < 8; ++i) octet = static_cast<uint8_t>((octet << 1) | NextBit());
  return octet;
}

void HdlcDecoder::Reset() {
  nbits_ = 0;
  overlong_ = false;
  hunting_ = true;
  ones_ = 0;
}

void HdlcDecoder::AddBit(int bit) {
  if (nbits_ >= buf_.size() * 8) {
    overlong_ = true;
    return;
  }
  uint8_t& octet = buf_[nbits_ >> 3];
  if ((nbits_ & 7) == 0) octet = 0;
  octet = static_cast<uint8_t>(octet | (bit << (nbits_ & 7)));
  ++nbits_;
}

bool HdlcDecoder::EndFrame() {
  // The zero that opened this flag was taken as data: drop it.
  if (nbits_ > 0) --nbits_;
  const size_t nbits = nbits_;
  const bool overlong = overlong_;
  nbits_ = 0;
  overlong_ = false;
  if (nbits == 0 && !overlong) return false;  // back-to-back flags (idle)
  if (nbits % 8 != 0 && !overlong) {
    ++counters_.nonOctet;
    return false;
  }
  const size_t octets = nbits / 8;
  if (overlong || octets < kHdlcMinOctets + 2 || octets > kHdlcMaxOctets + 2) {
    ++counters_.badLength;
    return false;
  }
  if (Crc16Update(kCrc16Init, buf_.data(), octets) != kCrc16GoodResidue) {
    ++counters_.crcErrors;
    return false;
  }
  ++counters_.frames;
  goodLength_ = octets - 2;
  return true;
}

bool HdlcDecoder::PushBit(int bit) {
  if (bit) {
    if (++ones_ == 7) {
      // Abort: seven ones. Only a frame with content counts (an all-ones
      // line between flags is not a frame).
      if (!hunting_ && nbits_ > 0) ++counters_.aborts;
      hunting_ = true;
      nbits_ = 0;
      overlong_ = false;
    }
    return false;
  }
  const int ones = ones_;
  ones_ = 0;
  if (ones == 6) {
    const bool wasHunting = hunting_;
    hunting_ = false;
    if (wasHunting) {
      nbits_ = 0;
      overlong_ = false;
      return false;
    }
    return EndFrame();
  }
  if (hunting_ || ones > 6) return false;
  for (int i = 0; i < ones; ++i) AddBit(1);
  if (ones == 5) return false;  // inserted zero
  AddBit(0);
  return false;
}

}  // namespace hotline
