// The simulated board: spans on sim-line cables, paced by a realtime driver
// thread or stepped synchronously (freewheel).
//
// What it does: implements `Board` for kind "sim". Realtime: one thread per
// board runs every span on one schedule of absolute deadlines N/8 ms apart
// on CLOCK_MONOTONIC (clock_nanosleep TIMER_ABSTIME, or ppoll up to the
// deadline when a slave span must answer ticks as they come); behind
// schedule it runs the missed ticks back to back; more than 100 ms behind it
// restarts the schedule (counted as slips). After each tick it hands the
// tick's changes to the sink (one call per board per tick, skipped when
// empty). Freewheel: `Step(n)` runs n passes over the spans on the caller's
// thread.
//
// Spec: shared/specs/sim-line.md "Messages and timing", "Receiver and sender
// rules" (realtime master schedule), "Clarifications" (catch-up, los and
// pace).
//
// Limits: one tick size per board; jitter is measured only when the board
// has a master span (its deadlines are the ones that matter).

#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "boards/board.h"
#include "boards/sim-span.h"

namespace hotline {

class SimBoard : public Board {
 public:
  explicit SimBoard(const BoardConfig& config);
  ~SimBoard() override;

  const BoardConfig& config() const override { return config_; }
  int SpanCount() const override { return static_cast<int>(spans_.size()); }
  void AttachAudio(int span, const SpanAudio& audio) override;
  void Start(BoardSink* sink) override;
  void Stop() override;
  int Step(int n, EventBatch& out) override;
  void SetAbcd(int span, int channel, uint8_t bits) override;
  void SendHdlc(int span, const uint8_t* data, size_t n) override;
  void SetLineState(int span, int port, uint8_t bits) override;
  uint32_t Alarms(int span) const override;
  SpanCounters Counters(int span) const override;
  double LineMs(int span) const override;
  JitterStats Jitter() const override;
  void Unplug(int span) override;
  void Plug(int span) override;

 private:
  SimSpan& SpanAt(int span) const;
  void Run();
  void RecordJitter(uint64_t lateNs);

  BoardConfig config_;
  std::vector<std::unique_ptr<SimSpan>> spans_;
  mutable std::mutex mu_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  bool started_ = false;
  bool stopped_ = false;
  BoardSink* sink_ = nullptr;
  EventBatch batch_;
  // Jitter histogram: 1 us bins up to 100 ms, last bin is overflow.
  std::vector<uint32_t> jitterBins_;
  uint64_t jitterSamples_ = 0;
  uint64_t jitterMaxNs_ = 0;
  uint64_t slips_ = 0;
};

}  // namespace hotline
