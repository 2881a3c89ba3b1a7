// The DAHDI board (see dahdi-board.h for what, how and limits).

#include "boards/dahdi-board.h"

#if __has_include(<dahdi/user.h>)

#include <poll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "boards/dahdi-span.h"

namespace hotline {

namespace {

constexpr int kDeviceSilentMs = 100;  // sim-line.md "Alarms": los after 100 ms without ticks
// dahdi-base refuses DAHDI_SET_BLOCKSIZE below 16 octets, so a board with
// 8-frame ticks runs its DAHDI channels at 16 (2 ms).
constexpr int kDahdiMinBlock = 16;
constexpr size_t kJitterSamples = 8192;
constexpr size_t kBatchEvents = 4096;
constexpr size_t kBatchBytes = 64 * 1024;

double NowUs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

class DahdiBoard final : public Board {
 public:
  DahdiBoard(const BoardConfig& config, std::shared_ptr<DahdiSys> sys) : config_(config), sys_(std::move(sys)) {
    const int n = config.tickFrames;
    if (n != 8 && n != 16 && n != 40 && n != 80 && n != 160) {
      throw BoardError("ERR_CONFIG_INVALID", Where() + ": tickFrames must be 8, 16, 40, 80 or 160, got " +
                                                 std::to_string(n));
    }
    for (size_t i = 0; i < config.spans.size(); ++i) {
      const SpanConfig& sc = config.spans[i];
      DahdiDevice dev = ParseDahdiDevice(sc.device, sc.kind, static_cast<int>(i));
      DahdiSpanSetup setup;
      setup.where = Where() + " span " + std::to_string(i + 1);
      setup.index = static_cast<int>(i);
      setup.kind = sc.kind;
      setup.path = dev.path;
      setup.firstChannel = dev.firstChannel;
      setup.blockFrames = std::max(n, kDahdiMinBlock);
      setup.debounceMs = sc.debounceMs;
      spans_.push_back(std::make_unique<DahdiSpan>(*sys_, setup));
    }
    batch_.Reserve(kBatchEvents, kBatchBytes);
    jitter_.reserve(kJitterSamples);
  }

  ~DahdiBoard() override { Stop(); }

  const BoardConfig& config() const override { return config_; }
  int SpanCount() const override { return static_cast<int>(spans_.size()); }

  void AttachAudio(int span, const SpanAudio& audio) override {
    std::lock_guard<std::mutex> lock(mu_);
    At(span).AttachAudio(audio);
  }

  void Start(BoardSink* sink) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (started_) throw BoardError("ERR_INVALID_STATE", Where() + ": already started");
    if (spans_.empty()) throw BoardError("ERR_CONFIG_INVALID", Where() + ": a DAHDI board needs at least one span");
    try {
      for (auto& s : spans_) s->Open();
    } catch (...) {
      for (auto& s : spans_) s->Close();
      throw;
    }
    pollFds_.clear();
    spanFd0_.clear();
    for (size_t i = 0; i < spans_.size(); ++i) {
      spanFd0_.push_back(pollFds_.size());
      spans_[i]->AddPollFds(pollFds_, i == 0);
    }
    started_ = true;
    sink_ = sink;
    if (config_.pace == Pace::kRealtime) {
      wakeFd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
      if (wakeFd_ < 0) {
        int err = errno;
        for (auto& s : spans_) s->Close();
        started_ = false;
        throw BoardError("ERR_DRIVER", Where() + ": eventfd: " + std::strerror(err), err, "eventfd");
      }
      stop_ = false;
      thread_ = std::thread([this] { Run(); });
    }
  }

