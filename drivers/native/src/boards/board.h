// The board model every kind of card implements: board -> spans -> channels.
//
// What it does: declares the C++ `Board` interface (spans of kind e1-cas,
// e1-ccs, fxs, fxo; start/stop; commands from the engine; one batch of
// changes per tick), the configuration it is built from, the event records
// a board produces, and the factory registry `CreateBoard(config)` that
// dispatches on `config.kind`.
//
// How: a board owns its spans and, in realtime pace, one driver thread. The
// thread hands each tick's changes to a `BoardSink` (the napi layer queues
// them for one thread-safe-function call per tick). In freewheel pace the
// caller runs `Step(n, out)` synchronously and gets the changes in `out`.
// Audio never travels in events: each span writes received audio into, and
// reads transmit audio from, caller-owned rings (`SpanAudio`), see
// docs/boards.md "Audio ring layout".
//
// Spec: shared/specs/sim-line.md (sim-line v1) for the simulated board;
// the DAHDI user ABI for the DAHDI board.
//
// Limits: command methods may be called from the JS thread while the driver
// thread runs; implementations serialise them internally. Event records are
// fixed-size; HDLC payloads live in the batch's byte pool.

#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotline {

enum class SpanKind : uint8_t { kE1Cas, kE1Ccs, kFxs, kFxo };
enum class Pace : uint8_t { kRealtime, kFreewheel };
enum class ClockRole : uint8_t { kMaster, kSlave };
enum class CableKind : uint8_t { kNone, kSocket, kPeer };

struct CableConfig {
  CableKind kind = CableKind::kNone;
  std::string path;       // kSocket: Unix SOCK_SEQPACKET path
  bool listen = false;    // kSocket: true = bind+listen, false = connect
  std::string peerBoard;  // kPeer: id of the other board in this process
  int peerSpan = 0;       // kPeer: span index on that board
};

struct SpanConfig {
  SpanKind kind = SpanKind::kE1Cas;
  ClockRole clock = ClockRole::kMaster;
  CableConfig cable;
  int debounceMs = 20;  // CAS persistence (sim-line.md "Timeslot 16, CAS mode")
  std::string device;   // DAHDI: span or channel device; unused by "sim"
};

struct BoardConfig {
  std::string id;    // unique within the process (in-process cables name it)
  std::string kind;  // "sim", "dahdi"
  Pace pace = Pace::kFreewheel;
  int tickFrames = 8;  // N in sim-line.md "Messages and timing": 8,16,40,80,160
  std::vector<SpanConfig> spans;
};

// Alarm bits (sim-line.md "Alarms").
enum AlarmBit : uint32_t {
  kAlarmLos = 1u << 0,
  kAlarmLof = 1u << 1,
  kAlarmLomf = 1u << 2,
  kAlarmRai = 1u << 3,
  kAlarmRmai = 1u << 4,
};

// Analog line-state bits, octet 1 of an analog frame (sim-line.md
// "Analog frame content"). For FXS `kLineRing` asks for cadenced ringing.
enum LineBit : uint8_t {
  kLineOffhook = 0x01,
  kLineRing = 0x02,
  kLineReversed = 0x04,
  kLineBattery = 0x08,
};

enum class AnalogEvent : uint8_t {
  kOffhook,
  kOnhook,
  kFlash,
  kDigit,  // value = 0..9
  kRingOn,
  kRingOff,
  kBatteryOn,
  kBatteryOff,
  kReversalOn,
  kReversalOff,
};

enum class EventType : uint8_t {
  kAbcd,         // channel, value = stable ABCD nibble (A = 8)
  kHdlc,         // offset/length into the batch byte pool
  kAlarm,        // value = new alarm set, aux = previous alarm set
  kAnalog,       // channel = port, value = AnalogEvent, aux = digit
  kAudio,        // value = rx blocks written (count), 20 ms block ready
  kStalled,      // freewheel peer silent for 1 s of wall time
  kUnderrun,     // tx audio missing for a block (value = underrun count)
  kWrongLength,  // value = received length (message dropped)
};

