// One span of the simulated board: an E1 (CAS or CCS) or an analog port on
// a sim-line cable.
//
// What it does: builds the span's outgoing ticks (TS0 FAS/NFAS, TS16 CAS
// multiframe or HDLC, bearer audio from the tx ring or idle 0xD5; analog
// [audio, state] frames with ring cadence), decodes incoming ticks (frame and
// multiframe alignment, ABCD debounce, HDLC frames, hook/flash/pulse and
// ring/battery/reversal events, rx audio into the rx ring) and keeps the
// span's alarms and counters. It also plays its clock role on the cable:
// a master sends ticks (on the board's schedule in realtime, one per answer
// in freewheel), a slave answers each received tick with one tick.
//
// How: per frame, the pure machines of src/core (E1FrameAligner, CasSender,
// CasReceiver, HdlcEncoder/Decoder, HookDecoder, LineBitsDecoder,
// RingCadence). Received audio is written channel-major into the current rx
// block; a complete block is published with an atomic store. Events go into
// the caller's EventBatch.
//
// Spec: shared/specs/sim-line.md (all sections; "Clarifications" for wrong
// lengths, los and pace, stalled).
//
// Limits: one analog port per span. Not thread-safe: the board serialises.

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "boards/board.h"
#include "boards/sim-cable.h"
#include "core/analog-line.h"
#include "core/cas.h"
#include "core/e1-framer.h"
#include "core/hdlc.h"

namespace hotline {

constexpr uint64_t kLosTimeoutNs = 100'000'000;    // sim-line.md "Alarms": no ticks for 100 ms
constexpr uint64_t kStalledTimeoutNs = 1'000'000'000;  // "Clarifications": 1 s without an answer
constexpr int kE1FrameOctets = 32;
constexpr int kAnalogFrameOctets = 2;
constexpr uint8_t kAlawIdle = 0xD5;

class SimSpan {
 public:
  SimSpan(const SpanConfig& config, int index, int tickFrames, Pace pace, const std::string& boardId);
  SimSpan(const SimSpan&) = delete;
  SimSpan& operator=(const SimSpan&) = delete;

  void AttachAudio(const SpanAudio& audio);
  void Open();
  void Close();
  // Freewheel: one board tick.
  void FreewheelPass(uint64_t nowNs, EventBatch& out);
  // Realtime: the board's deadline for a master; los checks for both roles.
  void RealtimeTick(uint64_t nowNs, EventBatch& out);
  // Realtime: drain what the cable has (a slave answers each tick).
  void Drain(uint64_t nowNs, EventBatch& out);
  int fd() const { return cable_.connected() ? cable_.fd() : -1; }
  bool master() const { return config_.clock == ClockRole::kMaster; }

  void SetAbcd(int channel, uint8_t bits);
  void SendHdlc(const uint8_t* data, size_t n);
  void SetLineState(int port, uint8_t bits);
  void Unplug(EventBatch& out);
  void Plug();

  uint32_t alarms() const { return alarms_; }
  SpanCounters counters() const;
  double lineMs() const { return static_cast<double>(lineTicks_) * tickFrames_ / 8.0; }

 private:
  bool e1() const { return config_.kind == SpanKind::kE1Cas || config_.kind == SpanKind::kE1Ccs; }
  size_t TickOctets() const { return static_cast<size_t>(tickFrames_) * (e1() ? kE1FrameOctets : kAnalogFrameOctets); }
  void PollCable(uint64_t nowNs, EventBatch& out);
  // Processes one received message; true if it was a tick.
  bool Receive(const uint8_t* msg, long n, uint64_t nowNs, EventBatch& out);
  void ReceiveE1Frame(const uint8_t* frame, EventBatch& out);
  void ReceiveAnalogFrame(const uint8_t* frame, EventBatch& out);
  void BuildTick(uint8_t* msg);
  bool SendTick(EventBatch& out);
  void RxAudioOctet(int channel, uint8_t octet);
  void RxAudioAdvance(EventBatch& out);
  const uint8_t* TxAudioBlock();
  void TxAudioAdvance();
  void OnConnected(uint64_t nowNs);
  void OnDisconnected();
  void UpdateAlarms(uint64_t nowNs, EventBatch& out);
  void Emit(EventBatch& out, EventType type, int channel, uint32_t value, uint32_t aux, double lineMs);
  double RxMs() const { return static_cast<double>(rxFrames_) / 8.0; }

  SpanConfig config_;
  int index_;
  int tickFrames_;
  Pace pace_;
  SimCable cable_;
  SpanAudio audio_;
  std::vector<uint8_t> rxBuf_, txBuf_;
  size_t rxSlot_Size_ = 0;

  // Line state since the cable connected.
  uint64_t lineTicks_ = 0;
  uint64_t txFrame_ = 0;
  uint64_t rxFrames_ = 0;
  uint64_t rxTicksConnected_ = 0;
  uint64_t lastRxNs_ = 0;
  bool awaiting_ = false;
  uint64_t awaitSinceNs_ = 0;
  uint32_t alarms_ = 0;
  bool everUpdated_ = false;

  E1FrameAligner aligner_;
  CasSender casTx_;
  CasReceiver casRx_;
  HdlcEncoder hdlcTx_;
  HdlcDecoder hdlcRx_;
  HookDecoder hook_;
  LineBitsDecoder lineBits_;
  RingCadence ring_;
  uint8_t lineState_ = 0;

  int rxPos_ = 0, txPos_ = 0;
  uint8_t* rxSlot_ = nullptr;
  const uint8_t* txSlot_ = nullptr;
  bool txFromRing_ = false;
  SpanCounters counters_;
};

}  // namespace hotline
