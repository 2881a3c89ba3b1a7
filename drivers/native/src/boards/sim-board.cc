// The simulated board; see sim-board.h for what and how.

#include "boards/sim-board.h"

#include "core/tick-schedule.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <time.h>

#include <cerrno>

namespace hotline {

namespace {

constexpr uint64_t kRestartBehindNs = 100'000'000;  // sim-line.md: > 100 ms behind restarts the schedule
constexpr size_t kJitterBins = 100'001;
constexpr size_t kBatchEvents = 8192;
constexpr size_t kBatchBytes = 256 * 1024;

uint64_t MonotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

timespec ToTimespec(uint64_t ns) {
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000ull);
  ts.tv_nsec = static_cast<long>(ns % 1'000'000'000ull);
  return ts;
}

void CheckConfig(const BoardConfig& c) {
  const int n = c.tickFrames;
  if (n != 8 && n != 16 && n != 40 && n != 80 && n != 160) {
    throw BoardError("ERR_INVALID_ARG", "tickFrames: expected 8, 16, 40, 80 or 160, got " + std::to_string(n));
  }
  if (c.spans.size() > 255) throw BoardError("ERR_INVALID_ARG", "spans: at most 255");
}

}  // namespace

std::unique_ptr<Board> CreateSimBoard(const BoardConfig& config) { return std::make_unique<SimBoard>(config); }

SimBoard::SimBoard(const BoardConfig& config) : config_(config) {
  CheckConfig(config_);
  for (size_t i = 0; i < config_.spans.size(); ++i) {
    spans_.push_back(std::make_unique<SimSpan>(config_.spans[i], static_cast<int>(i), config_.tickFrames, config_.pace, config_.id));
  }
  batch_.Reserve(kBatchEvents, kBatchBytes);
  jitterBins_.assign(kJitterBins, 0);
}

SimBoard::~SimBoard() { Stop(); }

SimSpan& SimBoard::SpanAt(int span) const {
  if (span < 0 || span >= static_cast<int>(spans_.size())) {
    throw BoardError("ERR_INVALID_ARG", "span: expected 0 to " + std::to_string(static_cast<int>(spans_.size()) - 1) + ", got " + std::to_string(span));
  }
  return *spans_[static_cast<size_t>(span)];
}

void SimBoard::AttachAudio(int span, const SpanAudio& audio) {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) throw BoardError("ERR_INVALID_STATE", "attachAudio: board already started");
  SpanAt(span).AttachAudio(audio);
}

void SimBoard::Start(BoardSink* sink) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) throw BoardError("ERR_INVALID_STATE", "start: board closed");
  if (started_) throw BoardError("ERR_INVALID_STATE", "start: board already started");
  for (auto& s : spans_) s->Open();
  started_ = true;
  sink_ = sink;
  if (config_.pace == Pace::kRealtime) {
    running_ = true;
    thread_ = std::thread([this] { Run(); });
  }
}

void SimBoard::Stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return;
  stopped_ = true;
  for (auto& s : spans_) s->Close();
  sink_ = nullptr;
}

int SimBoard::Step(int n, EventBatch& out) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) throw BoardError("ERR_INVALID_STATE", "step: board closed");
  if (config_.pace != Pace::kFreewheel) throw BoardError("ERR_INVALID_STATE", "step: board pace is realtime (step is for freewheel)");
  if (!started_) throw BoardError("ERR_INVALID_STATE", "step: board not started");
  for (int i = 0; i < n; ++i) {
    const uint64_t now = MonotonicNs();
    for (auto& s : spans_) s->FreewheelPass(now, out);
  }
  return n;
}

void SimBoard::RecordJitter(uint64_t lateNs) {
  const size_t bin = static_cast<size_t>(lateNs / 1000);
  ++jitterBins_[bin < kJitterBins ? bin : kJitterBins - 1];
  ++jitterSamples_;
  if (lateNs > jitterMaxNs_) jitterMaxNs_ = lateNs;
}

// Tightens the driver thread's wake-ups: 1 ns timer slack instead of the
// default 50 us, and SCHED_FIFO when the process may use it (otherwise the
// thread stays SCHED_OTHER; no error, as most deployments run unprivileged).
static void TuneRealtimeThread() {
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  sched_param param{};
  param.sched_priority = 10;
  pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
}