struct BoardEvent {
  EventType type;
  uint8_t span;
  uint16_t channel;
  uint32_t value;
  uint32_t aux;
  uint32_t offset;  // kHdlc: byte pool offset
  uint32_t length;  // kHdlc: byte count
  double lineMs;    // span line time: ticks * N / 8
};

// One tick's (or one step's) changes. A fixed batch (realtime) has its
// capacity reserved once; producers that would grow it past capacity drop and
// count instead (`overruns`), so the driver thread never allocates. A
// growable batch (freewheel step, on the JS thread) just grows.
struct EventBatch {
  std::vector<BoardEvent> events;
  std::vector<uint8_t> bytes;
  uint32_t overruns = 0;
  bool growable = false;

  void Reserve(size_t nEvents, size_t nBytes) {
    events.reserve(nEvents);
    bytes.reserve(nBytes);
  }
  void Clear() {
    events.clear();
    bytes.clear();
    overruns = 0;
  }
  bool Push(const BoardEvent& e) {
    if (!growable && events.size() == events.capacity()) {
      ++overruns;
      return false;
    }
    events.push_back(e);
    return true;
  }
  bool PushFrame(BoardEvent e, const uint8_t* data, size_t n) {
    if (!growable && (events.size() == events.capacity() || bytes.size() + n > bytes.capacity())) {
      ++overruns;
      return false;
    }
    e.offset = static_cast<uint32_t>(bytes.size());
    e.length = static_cast<uint32_t>(n);
    bytes.insert(bytes.end(), data, data + n);
    events.push_back(e);
    return true;
  }
  void Append(const EventBatch& other) {
    for (const BoardEvent& e : other.events) {
      if (e.type == EventType::kHdlc) {
        PushFrame(e, other.bytes.data() + e.offset, e.length);
      } else {
        Push(e);
      }
    }
    overruns += other.overruns;
  }
};

// Audio rings of one span, owned by the caller (JS SharedArrayBuffers held
// by reference). Layout: docs/boards.md "Audio ring layout".
struct SpanAudio {
  uint8_t* rx = nullptr;       // blocks * channels * 160 octets
  uint8_t* tx = nullptr;       // blocks * channels * 160 octets
  int32_t* control = nullptr;  // kAudioControlWords int32, accessed atomically
  int blocks = 0;
  int channels = 0;  // 32 for E1 (timeslots), 1 for an analog port
};

constexpr int kAudioBlockFrames = 160;  // 20 ms at 8 kHz
enum AudioControl : int {
  kAudioRxWritten = 0,  // native: rx blocks completed (monotonic)
  kAudioRxRead = 1,     // JS: rx blocks consumed (monotonic)
  kAudioTxWritten = 2,  // JS: tx blocks supplied (monotonic)
  kAudioTxRead = 3,     // native: tx blocks consumed (monotonic)
  kAudioUnderruns = 4,  // native: tx blocks sent as idle 0xD5
  kAudioOverruns = 5,   // native: rx blocks JS had not read when overwritten
  kAudioBlocks = 6,     // layout: blocks in each ring
  kAudioChannels = 7,   // layout: channels per block
  kAudioControlWords = 8,
};

struct SpanCounters {
  uint64_t rxTicks = 0;
  uint64_t txTicks = 0;
  uint64_t txDropped = 0;  // ticks the cable could not take (peer not reading)
  uint64_t badLength = 0;  // wrong-length messages dropped
  uint64_t lofEvents = 0;
  uint64_t losEvents = 0;
  uint64_t crcErrors = 0;      // HDLC bad FCS
  uint64_t aborts = 0;         // HDLC seven ones
  uint64_t hdlcBadLength = 0;  // HDLC frame < 2 or > 512 octets
  uint64_t nonOctet = 0;       // HDLC frame not a whole number of octets
  uint64_t hdlcRxFrames = 0;
  uint64_t hdlcTxFrames = 0;
  uint64_t hdlcTxDropped = 0;  // send queue full
  uint64_t underruns = 0;
  uint64_t overruns = 0;  // rx audio blocks overwritten unread
  uint64_t slips = 0;     // realtime master: ticks skipped by a schedule restart
  uint64_t stalled = 0;   // freewheel: 1 s without an answer
  uint64_t reconnects = 0;
};

