// One span of the DAHDI board (see dahdi-span.h for what, how and limits).

#if __has_include(<dahdi/user.h>)  // without the DAHDI header only the factory is built (it refuses)

#include "boards/dahdi-span.h"

#include <dahdi/user.h>

#include <cerrno>
#include <cstring>

namespace hotline {

namespace {

constexpr uint8_t kAlawIdle = 0xD5;
constexpr int kE1Timeslots = 32;
constexpr int kE1Channels = 30;
constexpr int kDchanTimeslot = 16;
constexpr int kMaxFrameOctets = 512;  // sim-line.md "CCS": frames of 2..512 octets
constexpr int kFcsOctets = 2;
constexpr size_t kTxFrameQueue = 64;
constexpr int kFramesPerTickMax = 32;  // bounds one tick's work on a flooding link
constexpr int kEventsPerDrainMax = 16;
constexpr double kAlarmPollMs = 20;  // DAHDI_SPANSTAT period while the span is in alarm

// DAHDI span alarms -> board alarm bits. RED without the detail bits means
// the card lost the line without saying how: reported as lof.
struct AlarmMapEntry {
  int dahdi;
  uint32_t board;
};
constexpr AlarmMapEntry kAlarmMap[] = {
    {DAHDI_ALARM_LOS, kAlarmLos},     {DAHDI_ALARM_LFA, kAlarmLof},  {DAHDI_ALARM_LMFA, kAlarmLomf},
    {DAHDI_ALARM_YELLOW, kAlarmRai},  {DAHDI_ALARM_BLUE, kAlarmLof}, {DAHDI_ALARM_NOTOPEN, kAlarmLos},
};

uint32_t MapAlarms(int dahdi) {
  uint32_t out = 0;
  for (const AlarmMapEntry& e : kAlarmMap) {
    if (dahdi & e.dahdi) out |= e.board;
  }
  if ((dahdi & DAHDI_ALARM_RED) && !(dahdi & (DAHDI_ALARM_LOS | DAHDI_ALARM_LFA))) out |= kAlarmLof;
  return out;
}

// DAHDI hook events -> analog events, per port kind. An FXS port (we feed a
// phone) runs DAHDI FXO signalling and sees the phone's hook; an FXO port
// (we are the phone) runs DAHDI FXS signalling and sees ring and battery.
struct AnalogMapEntry {
  SpanKind kind;
  int dahdi;
  AnalogEvent event;
};
constexpr AnalogMapEntry kAnalogMap[] = {
    {SpanKind::kFxs, DAHDI_EVENT_RINGOFFHOOK, AnalogEvent::kOffhook},
    {SpanKind::kFxs, DAHDI_EVENT_ONHOOK, AnalogEvent::kOnhook},
    {SpanKind::kFxs, DAHDI_EVENT_WINKFLASH, AnalogEvent::kFlash},
    {SpanKind::kFxo, DAHDI_EVENT_RINGOFFHOOK, AnalogEvent::kRingOn},
    {SpanKind::kFxo, DAHDI_EVENT_RINGBEGIN, AnalogEvent::kRingOn},
    {SpanKind::kFxo, DAHDI_EVENT_RINGEROFF, AnalogEvent::kRingOff},
    {SpanKind::kFxo, DAHDI_EVENT_ONHOOK, AnalogEvent::kBatteryOff},
    {SpanKind::kFxo, DAHDI_EVENT_POLARITY, AnalogEvent::kReversalOn},
};

int TimeslotOf(int channel) { return channel <= 15 ? channel : channel + 1; }

// The ring's control words are shared with JS (Atomics on an Int32Array).
int32_t Load(const int32_t& w) { return __atomic_load_n(&w, __ATOMIC_ACQUIRE); }
void Store(int32_t& w, int32_t v) { __atomic_store_n(&w, v, __ATOMIC_RELEASE); }
void Add(int32_t& w, int32_t v) { __atomic_fetch_add(&w, v, __ATOMIC_ACQ_REL); }

}  // namespace

DahdiDevice ParseDahdiDevice(const std::string& device, SpanKind kind, int spanIndex) {
  bool e1 = kind == SpanKind::kE1Cas || kind == SpanKind::kE1Ccs;
  // DAHDI numbers channels consecutively over spans; an E1 span has 31.
  DahdiDevice d{"/dev/dahdi/channel", e1 ? spanIndex * 31 + 1 : spanIndex + 1};
  if (device.empty()) return d;
  size_t hash = device.rfind('#');
  std::string path = hash == std::string::npos ? device : device.substr(0, hash);
  if (!path.empty()) d.path = path;
  if (hash != std::string::npos) {
    const std::string num = device.substr(hash + 1);
    char* end = nullptr;
    long v = std::strtol(num.c_str(), &end, 10);
    if (num.empty() || *end != '\0' || v < 1 || v > 4096) {
      throw BoardError("ERR_CONFIG_INVALID", "dahdi span device \"" + device +
                                                 "\": expected PATH or PATH#CHANNEL with a DAHDI channel number");
    }
    d.firstChannel = static_cast<int>(v);
  }
  return d;
}

DahdiSpan::DahdiSpan(DahdiSys& sys, DahdiSpanSetup setup) : sys_(sys), setup_(std::move(setup)) {
  frameBuf_.resize(kMaxFrameOctets + kFcsOctets + 2);
  scratch_.resize(static_cast<size_t>(kE1Timeslots) * kAudioBlockFrames, kAlawIdle);
}

void DahdiSpan::AttachAudio(const SpanAudio& audio) {
  const int need = IsE1() ? kE1Timeslots : 1;
  if (audio.rx != nullptr && audio.channels < need) {
    throw BoardError("ERR_INVALID_ARG", setup_.where + ": audio ring of " + std::to_string(audio.channels) +
                                            " channels, the span needs " + std::to_string(need));
  }
  audio_ = audio;
}

void DahdiSpan::OpenBearers() {
  bool e1 = IsE1();
  int count = e1 ? kE1Channels : 1;
  for (int i = 0; i < count; ++i) {
    Bearer b;
    b.channel = e1 ? i + 1 : 0;
    b.timeslot = e1 ? TimeslotOf(i + 1) : 0;
    DahdiChannelSpec spec;
    spec.path = setup_.path;
    spec.channo = e1 ? setup_.firstChannel + b.timeslot - 1 : setup_.firstChannel;
    spec.chanpos = e1 ? b.timeslot : 0;
    spec.role = DahdiRole::kBearer;
    spec.blockSize = setup_.blockFrames;
    switch (setup_.kind) {
      case SpanKind::kE1Cas:
        spec.sigMask = DAHDI_SIG_CAS;
        spec.sigWhat = "CAS (DAHDI_SIG_CAS) on an E1 CAS span";
        break;
      case SpanKind::kE1Ccs:
        spec.sigMask = DAHDI_SIG_CLEAR;
        spec.sigWhat = "a clear bearer (DAHDI_SIG_CLEAR) on an E1 CCS span";
        break;
      case SpanKind::kFxs:
        spec.sigMask = __DAHDI_SIG_FXO;
        spec.sigWhat = "FXO signalling (fxols/fxoks) on an FXS port";
        break;
      case SpanKind::kFxo:
        spec.sigMask = __DAHDI_SIG_FXS;
        spec.sigWhat = "FXS signalling (fxsls/fxsks) on an FXO port";
        break;
    }
    std::string where = setup_.where + (e1 ? " channel " + std::to_string(b.channel) : " port");
    b.chan = std::make_unique<DahdiChannel>(sys_, where);
    b.chan->Open(spec);
    bearers_.push_back(std::move(b));
  }
}

void DahdiSpan::Open() {
  try {
    OpenBearers();
    if (setup_.kind == SpanKind::kE1Ccs) {
      DahdiChannelSpec spec;
      spec.path = setup_.path;
      spec.channo = setup_.firstChannel + kDchanTimeslot - 1;
      spec.chanpos = kDchanTimeslot;
      spec.role = DahdiRole::kDchan;
      spec.sigMask = DAHDI_SIG_HDLCFCS;
      spec.sigAlt = DAHDI_SIG_HARDHDLC;
      spec.sigWhat = "an HDLC D-channel (hdlcfcs or hardhdlc) on timeslot 16 of an E1 CCS span";
      dchan_ = std::make_unique<DahdiChannel>(sys_, setup_.where + " timeslot 16");
      dchan_->Open(spec);
    }
    if (setup_.kind == SpanKind::kE1Cas) {
      // A channel no protocol runs sends 1111 (sim-line.md, "blocked"); the
      // current received bits start the persistence timer.
      for (Bearer& b : bearers_) {
        if (int err = b.chan->SetTxBits(0xF)) {
          throw BoardError("ERR_DRIVER",
                           setup_.where + " channel " + std::to_string(b.channel) + ": DAHDI_SETTXBITS failed: " +
                               std::strerror(err) + " (" + ErrnoName(err) + ")",
                           err, "ioctl");
        }
        SampleBits(b);
      }
    }
  } catch (...) {
    Close();
    throw;
  }
  alarmsDirty_ = true;
}

void DahdiSpan::Close() {
  bearers_.clear();
  dchan_.reset();
  removed_ = false;
}

void DahdiSpan::AddPollFds(std::vector<pollfd>& fds, bool clock) const {
  for (size_t i = 0; i < bearers_.size(); ++i) {
    short ev = POLLPRI;
    if (clock && i == 0) ev |= POLLIN;
    fds.push_back({bearers_[i].chan->fd(), ev, 0});
  }
  if (dchan_) fds.push_back({dchan_->fd(), static_cast<short>(POLLIN | POLLPRI), 0});
}

BoardEvent DahdiSpan::Event(EventType type, int channel, uint32_t value, uint32_t aux) const {
  BoardEvent e{};
  e.type = type;
  e.span = static_cast<uint8_t>(setup_.index);
  e.channel = static_cast<uint16_t>(channel);
  e.value = value;
  e.aux = aux;
  e.lineMs = lineMs();
  return e;
}

void DahdiSpan::SampleBits(Bearer& b) {
  int bits = b.chan->RxBits();
  if (bits < 0 || bits == b.candidate) return;
  b.candidate = bits;
  b.sinceMs = lineMs();
}

void DahdiSpan::OnEvent(int ev, Bearer* bearer, EventBatch& out) {
  switch (ev) {
    case DAHDI_EVENT_BITSCHANGED:
      if (bearer) SampleBits(*bearer);
      return;
    case DAHDI_EVENT_ALARM:
    case DAHDI_EVENT_NOALARM:
      alarmsDirty_ = true;
      return;
    case DAHDI_EVENT_BADFCS:
      ++counters_.crcErrors;
      return;
    case DAHDI_EVENT_ABORT:
      ++counters_.aborts;
      return;
    case DAHDI_EVENT_OVERRUN:
      ++counters_.hdlcBadLength;
      return;
    case DAHDI_EVENT_REMOVED:
      // The card went away: los until the board is closed and opened again.
      removed_ = true;
      UpdateAlarms(out);
      return;
    default:
      break;
  }
  if (bearer == nullptr || IsE1()) return;
  if (ev & DAHDI_EVENT_PULSEDIGIT) {
    int digit = (ev & 0xFF) - '0';
    out.Push(Event(EventType::kAnalog, 0, static_cast<uint32_t>(AnalogEvent::kDigit),
                   static_cast<uint32_t>(digit == 10 ? 0 : digit)));
    return;
  }
  for (const AnalogMapEntry& e : kAnalogMap) {
    if (e.kind == setup_.kind && e.dahdi == ev) {
      out.Push(Event(EventType::kAnalog, 0, static_cast<uint32_t>(e.event), 0));
      return;
    }
  }
}

void DahdiSpan::DrainEvents(DahdiChannel& chan, Bearer* bearer, EventBatch& out) {
  for (int i = 0; i < kEventsPerDrainMax; ++i) {
    int ev = chan.NextEvent();
    if (ev <= 0) return;
    OnEvent(ev, bearer, out);
  }
}

void DahdiSpan::UpdateAlarms(EventBatch& out) {
  // DAHDI raises ALARM/NOALARM only when a span goes into or out of alarm
  // (dahdi_alarm_notify), so while in alarm the set is polled for changes
  // such as red -> yellow.
  if (deviceAlarms_ != 0 && lineMs() - alarmsReadMs_ >= kAlarmPollMs) alarmsDirty_ = true;
  if (alarmsDirty_ && !bearers_.empty()) {
    alarmsReadMs_ = lineMs();
    int a = bearers_[0].chan->SpanAlarms();
    if (a >= 0) deviceAlarms_ = static_cast<uint32_t>(a);
    alarmsDirty_ = false;
  }
  uint32_t now = MapAlarms(static_cast<int>(deviceAlarms_)) | (deviceLos_ || removed_ ? kAlarmLos : 0u);
  if (now == alarms_) return;
  if ((now & kAlarmLos) && !(alarms_ & kAlarmLos)) ++counters_.losEvents;
  if ((now & kAlarmLof) && !(alarms_ & kAlarmLof)) ++counters_.lofEvents;
  out.Push(Event(EventType::kAlarm, 0, now, alarms_));
  alarms_ = now;
}

void DahdiSpan::SetDeviceLos(bool los, EventBatch& out) {
  if (deviceLos_ == los) return;
  deviceLos_ = los;
  UpdateAlarms(out);
}

void DahdiSpan::TickCas(EventBatch& out) {
  // Persistence: a value counts once stable for debounceMs of line time.
  double now = lineMs();
  for (Bearer& b : bearers_) {
    if (b.candidate < 0 || b.candidate == b.stable) continue;
    if (now - b.sinceMs + 1e-9 < setup_.debounceMs) continue;
    b.stable = b.candidate;
    out.Push(Event(EventType::kAbcd, b.channel, static_cast<uint32_t>(b.stable), 0));
  }
}

void DahdiSpan::TickAudio(EventBatch& out) {
  const int n = setup_.blockFrames;
  const bool ring = audio_.rx != nullptr && audio_.tx != nullptr && audio_.control != nullptr && audio_.blocks > 0;
  int32_t* ctl = audio_.control;
  const size_t blockOctets = static_cast<size_t>(audio_.channels) * kAudioBlockFrames;
  static const std::vector<uint8_t> idle(static_cast<size_t>(kE1Timeslots) * kAudioBlockFrames, kAlawIdle);
  uint8_t* rxBlock = scratch_.data();
  const uint8_t* txBlock = idle.data();
  if (ring) {
    rxBlock = audio_.rx + static_cast<size_t>(Load(ctl[kAudioRxWritten]) % audio_.blocks) * blockOctets;
    if (phase_ == 0) {
      txFromRing_ = Load(ctl[kAudioTxWritten]) != Load(ctl[kAudioTxRead]);
      if (!txFromRing_) {
        ++counters_.underruns;
        Add(ctl[kAudioUnderruns], 1);
      }
    }
    if (txFromRing_) txBlock = audio_.tx + static_cast<size_t>(Load(ctl[kAudioTxRead]) % audio_.blocks) * blockOctets;
  }
  for (Bearer& b : bearers_) {
    size_t at = static_cast<size_t>(ring ? b.timeslot : 0) * kAudioBlockFrames + static_cast<size_t>(phase_);
    IoResult r = b.chan->Read(rxBlock + at, n);
    if (r.status == IoStatus::kEvent) {
      DrainEvents(*b.chan, &b, out);
      r = b.chan->Read(rxBlock + at, n);
    }
    if (r.status != IoStatus::kOk || r.octets < n) {
      // A block that is not there (device late, error) is heard as silence
      // and counted as a slip.
      int got = r.status == IoStatus::kOk ? r.octets : 0;
      std::memset(rxBlock + at + got, kAlawIdle, static_cast<size_t>(n - got));
      ++counters_.slips;
    }
    IoResult w = b.chan->Write(txBlock + at, n);
    if (w.status == IoStatus::kEvent) {
      DrainEvents(*b.chan, &b, out);
      w = b.chan->Write(txBlock + at, n);
    }
    if (w.status != IoStatus::kOk) ++counters_.underruns;
  }
  phase_ += n;
  if (phase_ < kAudioBlockFrames) return;
  phase_ = 0;
  if (!ring) return;
  if (txFromRing_) Add(ctl[kAudioTxRead], 1);
  int32_t written = Load(ctl[kAudioRxWritten]) + 1;
  Store(ctl[kAudioRxWritten], written);
  if (written - Load(ctl[kAudioRxRead]) > audio_.blocks) {
    ++counters_.overruns;
    Add(ctl[kAudioOverruns], 1);
  }
  out.Push(Event(EventType::kAudio, 0, static_cast<uint32_t>(written), 0));
}

void DahdiSpan::TickHdlcRx(EventBatch& out) {
  for (int i = 0; i < kFramesPerTickMax; ++i) {
    IoResult r = dchan_->Read(frameBuf_.data(), static_cast<int>(frameBuf_.size()));
    if (r.status == IoStatus::kEvent) {
      DrainEvents(*dchan_, nullptr, out);
      continue;
    }
    if (r.status != IoStatus::kOk) return;
    int len = r.octets - kFcsOctets;
    if (len < 2 || len > kMaxFrameOctets) {
      ++counters_.hdlcBadLength;
      continue;
    }
    ++counters_.hdlcRxFrames;
    out.PushFrame(Event(EventType::kHdlc, 0, 0, 0), frameBuf_.data(), static_cast<size_t>(len));
  }
}

void DahdiSpan::TickHdlcTx() {
  while (!txFrames_.empty()) {
    const std::vector<uint8_t>& f = txFrames_.front();
    IoResult w = dchan_->Write(f.data(), static_cast<int>(f.size()));
    if (w.status == IoStatus::kAgain || w.status == IoStatus::kEvent) return;  // next tick
    if (w.status == IoStatus::kOk) {
      ++counters_.hdlcTxFrames;
    } else {
      ++counters_.hdlcTxDropped;
    }
    txFrames_.pop_front();
  }
}

void DahdiSpan::Tick(const pollfd* fds, EventBatch& out) {
  for (size_t i = 0; i < bearers_.size(); ++i) {
    if (fds[i].revents & POLLPRI) DrainEvents(*bearers_[i].chan, &bearers_[i], out);
  }
  if (dchan_) {
    const pollfd& d = fds[bearers_.size()];
    if (d.revents & POLLPRI) DrainEvents(*dchan_, nullptr, out);
    if (d.revents & POLLIN) TickHdlcRx(out);
    TickHdlcTx();
  }
  TickAudio(out);
  ++ticks_;
  ++counters_.rxTicks;
  ++counters_.txTicks;
  UpdateAlarms(out);
  if (setup_.kind == SpanKind::kE1Cas) TickCas(out);
}

void DahdiSpan::SetAbcd(int channel, uint8_t bits) {
  if (setup_.kind != SpanKind::kE1Cas) {
    throw BoardError("ERR_INVALID_STATE", setup_.where + ": setAbcd needs an E1 CAS span");
  }
  if (channel < 1 || channel > kE1Channels) {
    throw BoardError("ERR_INVALID_ARG", setup_.where + ": channel " + std::to_string(channel) + " is not 1..30");
  }
  if ((bits & 0xF) == 0 && channel <= 15) {
    throw BoardError("ERR_INVALID_ARG", setup_.where + ": ABCD 0000 is not allowed on channels 1-15 (G.704 5.1.3)");
  }
  Bearer& b = bearers_.at(static_cast<size_t>(channel - 1));
  if (int err = b.chan->SetTxBits(bits & 0xF)) {
    throw BoardError("ERR_DRIVER",
                     setup_.where + " channel " + std::to_string(channel) + ": DAHDI_SETTXBITS failed: " +
                         std::strerror(err) + " (" + ErrnoName(err) + ")",
                     err, "ioctl");
  }
}

void DahdiSpan::SendHdlc(const uint8_t* data, size_t n) {
  if (!dchan_) throw BoardError("ERR_INVALID_STATE", setup_.where + ": sendHdlc needs an E1 CCS span");
  if (n < 2 || n > static_cast<size_t>(kMaxFrameOctets)) {
    throw BoardError("ERR_INVALID_ARG", setup_.where + ": an HDLC frame is 2..512 octets, got " + std::to_string(n));
  }
  if (txFrames_.size() >= kTxFrameQueue) {
    ++counters_.hdlcTxDropped;
    return;
  }
  // Two more octets: DAHDI writes the FCS over them (DAHDI_SIG_HDLCFCS).
  std::vector<uint8_t> f(data, data + n);
  f.resize(n + kFcsOctets, 0);
  txFrames_.push_back(std::move(f));
}

void DahdiSpan::SetLineState(int port, uint8_t bits) {
  if (IsE1() || port != 0) {
    throw BoardError("ERR_INVALID_ARG", setup_.where + ": setLineState needs port 0 of an analog span");
  }
  int op;
  if (setup_.kind == SpanKind::kFxo) {
    op = (bits & kLineOffhook) ? DAHDI_OFFHOOK : DAHDI_ONHOOK;
  } else {
    op = (bits & kLineRing) ? DAHDI_RING : DAHDI_RINGOFF;
  }
  if (int err = bearers_.at(0).chan->Hook(op)) {
    throw BoardError("ERR_DRIVER",
                     setup_.where + ": DAHDI_HOOK failed: " + std::string(std::strerror(err)) + " (" +
                         ErrnoName(err) + ")",
                     err, "ioctl");
  }
}

}  // namespace hotline

#endif  // __has_include(<dahdi/user.h>)