void SimBoard::Run() {
  TuneRealtimeThread();
  const uint64_t period = static_cast<uint64_t>(config_.tickFrames) * 125'000ull;
  bool anySlave = false;
  bool anyMaster = false;
  for (auto& s : spans_) (s->master() ? anyMaster : anySlave) = true;
  std::vector<pollfd> fds;
  std::vector<SimSpan*> fdSpans;
  fds.reserve(spans_.size());
  fdSpans.reserve(spans_.size());
  TickSchedule schedule(period, kRestartBehindNs);
  schedule.Start(MonotonicNs());
  while (running_.load(std::memory_order_relaxed)) {
    uint64_t now = MonotonicNs();
    const uint64_t next = schedule.next();
    if (now < next) {
      if (anySlave) {
        fds.clear();
        fdSpans.clear();
        {
          std::lock_guard<std::mutex> lock(mu_);
          for (auto& s : spans_) {
            if (!s->master() && s->fd() >= 0) {
              fds.push_back({s->fd(), POLLIN, 0});
              fdSpans.push_back(s.get());
            }
          }
        }
        const timespec wait = ToTimespec(next - now);
        const int r = ppoll(fds.data(), fds.size(), &wait, nullptr);
        if (r > 0) {
          std::lock_guard<std::mutex> lock(mu_);
          now = MonotonicNs();
          for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents != 0) fdSpans[i]->Drain(now, batch_);
          }
          continue;
        }
      } else {
        const timespec at = ToTimespec(next);
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) == EINTR) {
        }
      }
      now = MonotonicNs();
    }
    const TickSchedule::Due due = schedule.Check(now);
    if (!due.due) continue;
    if (anyMaster) RecordJitter(due.lateNs);
    slips_ += due.slipped;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& s : spans_) s->RealtimeTick(now, batch_);
      if (sink_ != nullptr && (!batch_.events.empty() || batch_.overruns > 0)) sink_->OnBatch(batch_);
      batch_.Clear();
    }
  }
}

void SimBoard::SetAbcd(int span, int channel, uint8_t bits) {
  std::lock_guard<std::mutex> lock(mu_);
  SpanAt(span).SetAbcd(channel, bits);
}

void SimBoard::SendHdlc(int span, const uint8_t* data, size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  SpanAt(span).SendHdlc(data, n);
}

void SimBoard::SetLineState(int span, int port, uint8_t bits) {
  std::lock_guard<std::mutex> lock(mu_);
  SpanAt(span).SetLineState(port, bits);
}

uint32_t SimBoard::Alarms(int span) const {
  std::lock_guard<std::mutex> lock(mu_);
  return SpanAt(span).alarms();
}

SpanCounters SimBoard::Counters(int span) const {
  std::lock_guard<std::mutex> lock(mu_);
  SpanCounters c = SpanAt(span).counters();
  c.slips = slips_;
  return c;
}

double SimBoard::LineMs(int span) const {
  std::lock_guard<std::mutex> lock(mu_);
  return SpanAt(span).lineMs();
}

JitterStats SimBoard::Jitter() const {
  std::lock_guard<std::mutex> lock(mu_);
  JitterStats j;
  j.samples = jitterSamples_;
  if (jitterSamples_ == 0) return j;
  const uint64_t p50 = (jitterSamples_ + 1) / 2;
  const uint64_t p99 = (jitterSamples_ * 99 + 99) / 100;
  uint64_t seen = 0;
  bool have50 = false;
  for (size_t b = 0; b < jitterBins_.size(); ++b) {
    seen += jitterBins_[b];
    if (!have50 && seen >= p50) {
      j.p50Us = static_cast<double>(b);
      have50 = true;
    }
    if (seen >= p99) {
      j.p99Us = static_cast<double>(b);
      break;
    }
  }
  j.maxUs = static_cast<double>(jitterMaxNs_) / 1000.0;
  return j;
}

void SimBoard::Unplug(int span) {
  std::lock_guard<std::mutex> lock(mu_);
  EventBatch scratch;
  scratch.growable = true;
  SpanAt(span).Unplug(scratch);
}

void SimBoard::Plug(int span) {
  std::lock_guard<std::mutex> lock(mu_);
  SpanAt(span).Plug();
}

}  // namespace hotline