// Realtime-thread tick jitter: wake time minus deadline, microseconds.
struct JitterStats {
  uint64_t samples = 0;
  double p50Us = 0, p99Us = 0, maxUs = 0;
};

// Receives realtime batches on the driver thread. Must not block.
class BoardSink {
 public:
  virtual ~BoardSink() = default;
  virtual void OnBatch(const EventBatch& batch) = 0;
};

// An error with a stable code (and errno/syscall for OS errors); the napi
// layer turns it into a JS error with the same fields.
class BoardError : public std::runtime_error {
 public:
  BoardError(std::string code, const std::string& message, int err = 0, std::string syscall = "")
      : std::runtime_error(message), code_(std::move(code)), errno_(err), syscall_(std::move(syscall)) {}
  const std::string& code() const { return code_; }
  int err() const { return errno_; }
  const std::string& syscall() const { return syscall_; }

 private:
  std::string code_;
  int errno_;
  std::string syscall_;
};

class Board {
 public:
  virtual ~Board() = default;
  virtual const BoardConfig& config() const = 0;
  virtual int SpanCount() const = 0;
  // Before Start(): audio rings of span `span` (held by reference until Stop).
  virtual void AttachAudio(int span, const SpanAudio& audio) = 0;
  // Opens cables; realtime pace also starts the driver thread, which delivers
  // to `sink` (may be null in freewheel).
  virtual void Start(BoardSink* sink) = 0;
  // Stops the thread and closes cables; idempotent. No OnBatch after return.
  virtual void Stop() = 0;
  // Freewheel only: runs n board ticks on the calling thread; appends the
  // changes to `out`. Returns the ticks the board ran.
  virtual int Step(int n, EventBatch& out) = 0;
  virtual void SetAbcd(int span, int channel, uint8_t bits) = 0;
  virtual void SendHdlc(int span, const uint8_t* data, size_t n) = 0;
  virtual void SetLineState(int span, int port, uint8_t bits) = 0;
  virtual uint32_t Alarms(int span) const = 0;
  virtual SpanCounters Counters(int span) const = 0;
  virtual double LineMs(int span) const = 0;
  virtual JitterStats Jitter() const = 0;
  // Test hooks: drop this end of the cable / plug it back in.
  virtual void Unplug(int span) = 0;
  virtual void Plug(int span) = 0;
};

// ---- Factory registry -------------------------------------------------------
// One entry per board kind. DAHDI engineer: declare your factory below and
// add one line `{"dahdi", CreateDahdiBoard},` to kBoardKinds, and your
// sources (src/boards/dahdi-board.cc ...) to binding.gyp's "sources".

using BoardFactory = std::unique_ptr<Board> (*)(const BoardConfig&);

std::unique_ptr<Board> CreateSimBoard(const BoardConfig& config);  // sim-board.cc
std::unique_ptr<Board> CreateDahdiBoard(const BoardConfig& config);  // dahdi-board.cc

struct BoardKindEntry {
  const char* kind;
  BoardFactory create;
};

inline const BoardKindEntry kBoardKinds[] = {
    {"sim", CreateSimBoard},
    {"dahdi", CreateDahdiBoard},
};

inline std::unique_ptr<Board> CreateBoard(const BoardConfig& config) {
  for (const BoardKindEntry& entry : kBoardKinds) {
    if (config.kind == entry.kind) return entry.create(config);
  }
  throw BoardError("ERR_UNSUPPORTED", "board kind \"" + config.kind + "\" is not supported by this build");
}

}  // namespace hotline