  void Stop() override {
    if (thread_.joinable()) {
      stop_ = true;
      uint64_t one = 1;
      ssize_t w = write(wakeFd_, &one, sizeof one);
      (void)w;
      thread_.join();
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (wakeFd_ >= 0) close(wakeFd_);
    wakeFd_ = -1;
    for (auto& s : spans_) s->Close();
    started_ = false;
    sink_ = nullptr;
  }

  int Step(int n, EventBatch& out) override {
    if (config_.pace != Pace::kFreewheel) {
      throw BoardError("ERR_INVALID_STATE", Where() + ": step() is for freewheel boards; this one is realtime");
    }
    if (!started_) throw BoardError("ERR_INVALID_STATE", Where() + ": step() before start()");
    int done = 0;
    while (done < n) {
      if (!WaitClock(kDeviceSilentMs)) {
        std::lock_guard<std::mutex> lock(mu_);
        for (auto& s : spans_) s->SetDeviceLos(true, out);
        break;
      }
      TickAll(out);
      ++done;
    }
    return done;
  }

  void SetAbcd(int span, int channel, uint8_t bits) override {
    std::lock_guard<std::mutex> lock(mu_);
    Running(span).SetAbcd(channel, bits);
  }
  void SendHdlc(int span, const uint8_t* data, size_t n) override {
    std::lock_guard<std::mutex> lock(mu_);
    Running(span).SendHdlc(data, n);
  }
  void SetLineState(int span, int port, uint8_t bits) override {
    std::lock_guard<std::mutex> lock(mu_);
    Running(span).SetLineState(port, bits);
  }
  uint32_t Alarms(int span) const override {
    std::lock_guard<std::mutex> lock(mu_);
    return At(span).alarms();
  }
  SpanCounters Counters(int span) const override {
    std::lock_guard<std::mutex> lock(mu_);
    return At(span).counters();
  }
  double LineMs(int span) const override {
    std::lock_guard<std::mutex> lock(mu_);
    return At(span).lineMs();
  }

  JitterStats Jitter() const override {
    std::vector<double> v;
    {
      std::lock_guard<std::mutex> lock(jitterMu_);
      v = jitter_;
    }
    JitterStats s;
    s.samples = v.size();
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))]; };
    s.p50Us = at(0.5);
    s.p99Us = at(0.99);
    s.maxUs = v.back();
    return s;
  }

  void Unplug(int) override { Refuse("unplug"); }
  void Plug(int) override { Refuse("plug"); }

 private:
  std::string Where() const { return "dahdi board \"" + config_.id + "\""; }

  [[noreturn]] void Refuse(const char* what) const {
    throw BoardError("ERR_UNSUPPORTED", Where() + ": " + what + " is a simulated-cable test hook; a DAHDI span has a real line");
  }

  DahdiSpan& At(int span) const {
    if (span < 0 || span >= static_cast<int>(spans_.size())) {
      throw BoardError("ERR_INVALID_ARG", Where() + ": span index " + std::to_string(span) + " out of range 0.." +
                                              std::to_string(static_cast<int>(spans_.size()) - 1));
    }
    return *spans_[static_cast<size_t>(span)];
  }

  DahdiSpan& Running(int span) const {
    DahdiSpan& s = At(span);
    if (!started_) throw BoardError("ERR_INVALID_STATE", Where() + ": not started");
    return s;
  }

  // Waits until the clock channel has a block (true) or timeoutMs passed.
  bool WaitClock(int timeoutMs) {
    pollfd p[2] = {{pollFds_[0].fd, POLLIN, 0}, {wakeFd_, POLLIN, 0}};
    nfds_t n = wakeFd_ >= 0 ? 2 : 1;
    int r = sys_->Poll(p, n, timeoutMs);
    if (r <= 0) return false;
    return (p[0].revents & POLLIN) != 0;
  }

  void TickAll(EventBatch& out) {
    for (pollfd& p : pollFds_) p.revents = 0;
    sys_->Poll(pollFds_.data(), pollFds_.size(), 0);
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < spans_.size(); ++i) {
      spans_[i]->SetDeviceLos(false, out);
      spans_[i]->Tick(pollFds_.data() + spanFd0_[i], out);
    }
  }

  void Run() {
    const double periodUs = std::max(config_.tickFrames, kDahdiMinBlock) * 125.0;
    double last = 0;
    while (!stop_.load()) {
      batch_.Clear();
      if (WaitClock(kDeviceSilentMs)) {
        if (stop_.load()) break;
        double now = NowUs();
        if (last > 0) RecordJitter(std::abs(now - last - periodUs));
        last = now;
        TickAll(batch_);
      } else {
        if (stop_.load()) break;
        std::lock_guard<std::mutex> lock(mu_);
        for (auto& s : spans_) s->SetDeviceLos(true, batch_);
        last = 0;
      }
      if (sink_ && (!batch_.events.empty() || batch_.overruns)) sink_->OnBatch(batch_);
    }
  }

  void RecordJitter(double us) {
    std::lock_guard<std::mutex> lock(jitterMu_);
    if (jitter_.size() < kJitterSamples) {
      jitter_.push_back(us);
    } else {
      jitter_[jitterNext_] = us;
      jitterNext_ = (jitterNext_ + 1) % kJitterSamples;
    }
  }

  BoardConfig config_;
  std::shared_ptr<DahdiSys> sys_;
  std::vector<std::unique_ptr<DahdiSpan>> spans_;
  mutable std::mutex mu_;
  bool started_ = false;
  BoardSink* sink_ = nullptr;
  std::vector<pollfd> pollFds_;
  std::vector<size_t> spanFd0_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  int wakeFd_ = -1;
  EventBatch batch_;
  mutable std::mutex jitterMu_;
  std::vector<double> jitter_;
  size_t jitterNext_ = 0;
};

}  // namespace

std::unique_ptr<Board> CreateDahdiBoardWithSys(const BoardConfig& config, std::shared_ptr<DahdiSys> sys) {
  return std::make_unique<DahdiBoard>(config, std::move(sys));
}

std::unique_ptr<Board> CreateDahdiBoard(const BoardConfig& config) {
  return CreateDahdiBoardWithSys(config, RealDahdiSys());
}

}  // namespace hotline

#else  // no <dahdi/user.h>: the addon still builds, and a DAHDI board is refused clearly

namespace hotline {

std::unique_ptr<Board> CreateDahdiBoardWithSys(const BoardConfig& config, std::shared_ptr<DahdiSys>) {
  throw BoardError("ERR_UNSUPPORTED", "dahdi board \"" + config.id +
                                          "\": this build has no DAHDI support (install the DAHDI user header, "
                                          "Debian package dahdi-source, and rebuild)");
}

std::unique_ptr<Board> CreateDahdiBoard(const BoardConfig& config) {
  return CreateDahdiBoardWithSys(config, RealDahdiSys());
}

}  // namespace hotline

#endif  // __has_include(<dahdi/user.h>)
