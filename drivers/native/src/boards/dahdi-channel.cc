// One DAHDI channel: open sequence and per-channel operations (see
// dahdi-channel.h for what and why).

#if __has_include(<dahdi/user.h>)  // without the DAHDI header only the factory is built (it refuses)

#include "boards/dahdi-channel.h"

#include <dahdi/user.h>
#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "boards/board.h"

namespace hotline {

namespace {

// HDLC frames are at most 512 octets plus FCS (sim-line.md "CCS"), so one
// DAHDI buffer of 1024 octets always holds a whole frame; 16 buffers absorb
// a burst of MTP2 FISUs between two ticks.
constexpr int kDchanBufOctets = 1024;
constexpr int kDchanBufs = 32;  // DAHDI_MAX_NUM_BUFS; 32 x 1024 = DAHDI_MAX_BUF_SPACE

}  // namespace

const char* ErrnoName(int err) {
  const char* name = strerrordesc_np(err) ? strerrorname_np(err) : nullptr;
  return name ? name : "E?";
}

void DahdiChannel::Fail(const char* syscall, int err, const std::string& detail) {
  std::string message = where_ + ": " + detail + ": " + std::strerror(err) + " (" + ErrnoName(err) + ")";
  Close();
  throw BoardError("ERR_DRIVER", message, err, syscall);
}

void DahdiChannel::Ioctl(unsigned long request, const char* name, void* arg, const std::string& hint) {
  if (sys_.Ioctl(fd_, request, arg) == 0) return;
  int err = errno;
  Fail("ioctl", err, std::string(name) + " on " + spec_.path + " failed" + hint);
}

void DahdiChannel::Open(const DahdiChannelSpec& spec) {
  Close();
  spec_ = spec;
  fd_ = sys_.Open(spec.path.c_str(), O_RDWR | O_NONBLOCK);
  if (fd_ < 0) {
    int err = errno;
    std::string hint = err == ENOENT ? " (is DAHDI installed and its kernel modules loaded?)" : "";
    Fail("open", err, "open " + spec.path + hint);
  }
  int channo = spec.channo;
  Ioctl(DAHDI_SPECIFY, "DAHDI_SPECIFY", &channo,
        " for channel " + std::to_string(spec.channo) + " (is it configured in /etc/dahdi/system.conf?)");
  if (spec.role == DahdiRole::kBearer) {
    int block = spec.blockSize;
    Ioctl(DAHDI_SET_BLOCKSIZE, "DAHDI_SET_BLOCKSIZE", &block, " (block " + std::to_string(spec.blockSize) + ")");
  }
  dahdi_params params;
  std::memset(&params, 0, sizeof params);  // channo 0: this fd's channel
  Ioctl(DAHDI_GET_PARAMS, "DAHDI_GET_PARAMS", &params, "");
  spanno_ = params.spanno;
  sigtype_ = params.sigtype;
  bool sigOk = (params.sigtype & spec.sigMask) == spec.sigMask && params.sigtype != 0;
  if (!sigOk && spec.sigAlt != 0) sigOk = (params.sigtype & spec.sigAlt) == spec.sigAlt;
  if (!sigOk) {
    char sig[16];
    std::snprintf(sig, sizeof sig, "0x%x", static_cast<unsigned>(params.sigtype));
    Fail("ioctl", EINVAL,
         "DAHDI channel " + std::to_string(spec.channo) + " has signalling " + sig + ", the span needs " +
             spec.sigWhat + " (check /etc/dahdi/system.conf)");
  }
  if (spec.chanpos != 0 && params.chanpos != spec.chanpos) {
    Fail("ioctl", EINVAL,
         "DAHDI channel " + std::to_string(spec.channo) + " is position " + std::to_string(params.chanpos) +
             " of its span, expected timeslot " + std::to_string(spec.chanpos) + " (check the span's first channel)");
  }
  if (spec.role == DahdiRole::kBearer) {
    int law = DAHDI_LAW_ALAW;
    Ioctl(DAHDI_SETLAW, "DAHDI_SETLAW", &law, " (A-law)");
  } else {
    dahdi_bufferinfo bi;
    std::memset(&bi, 0, sizeof bi);
    Ioctl(DAHDI_GET_BUFINFO, "DAHDI_GET_BUFINFO", &bi, "");
    bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
    bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
    bi.numbufs = kDchanBufs;
    bi.bufsize = kDchanBufOctets;
    Ioctl(DAHDI_SET_BUFINFO, "DAHDI_SET_BUFINFO", &bi, "");
  }
}

void DahdiChannel::Close() {
  if (fd_ >= 0) sys_.Close(fd_);
  fd_ = -1;
}

static IoResult Classify(ssize_t r) {
  if (r >= 0) return {IoStatus::kOk, static_cast<int>(r), 0};
  int err = errno;
  if (err == EAGAIN || err == EWOULDBLOCK) return {IoStatus::kAgain, 0, 0};
  if (err == ELAST) return {IoStatus::kEvent, 0, 0};
  return {IoStatus::kError, 0, err};
}

IoResult DahdiChannel::Read(uint8_t* buf, int n) { return Classify(sys_.Read(fd_, buf, static_cast<size_t>(n))); }

IoResult DahdiChannel::Write(const uint8_t* buf, int n) {
  return Classify(sys_.Write(fd_, buf, static_cast<size_t>(n)));
}

int DahdiChannel::NextEvent() {
  int ev = 0;
  if (sys_.Ioctl(fd_, DAHDI_GETEVENT, &ev) != 0) return -1;
  return ev;
}

int DahdiChannel::RxBits() {
  int bits = 0;
  if (sys_.Ioctl(fd_, DAHDI_GETRXBITS, &bits) != 0) return -1;
  return bits & 0xF;
}

int DahdiChannel::SetTxBits(int bits) {
  int b = bits & 0xF;
  return sys_.Ioctl(fd_, DAHDI_SETTXBITS, &b) == 0 ? 0 : errno;
}

int DahdiChannel::Hook(int op) {
  int v = op;
  return sys_.Ioctl(fd_, DAHDI_HOOK, &v) == 0 ? 0 : errno;
}

int DahdiChannel::SpanAlarms() {
  dahdi_spaninfo si;
  std::memset(&si, 0, sizeof si);
  si.spanno = spanno_;
  if (sys_.Ioctl(fd_, DAHDI_SPANSTAT, &si) != 0) return -1;
  return si.alarms;
}

}  // namespace hotline

#endif  // __has_include(<dahdi/user.h>)
