// The realtime master's tick schedule: absolute deadlines N/8 ms apart,
// back-to-back catch-up when behind, and a fresh schedule when too far behind.
//
// What it does: given the wake-up time, says whether a tick is due, how late
// it is (the jitter figure), and whether the schedule was restarted.
//
// How: `next` is the absolute deadline of the next tick. A wake-up at or
// after it runs one tick and moves `next` one period on, so a thread that
// fell behind finds the following deadlines already due and runs the missed
// ticks back to back. More than `restartBehindNs` late, the missed ticks are
// dropped (counted as slipped) and the schedule starts again from now.
//
// Spec: shared/specs/sim-line.md "Receiver and sender rules" (realtime
// master: monotonic clock, absolute deadlines, back-to-back catch-up,
// restart when more than 100 ms behind) and "Clarifications" (catch-up).
//
// Limits: times are CLOCK_MONOTONIC nanoseconds supplied by the caller.

#pragma once

#include <cstdint>

namespace hotline {

class TickSchedule {
 public:
  struct Due {
    bool due;
    uint64_t lateNs;
    uint64_t slipped;  // ticks dropped by a restart
  };

  TickSchedule(uint64_t periodNs, uint64_t restartBehindNs) : period_(periodNs), restart_(restartBehindNs) {}
  void Start(uint64_t nowNs) { next_ = nowNs + period_; }
  uint64_t next() const { return next_; }

  Due Check(uint64_t nowNs) {
    if (nowNs < next_) return {false, 0, 0};
    const uint64_t late = nowNs - next_;
    uint64_t slipped = 0;
    if (late > restart_) {
      slipped = late / period_;
      next_ = nowNs;
    }
    next_ += period_;
    return {true, late, slipped};
  }

 private:
  uint64_t period_;
  uint64_t restart_;
  uint64_t next_ = 0;
};

}  // namespace hotline
