// Native unit tests of src/core (pure C++, no Node): CRC-16/X.25, HDLC,
// E1 frame alignment, CAS multiframe and debounce, the realtime tick
// schedule (catch-up and restart). Built and run by
// test/drivers/native/core.test.ts; prints one line per check and exits
// non-zero on the first failure.
//
// Spec: shared/specs/sim-line.md "Timeslot 0", "Timeslot 16, CAS mode",
// "Timeslot 16, CCS mode", "Receiver and sender rules".

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/cas.h"
#include "core/crc16.h"
#include "core/e1-framer.h"
#include "core/hdlc.h"
#include "core/tick-schedule.h"

using namespace hotline;

namespace {

int checks = 0;

void Check(bool ok, const char* what) {
  ++checks;
  std::printf("%s %s\n", ok ? "ok" : "FAIL", what);
  if (!ok) std::exit(1);
}

void TestCrc() {
  const uint8_t text[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  Check(Crc16Fcs(text, 9) == 0x906E, "CRC-16/X.25 check value of \"123456789\" is 0x906E");
  uint8_t framed[11];
  std::memcpy(framed, text, 9);
  framed[9] = 0x6E;
  framed[10] = 0x90;
  Check(Crc16Update(kCrc16Init, framed, 11) == kCrc16GoodResidue, "data plus FCS (low octet first) leaves residue 0xF0B8");
}

std::vector<std::vector<uint8_t>> RoundTrip(HdlcEncoder& enc, HdlcDecoder& dec, int octets) {
  std::vector<std::vector<uint8_t>> got;
  for (int i = 0; i < octets; ++i) {
    dec.PushOctet(enc.NextOctet(), [&](const uint8_t* d, size_t n) { got.emplace_back(d, d + n); });
  }
  return got;
}

void TestHdlc() {
  HdlcEncoder enc;
  HdlcDecoder dec;
  Check(enc.NextOctet() == 0x7E, "idle line is flags");
  const uint8_t ones[] = {0xFF, 0xFF, 0xFF, 0x7E, 0x7E};
  const uint8_t two[] = {0x00, 0x01};
  Check(enc.Send(ones, sizeof ones), "queues a frame of flags and ones");
  Check(enc.Send(two, sizeof two), "queues a 2-octet frame (the minimum)");
  Check(!enc.Send(two, 1), "refuses a 1-octet frame");
  std::vector<uint8_t> big(513, 0x55);
  Check(!enc.Send(big.data(), big.size()), "refuses a 513-octet frame");
  const auto got = RoundTrip(enc, dec, 40);
  Check(got.size() == 2, "both frames come out");
  Check(got.size() == 2 && got[0] == std::vector<uint8_t>(ones, ones + 5), "0xFF and 0x7E survive zero insertion");
  Check(got.size() == 2 && got[1] == std::vector<uint8_t>(two, two + 2), "the 2-octet frame survives");
  Check(dec.counters().crcErrors == 0 && dec.counters().aborts == 0, "no errors on a clean line");
  std::vector<uint8_t> max(512);
  for (size_t i = 0; i < max.size(); ++i) max[i] = static_cast<uint8_t>(i * 37);
  Check(enc.Send(max.data(), max.size()), "queues a 512-octet frame (the maximum)");
  const auto got2 = RoundTrip(enc, dec, 700);
  Check(got2.size() == 1 && got2[0] == max, "the 512-octet frame survives");
  // Seven ones inside a frame: an abort.
  HdlcDecoder d2;
  const uint8_t abortStream[] = {0x7E, 0x12, 0x34, 0xFF, 0x7E, 0x7E};
  int delivered = 0;
  for (uint8_t o : abortStream) d2.PushOctet(o, [&](const uint8_t*, size_t) { ++delivered; });
  Check(delivered == 0 && d2.counters().aborts == 1, "seven ones inside a frame count one abort");
}

void TestAligner() {
  E1FrameAligner a;
  // Start on an odd frame (NFAS first): alignment must still be found.
  int alignedAt = -1;
  for (int f = 1; f < 20; ++f) {
    a.Push(E1Ts0Octet(static_cast<uint64_t>(f), false));
    if (a.aligned() && alignedAt < 0) alignedAt = f;
  }
  Check(alignedAt == 6, "aligns on the third FAS with NFAS between, starting mid-stream (frames 2, 4, 6)");
  a.Push(0x00);  // frame 20 would be FAS: errored
  a.Push(0x40);
  a.Push(0x00);
  a.Push(0x40);
  Check(a.aligned(), "two errored FAS keep alignment");
  a.Push(0x00);
  Check(!a.aligned(), "the third consecutive errored FAS loses alignment");
  E1FrameAligner b;
  for (int f = 0; f < 10; ++f) b.Push(f % 2 == 0 ? 0x1B : 0x00);
  Check(!b.aligned(), "FAS without NFAS bit 2 between them never aligns");
  E1FrameAligner c;
  for (int f = 0; f < 10; ++f) c.Push(E1Ts0Octet(static_cast<uint64_t>(f), true));
  Check(c.aligned() && c.rai(), "NFAS 0x60 is rai");
}

void TestCas() {
  CasSender tx;
  Check(!tx.Set(15, 0), "0000 refused on channel 15");
  Check(tx.Set(16, 0), "0000 allowed on channel 16");
  Check(tx.Set(3, 0x9), "sets channel 3");
  Check(tx.Octet(0, false) == 0x0B && tx.Octet(0, true) == 0x0F, "MFAS 0x0B, 0x0F with the remote multiframe alarm");
  Check(tx.Octet(3, false) == 0x9F && tx.Octet(1, false) == 0xF0, "frame 3 carries ch 3 and ch 18; frame 1 ch 1 and ch 16");
  CasReceiver rx(20);
  CasChange out[2];
  std::vector<CasChange> changes;
  uint64_t now = 0;
  // Start 5 frames into a multiframe.
  for (uint64_t f = 5; f < 5 + 16 * 20; ++f) {
    const int n = rx.Push(tx.Octet(f, false), now++, out);
    for (int i = 0; i < n; ++i) changes.push_back(out[i]);
  }
  Check(rx.aligned(), "multiframe alignment found mid-stream");
  Check(rx.Stable(3) == 0x9 && rx.Stable(16) == 0x0 && rx.Stable(30) == 0xF, "stable values after the persistence time");
  Check(changes.size() == 30, "one event per channel, no event before the first stable value");
  CasReceiver rx2(20);
  for (uint64_t f = 0; f < 16 * 3; ++f) rx2.Push(tx.Octet(f, false), f, out);
  Check(rx2.aligned() && rx2.Stable(3) == kCasUnknown, "a channel is unknown until stable for 20 ms");
  // Two errored MFAS lose multiframe alignment; one does not.
  CasReceiver rx3(0);
  uint64_t f = 0;
  for (; f < 64; ++f) rx3.Push(tx.Octet(f, false), f, out);
  rx3.Push(0xFF, f++, out);
  for (int i = 1; i < 16; ++i, ++f) rx3.Push(tx.Octet(f, false), f, out);
  Check(rx3.aligned(), "one errored MFAS keeps alignment");
  rx3.Push(0xFF, f++, out);
  for (int i = 1; i < 16; ++i, ++f) rx3.Push(tx.Octet(f, false), f, out);
  rx3.Push(0xFF, f++, out);
  Check(!rx3.aligned(), "two consecutive errored MFAS lose alignment");
}

void TestSchedule() {
  constexpr uint64_t kMs = 1'000'000;
  TickSchedule s(kMs, 100 * kMs);
  s.Start(0);
  Check(!s.Check(kMs - 1).due, "no tick before the first deadline");
  const auto first = s.Check(kMs + 20'000);
  Check(first.due && first.lateNs == 20'000, "a tick at its deadline reports its lateness");
  Check(!s.Check(kMs + 500'000).due, "the next deadline is absolute (2 ms), not 1 ms after the late wake-up");
  int backToBack = 0;
  while (s.Check(5 * kMs).due) ++backToBack;
  Check(backToBack == 4, "woken at 5 ms, the missed ticks 2..5 ms run back to back");
  const auto slipped = s.Check(6 * kMs + 100 * kMs);
  Check(slipped.due && slipped.slipped == 0 && slipped.lateNs == 100 * kMs, "exactly 100 ms behind still catches up (no restart)");
  TickSchedule r(kMs, 100 * kMs);
  r.Start(0);
  const auto restart = r.Check(kMs + 100 * kMs + 1);
  Check(restart.due && restart.slipped == 100, "more than 100 ms behind restarts the schedule, counting the dropped ticks");
  Check(!r.Check(kMs + 100 * kMs + 2).due, "after a restart the next tick is one period later");
}

}  // namespace

int main() {
  TestSchedule();
  TestCrc();
  TestHdlc();
  TestAligner();
  TestCas();
  std::printf("%d checks passed\n", checks);
  return 0;
}
