// CRC-16/X.25 (the HDLC frame check sequence).
//
// What it does: the FCS of Q.703 clause 4 / ISO 3309: generator
// x^16 + x^12 + x^5 + 1 processed least significant bit first (reflected
// polynomial 0x8408), initial value 0xFFFF, ones-complemented result sent
// least significant octet first. Running the register over data plus its
// FCS leaves the constant residue 0xF0B8 (good frame check).
//
// How: one 256-entry table built at compile time, one lookup per octet.
//
// Spec: shared/specs/sim-line.md "Timeslot 16, CCS mode"; Q.703 4.2.

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace hotline {

constexpr uint16_t kCrc16Init = 0xFFFF;
constexpr uint16_t kCrc16GoodResidue = 0xF0B8;

constexpr std::array<uint16_t, 256> MakeCrc16Table() {
  std::array<uint16_t, 256> table{};
  for (int i = 0; i < 256; ++i) {
    uint16_t c = static_cast<uint16_t>(i);
    for (int b = 0; b < 8; ++b) c = (c & 1) ? static_cast<uint16_t>((c >> 1) ^ 0x8408) : static_cast<uint16_t>(c >> 1);
    table[i] = c;
  }
  return table;
}

inline constexpr std::array<uint16_t, 256> kCrc16Table = MakeCrc16Table();

inline uint16_t Crc16Update(uint16_t crc, const uint8_t* data, size_t n) {
  for (size_t i = 0; i < n; ++i) crc = static_cast<uint16_t>((crc >> 8) ^ kCrc16Table[(crc ^ data[i]) & 0xFF]);
  return crc;
}

// The FCS to append (already complemented); send low octet first.
inline uint16_t Crc16Fcs(const uint8_t* data, size_t n) {
  return static_cast<uint16_t>(~Crc16Update(kCrc16Init, data, n));
}

}  // namespace hotline
