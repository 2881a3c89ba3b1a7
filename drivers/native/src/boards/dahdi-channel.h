// One DAHDI channel file descriptor: the open sequence and the per-channel
// operations of the DAHDI board.
//
// What it does: opens the channel device (default /dev/dahdi/channel), binds
// it to a DAHDI channel number and configures it for its role in a span:
//   bearer (E1 timeslot or analog port): DAHDI_SPECIFY, DAHDI_SET_BLOCKSIZE,
//     DAHDI_GET_PARAMS (signalling and span position checked), DAHDI_SETLAW
//     (A-law);
//   D-channel (timeslot 16 of a CCS span, DAHDI_SIG_HDLCFCS or HARDHDLC):
//     DAHDI_SPECIFY, DAHDI_GET_PARAMS, DAHDI_GET_BUFINFO / DAHDI_SET_BUFINFO
//     (buffers that hold a whole frame).
// Then it reads and writes blocks or frames, sets and gets ABCD bits, takes
// events and sets the hook state.
//
// How: every call goes through the DahdiSys seam. The channel is opened
// non-blocking; the board's loop polls. DAHDI fails read and write with
// ELAST while an event is queued on the channel (dahdi-base), which the
// caller sees as IoStatus::kEvent and answers with DAHDI_GETEVENT.
//
// Spec: DAHDI user ABI, <dahdi/user.h> (the ioctl numbers and structs are
// taken from the installed header, not restated).
//
// Limits: open failures throw BoardError (code ERR_DRIVER, errno, syscall)
// with a message naming the path, channel and request; I/O failures after
// open are returned, not thrown, so one bad channel cannot stop a tick.

#pragma once

#include <cstdint>
#include <string>

#include "boards/dahdi-sys.h"

namespace hotline {

enum class DahdiRole : uint8_t { kBearer, kDchan };

// Which DAHDI signalling types a channel may have for its role in a span.
struct DahdiChannelSpec {
  std::string path;        // the channel device
  int channo = 0;          // DAHDI channel number
  int chanpos = 0;         // expected position in its span (0 = not checked)
  DahdiRole role = DahdiRole::kBearer;
  int blockSize = 160;     // octets per read/write (bearer)
  int sigMask = 0;         // accepted sigtype: (sigtype & sigMask) == sigMask ...
  int sigAlt = 0;          // ... or, when non-zero, (sigtype & sigAlt) == sigAlt
  const char* sigWhat = "";  // what the span expects, for the error message
};

enum class IoStatus : uint8_t { kOk, kAgain, kEvent, kError };

struct IoResult {
  IoStatus status;
  int octets;  // kOk: octets moved
  int err;     // kError: errno
};

class DahdiChannel {
 public:
  DahdiChannel(DahdiSys& sys, std::string where) : sys_(sys), where_(std::move(where)) {}
  ~DahdiChannel() { Close(); }
  DahdiChannel(const DahdiChannel&) = delete;
  DahdiChannel& operator=(const DahdiChannel&) = delete;

  // The whole open sequence for the spec's role; throws BoardError.
  void Open(const DahdiChannelSpec& spec);
  void Close();

  int fd() const { return fd_; }
  int channo() const { return spec_.channo; }
  int spanno() const { return spanno_; }
  int sigtype() const { return sigtype_; }

  IoResult Read(uint8_t* buf, int n);
  IoResult Write(const uint8_t* buf, int n);
  // DAHDI_GETEVENT: the next event, DAHDI_EVENT_NONE (0) when none, -1 on error.
  int NextEvent();
  // DAHDI_GETRXBITS: the received ABCD nibble (A = 8), -1 on error.
  int RxBits();
  // DAHDI_SETTXBITS; returns errno or 0.
  int SetTxBits(int bits);
  // DAHDI_HOOK with DAHDI_ONHOOK / OFFHOOK / RING / RINGOFF ...; returns errno or 0.
  int Hook(int op);
  // DAHDI_SPANSTAT for this channel's span: its DAHDI_ALARM_* set, -1 on error.
  int SpanAlarms();

 private:
  [[noreturn]] void Fail(const char* syscall, int err, const std::string& detail);
  void Ioctl(unsigned long request, const char* name, void* arg, const std::string& hint);

  DahdiSys& sys_;
  std::string where_;
  DahdiChannelSpec spec_;
  int fd_ = -1;
  int spanno_ = 0;
  int sigtype_ = 0;
};

// "ENOENT" for ENOENT etc. (for messages that name the errno).
const char* ErrnoName(int err);

}  // namespace hotline
