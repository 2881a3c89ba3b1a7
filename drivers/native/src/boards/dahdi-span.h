// One span of the DAHDI board: its channel fds, CAS persistence, alarms,
// HDLC frames and audio, run one tick at a time.
//
// What it does: an E1 CAS span opens timeslots 1-15 and 17-31 as DAHDI_SIG_CAS
// bearers; an E1 CCS span opens the same timeslots as clear channels and
// timeslot 16 as the D-channel (DAHDI_SIG_HDLCFCS/HARDHDLC); an analog span
// is one port (FXS port: DAHDI FXO signalling; FXO port: DAHDI FXS
// signalling). Each tick it reads one block per bearer into the span's rx
// audio ring and writes one block from the tx ring, takes the events DAHDI
// queued (bits changed, alarms, HDLC errors, hook and ring), reads whole
// HDLC frames and writes the queued ones.
//
// How: received ABCD bits are taken with DAHDI_GETRXBITS after
// DAHDI_EVENT_BITSCHANGED and count only after they have been stable for the
// span's persistence time (sim-line.md "Timeslot 16, CAS mode"; DAHDI's CAS
// mode passes raw bits). Alarms are read with DAHDI_SPANSTAT after
// DAHDI_EVENT_ALARM/NOALARM (and every 20 ms while in alarm, since DAHDI
// signals only entering and leaving alarm) and mapped by a table.
// DAHDI HDLC reads carry two FCS octets after the frame (the kernel checked
// them) and writes carry two octets the kernel overwrites with the FCS.
// Audio: a block of the rings is 160 frames; with a smaller DAHDI block size
// (the tick), each tick fills the next part of the current ring block.
//
// Spec: sim-line.md ("Alarms", "Timeslot 16"), G.704 5.1.3 (CAS; ABCD 0000
// not used on channels 1-15), DAHDI user ABI (<dahdi/user.h>).
//
// Limits: no rmai (DAHDI does not report the remote multiframe alarm); FXS
// battery and reversal are not driven (DAHDI_SETPOLARITY not used yet);
// called only from the board's driver thread or the caller of Step(), under
// the board's lock.

#pragma once

#include <poll.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "boards/board.h"
#include "boards/dahdi-channel.h"

namespace hotline {

struct DahdiSpanSetup {
  std::string where;     // "dahdi board \"b0\" span 1", for messages
  int index = 0;         // 0-based span index on the board (events' `span`)
  SpanKind kind = SpanKind::kE1Cas;
  std::string path;      // channel device
  int firstChannel = 1;  // DAHDI channel of timeslot 1 (E1) or of the port (analog)
  int blockFrames = 8;   // DAHDI block size = the board's tick
  int debounceMs = 20;
};

class DahdiSpan {
 public:
  DahdiSpan(DahdiSys& sys, DahdiSpanSetup setup);

  // Throws BoardError when the ring is too narrow for the span (32 timeslots
  // for E1, 1 for an analog port).
  void AttachAudio(const SpanAudio& audio);
  // Opens every channel (throws BoardError, leaving nothing open).
  void Open();
  void Close();

  // Appends this span's poll entries; `clock` asks POLLIN on the first bearer.
  void AddPollFds(std::vector<pollfd>& fds, bool clock) const;
  // One tick, given the revents of the entries AddPollFds appended.
  void Tick(const pollfd* fds, EventBatch& out);
  // Raises or clears `los` on behalf of the board (device silent / back).
  void SetDeviceLos(bool los, EventBatch& out);

  void SetAbcd(int channel, uint8_t bits);
  void SendHdlc(const uint8_t* data, size_t n);
  void SetLineState(int port, uint8_t bits);

  uint32_t alarms() const { return alarms_; }
  const SpanCounters& counters() const { return counters_; }
  double lineMs() const { return static_cast<double>(ticks_) * setup_.blockFrames / 8.0; }
  const DahdiSpanSetup& setup() const { return setup_; }

 private:
  struct Bearer {
    std::unique_ptr<DahdiChannel> chan;
    int channel = 0;   // sim-line channel 1..30, or 0 for an analog port
    int timeslot = 0;  // offset in the audio block (E1 timeslot, 0 for analog)
    int stable = -1;   // last ABCD passed up (-1 unknown)
    int candidate = -1;
    double sinceMs = 0;
  };

  bool IsE1() const { return setup_.kind == SpanKind::kE1Cas || setup_.kind == SpanKind::kE1Ccs; }
  void OpenBearers();
  void DrainEvents(DahdiChannel& chan, Bearer* bearer, EventBatch& out);
  void OnEvent(int ev, Bearer* bearer, EventBatch& out);
  void SampleBits(Bearer& b);
  void TickCas(EventBatch& out);
  void TickAudio(EventBatch& out);
  void TickHdlcRx(EventBatch& out);
  void TickHdlcTx();
  void UpdateAlarms(EventBatch& out);
  BoardEvent Event(EventType type, int channel, uint32_t value, uint32_t aux) const;

  DahdiSys& sys_;
  DahdiSpanSetup setup_;
  std::vector<Bearer> bearers_;
  std::unique_ptr<DahdiChannel> dchan_;
  SpanAudio audio_;
  std::vector<uint8_t> scratch_;  // rx/tx when no ring is attached
  int phase_ = 0;                 // frames of the current 160-frame ring block done
  bool txFromRing_ = false;       // this ring block's tx comes from the ring (not idle)
  uint64_t ticks_ = 0;
  uint32_t alarms_ = kAlarmLos;  // nothing received before the first tick
  uint32_t deviceAlarms_ = 0;    // from DAHDI_SPANSTAT
  bool deviceLos_ = false;       // set by the board
  bool removed_ = false;         // DAHDI_EVENT_REMOVED seen
  bool alarmsDirty_ = true;
  double alarmsReadMs_ = 0;      // line time of the last DAHDI_SPANSTAT
  std::deque<std::vector<uint8_t>> txFrames_;
  std::vector<uint8_t> frameBuf_;
  SpanCounters counters_;
};

// Parses a span's `device`: "PATH", "PATH#CHANNEL" or "" (defaults).
// Returns the path and the DAHDI channel of timeslot 1 / of the port.
struct DahdiDevice {
  std::string path;
  int firstChannel;
};
DahdiDevice ParseDahdiDevice(const std::string& device, SpanKind kind, int spanIndex);

}  // namespace hotline
