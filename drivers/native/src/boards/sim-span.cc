// One simulated span; see sim-span.h for what and how.

#include "boards/sim-span.h"

#include <cstring>

namespace hotline {

namespace {

constexpr int kRecvBatch = 4;  // ticks taken per system call

// Ring counters are Int32 in JS; native does its arithmetic unsigned so a
// wrap (after 2^31 blocks) stays well defined.
uint32_t LoadControl(const SpanAudio& a, int word) { return static_cast<uint32_t>(__atomic_load_n(&a.control[word], __ATOMIC_ACQUIRE)); }
void StoreControl(const SpanAudio& a, int word, uint32_t v) { __atomic_store_n(&a.control[word], static_cast<int32_t>(v), __ATOMIC_RELEASE); }
size_t Slot(const SpanAudio& a, uint32_t count) {
  return static_cast<size_t>(count % static_cast<uint32_t>(a.blocks)) * static_cast<size_t>(a.channels) * kAudioBlockFrames;
}

}  // namespace

SimSpan::SimSpan(const SpanConfig& config, int index, int tickFrames, Pace pace, const std::string& boardId)
    : config_(config),
      index_(index),
      tickFrames_(tickFrames),
      pace_(pace),
      cable_(config.cable, boardId + "/" + std::to_string(index)),
      casRx_(config.debounceMs) {
  rxSlot_Size_ = TickOctets() + 64;
  rxBuf_.resize(rxSlot_Size_ * kRecvBatch);
  txBuf_.resize(TickOctets());
  alarms_ = kAlarmLos | (e1() ? static_cast<uint32_t>(kAlarmLof) : 0u) | (config_.kind == SpanKind::kE1Cas ? static_cast<uint32_t>(kAlarmLomf) : 0u);
  if (config_.kind == SpanKind::kFxs) lineState_ = kLineBattery;
}

void SimSpan::AttachAudio(const SpanAudio& audio) { audio_ = audio; }

void SimSpan::Open() { cable_.Open(); }

void SimSpan::Close() { cable_.Close(); }

void SimSpan::Emit(EventBatch& out, EventType type, int channel, uint32_t value, uint32_t aux, double lineMs) {
  BoardEvent e{};
  e.type = type;
  e.span = static_cast<uint8_t>(index_);
  e.channel = static_cast<uint16_t>(channel);
  e.value = value;
  e.aux = aux;
  e.lineMs = lineMs;
  out.Push(e);
}

void SimSpan::OnConnected(uint64_t nowNs) {
  // A new cable restarts the tick count (sim-line.md "Transport").
  ++counters_.reconnects;
  lineTicks_ = txFrame_ = rxFrames_ = rxTicksConnected_ = 0;
  lastRxNs_ = nowNs;
  awaiting_ = false;
  awaitSinceNs_ = nowNs;
  aligner_.Reset();
  casRx_.Reset();
  hdlcRx_.Reset();
  hook_.Reset();
  lineBits_.Reset();
}

void SimSpan::OnDisconnected() {
  aligner_.Reset();
  casRx_.LoseAlignment();
  hdlcRx_.Reset();
  awaiting_ = false;
}

void SimSpan::PollCable(uint64_t nowNs, EventBatch& out) {
  const bool was = cable_.connected();
  if (!was && cable_.Poll(nowNs)) OnConnected(nowNs);
  (void)out;
}

void SimSpan::UpdateAlarms(uint64_t nowNs, EventBatch& out) {
  uint32_t a = 0;
  const bool stale = pace_ == Pace::kRealtime && nowNs - lastRxNs_ > kLosTimeoutNs;
  if (!cable_.connected() || rxTicksConnected_ == 0 || stale) a |= kAlarmLos;
  if (e1()) {
    if ((a & kAlarmLos) || !aligner_.aligned()) a |= kAlarmLof;
    if (aligner_.rai() && !(a & kAlarmLos)) a |= kAlarmRai;
    if (config_.kind == SpanKind::kE1Cas) {
      if ((a & kAlarmLof) || !casRx_.aligned()) a |= kAlarmLomf;
      if (casRx_.rmai() && !(a & kAlarmLof)) a |= kAlarmRmai;
    }
  }
  if (a == alarms_ && everUpdated_) return;
  everUpdated_ = true;
  if ((a & kAlarmLos) && !(alarms_ & kAlarmLos)) ++counters_.losEvents;
  if ((a & kAlarmLof) && !(alarms_ & kAlarmLof)) ++counters_.lofEvents;
  const uint32_t before = alarms_;
  alarms_ = a;
  if (a != before) Emit(out, EventType::kAlarm, 0, a, before, lineMs());
}

// ---- receive ---------------------------------------------------------------

void SimSpan::RxAudioOctet(int channel, uint8_t octet) {
  if (rxSlot_ != nullptr) rxSlot_[channel * kAudioBlockFrames + rxPos_] = octet;
}

void SimSpan::RxAudioAdvance(EventBatch& out) {
  if (++rxPos_ < kAudioBlockFrames) return;
  rxPos_ = 0;
  if (audio_.rx == nullptr) return;
  const uint32_t written = LoadControl(audio_, kAudioRxWritten) + 1;
  if (written - LoadControl(audio_, kAudioRxRead) > static_cast<uint32_t>(audio_.blocks)) {
    ++counters_.overruns;
    StoreControl(audio_, kAudioOverruns, static_cast<uint32_t>(counters_.overruns));
  }
  StoreControl(audio_, kAudioRxWritten, written);
  rxSlot_ = audio_.rx + Slot(audio_, written);
  Emit(out, EventType::kAudio, 0, static_cast<uint32_t>(written), 0, RxMs());
}

void SimSpan::ReceiveE1Frame(const uint8_t* frame, EventBatch& out) {
  const bool was = aligner_.aligned();
  aligner_.Push(frame[0]);
  ++rxFrames_;
  if (!aligner_.aligned()) {
    if (was) casRx_.LoseAlignment();
    for (int ts = 0; ts < kE1FrameOctets; ++ts) RxAudioOctet(ts, kAlawIdle);
    RxAudioAdvance(out);
    return;
  }
  for (int ts = 0; ts < kE1FrameOctets; ++ts) RxAudioOctet(ts, frame[ts]);
  const uint8_t ts16 = frame[16];
  if (config_.kind == SpanKind::kE1Cas) {
    CasChange changes[2];
    const int n = casRx_.Push(ts16, rxFrames_, changes);
    for (int i = 0; i < n; ++i) Emit(out, EventType::kAbcd, changes[i].channel, changes[i].bits, 0, RxMs());
  } else {
    hdlcRx_.PushOctet(ts16, [&](const uint8_t* data, size_t len) {
      BoardEvent e{};
      e.type = EventType::kHdlc;
      e.span = static_cast<uint8_t>(index_);
      e.lineMs = RxMs();
      out.PushFrame(e, data, len);
    });
  }
  RxAudioAdvance(out);
}

void SimSpan::ReceiveAnalogFrame(const uint8_t* frame, EventBatch& out) {
  ++rxFrames_;
  RxAudioOctet(0, frame[0]);
  const uint8_t state = frame[1];
  if (config_.kind == SpanKind::kFxs) {
    const HookOut h = hook_.Push((state & kLineOffhook) != 0, rxFrames_);
    switch (h.event) {
      case HookEvent::kNone:
        break;
      case HookEvent::kOffhook:
        ring_.Stop();  // ring trip: an answer stops ringing at once
        lineState_ &= static_cast<uint8_t>(~kLineRing);
        Emit(out, EventType::kAnalog, 0, static_cast<uint32_t>(AnalogEvent::kOffhook), 0, RxMs());
        break;
      case HookEvent::kOnhook:
        Emit(out, EventType::kAnalog, 0, static_cast<uint32_t>(AnalogEvent::kOnhook), 0, RxMs());
        break;
      case HookEvent::kFlash:
        Emit(out, EventType::kAnalog, 0, static_cast<uint32_t>(AnalogEvent::kFlash), 0, RxMs());
        break;
      case HookEvent::kDigit:
        Emit(out, EventType::kAnalog, 0, static_cast<uint32_t>(AnalogEvent::kDigit), static_cast<uint32_t>(h.digit), RxMs());
        break;
    }
  } else {
    LineBitEvent events[3];
    const int n = lineBits_.Push(state, rxFrames_, events);
    for (int i = 0; i < n; ++i) {
      AnalogEvent a = AnalogEvent::kRingOn;
      switch (events[i]) {
        case LineBitEvent::kNone: continue;
        case LineBitEvent::kRingOn: a = AnalogEvent::kRingOn; break;
        case LineBitEvent::kRingOff: a = AnalogEvent::kRingOff; break;
        case LineBitEvent::kBatteryOn: a = AnalogEvent::kBatteryOn; break;
        case LineBitEvent::kBatteryOff: a = AnalogEvent::kBatteryOff; break;
        case LineBitEvent::kReversalOn: a = AnalogEvent::kReversalOn; break;
        case LineBitEvent::kReversalOff: a = AnalogEvent::kReversalOff; break;
      }
      Emit(out, EventType::kAnalog, 0, static_cast<uint32_t>(a), 0, RxMs());
    }
  }
  RxAudioAdvance(out);
}

bool SimSpan::Receive(const uint8_t* msg, long n, uint64_t nowNs, EventBatch& out) {
  if (n != static_cast<long>(TickOctets())) {
    // Wrong length: dropped, counted, frame alignment lost at once; not a
    // tick (sim-line.md "Clarifications").
    ++counters_.badLength;
    aligner_.Reset();
    casRx_.LoseAlignment();
    Emit(out, EventType::kWrongLength, 0, static_cast<uint32_t>(n), 0, lineMs());
    return false;
  }
  if (rxSlot_ == nullptr && audio_.rx != nullptr) {
    rxSlot_ = audio_.rx + Slot(audio_, LoadControl(audio_, kAudioRxWritten));
  }
  const size_t frameOctets = e1() ? kE1FrameOctets : kAnalogFrameOctets;
  for (int f = 0; f < tickFrames_; ++f) {
    if (e1()) {
      ReceiveE1Frame(msg + f * frameOctets, out);
    } else {
      ReceiveAnalogFrame(msg + f * frameOctets, out);
    }
  }
  ++counters_.rxTicks;
  ++rxTicksConnected_;
  lastRxNs_ = nowNs;
  return true;
}

// ---- transmit --------------------------------------------------------------

const uint8_t* SimSpan::TxAudioBlock() {
  if (txPos_ == 0) {
    txFromRing_ = false;
    txSlot_ = nullptr;
    if (audio_.tx != nullptr) {
      const uint32_t read = LoadControl(audio_, kAudioTxRead);
      const uint32_t queued = LoadControl(audio_, kAudioTxWritten) - read;
      if (queued > 0 && queued <= static_cast<uint32_t>(audio_.blocks)) {
        txSlot_ = audio_.tx + Slot(audio_, read);
        txFromRing_ = true;
      } else {
        ++counters_.underruns;
        StoreControl(audio_, kAudioUnderruns, static_cast<uint32_t>(counters_.underruns));
      }
    }
  }
  return txSlot_;
}

void SimSpan::TxAudioAdvance() {
  if (++txPos_ < kAudioBlockFrames) return;
  txPos_ = 0;
  if (txFromRing_) StoreControl(audio_, kAudioTxRead, LoadControl(audio_, kAudioTxRead) + 1);
  txFromRing_ = false;
}

void SimSpan::BuildTick(uint8_t* msg) {
  const bool remoteAlarm = (alarms_ & (kAlarmLos | kAlarmLof)) != 0;
  const bool remoteMfAlarm = (alarms_ & (kAlarmLos | kAlarmLof | kAlarmLomf)) != 0;
  for (int f = 0; f < tickFrames_; ++f) {
    const uint8_t* src = TxAudioBlock();
    if (e1()) {
      uint8_t* frame = msg + f * kE1FrameOctets;
      if (src != nullptr) {
        for (int ts = 0; ts < kE1FrameOctets; ++ts) frame[ts] = src[ts * kAudioBlockFrames + txPos_];
      } else {
        std::memset(frame, kAlawIdle, kE1FrameOctets);
      }
      frame[0] = E1Ts0Octet(txFrame_, remoteAlarm);
      frame[16] = config_.kind == SpanKind::kE1Cas ? casTx_.Octet(txFrame_, remoteMfAlarm) : hdlcTx_.NextOctet();
    } else {
      uint8_t* frame = msg + f * kAnalogFrameOctets;
      frame[0] = src != nullptr ? src[txPos_] : kAlawIdle;
      uint8_t state = 0;
      if (config_.kind == SpanKind::kFxs) {
        state = lineState_ & (kLineBattery | kLineReversed);
        if (ring_.RingBit(txFrame_)) state |= kLineRing;
      } else {
        state = lineState_ & kLineOffhook;
      }
      frame[1] = state;
    }
    ++txFrame_;
    TxAudioAdvance();
  }
}

bool SimSpan::SendTick(EventBatch& out) {
  BuildTick(txBuf_.data());
  (void)out;
  const bool sent = cable_.Send(txBuf_.data(), txBuf_.size());
  if (sent) {
    ++counters_.txTicks;
  } else {
    ++counters_.txDropped;
  }
  // A realtime line runs on its schedule whether or not the far end reads.
  if (sent || pace_ == Pace::kRealtime) ++lineTicks_;
  return sent;
}

// ---- roles -----------------------------------------------------------------

void SimSpan::Drain(uint64_t nowNs, EventBatch& out) {
  long lens[kRecvBatch];
  for (;;) {
    if (!cable_.connected()) break;
    const int got = cable_.RecvMany(rxBuf_.data(), rxSlot_Size_, kRecvBatch, lens);
    if (got < 0) {
      OnDisconnected();
      break;
    }
    for (int i = 0; i < got; ++i) {
      const bool tick = Receive(rxBuf_.data() + static_cast<size_t>(i) * rxSlot_Size_, lens[i], nowNs, out);
      if (!tick) continue;
      if (master()) {
        awaiting_ = false;
      } else {
        SendTick(out);  // loop timing: one tick answers one tick
      }
    }
    // Fewer than asked: nothing more is waiting (saves an empty system call).
    if (got < kRecvBatch) break;
  }
  if (!cable_.connected() && cable_.fd() < 0) OnDisconnected();
}

void SimSpan::FreewheelPass(uint64_t nowNs, EventBatch& out) {
  PollCable(nowNs, out);
  Drain(nowNs, out);
  if (master() && cable_.connected()) {
    if (!awaiting_) {
      if (SendTick(out)) {
        awaiting_ = true;
        awaitSinceNs_ = nowNs;
      }
    } else if (nowNs - awaitSinceNs_ >= kStalledTimeoutNs) {
      ++counters_.stalled;
      awaitSinceNs_ = nowNs;
      Emit(out, EventType::kStalled, 0, static_cast<uint32_t>(counters_.stalled), 0, lineMs());
    }
  }
  UpdateAlarms(nowNs, out);
}

void SimSpan::RealtimeTick(uint64_t nowNs, EventBatch& out) {
  PollCable(nowNs, out);
  Drain(nowNs, out);
  if (master() && cable_.connected()) SendTick(out);
  UpdateAlarms(nowNs, out);
}

// ---- commands --------------------------------------------------------------

void SimSpan::SetAbcd(int channel, uint8_t bits) {
  if (config_.kind != SpanKind::kE1Cas) throw BoardError("ERR_UNSUPPORTED", "setAbcd: span " + std::to_string(index_ + 1) + " is not an e1-cas span");
  if (!casTx_.Set(channel, bits)) {
    throw BoardError("ERR_INVALID_ARG", "setAbcd: bits 0000 are not allowed on channel " + std::to_string(channel) + " (1-15 would imitate MFAS)");
  }
}

void SimSpan::SendHdlc(const uint8_t* data, size_t n) {
  if (config_.kind != SpanKind::kE1Ccs) throw BoardError("ERR_UNSUPPORTED", "sendHdlc: span " + std::to_string(index_ + 1) + " is not an e1-ccs span");
  if (n < kHdlcMinOctets || n > kHdlcMaxOctets) throw BoardError("ERR_INVALID_ARG", "sendHdlc: frame: expected 2 to 512 octets, got " + std::to_string(n));
  if (!hdlcTx_.Send(data, n)) {
    ++counters_.hdlcTxDropped;
    throw BoardError("ERR_CAPACITY", "sendHdlc: transmit queue full (" + std::to_string(kHdlcTxQueueFrames) + " frames)");
  }
  ++counters_.hdlcTxFrames;
}

void SimSpan::SetLineState(int port, uint8_t bits) {
  if (e1()) throw BoardError("ERR_UNSUPPORTED", "setLineState: span " + std::to_string(index_ + 1) + " is not an analog span");
  if (port != 0) throw BoardError("ERR_INVALID_ARG", "setLineState: port: expected 0 (one port per analog span), got " + std::to_string(port));
  if (config_.kind == SpanKind::kFxs) {
    if (bits & kLineRing) {
      ring_.Start(txFrame_);
    } else {
      ring_.Stop();
    }
    lineState_ = bits & (kLineBattery | kLineReversed | kLineRing);
  } else {
    lineState_ = bits & kLineOffhook;
  }
}

void SimSpan::Unplug(EventBatch& out) {
  cable_.Unplug();
  OnDisconnected();
  (void)out;
}

void SimSpan::Plug() { cable_.Plug(); }

SpanCounters SimSpan::counters() const {
  SpanCounters c = counters_;
  const HdlcCounters& h = hdlcRx_.counters();
  c.crcErrors = h.crcErrors;
  c.aborts = h.aborts;
  c.hdlcBadLength = h.badLength;
  c.nonOctet = h.nonOctet;
  c.hdlcRxFrames = h.frames;
  return c;
}

}  // namespace hotline
