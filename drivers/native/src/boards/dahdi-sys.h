// The narrow system-call seam of the DAHDI board.
//
// What it does: every call the DAHDI driver makes on a device goes through
// `DahdiSys` (open, ioctl, read, write, poll, close), so a test can replace
// the device below the driver. `RealDahdiSys` forwards to libc; the project's
// tests interpose libc itself (test/support/fake-dahdi, an LD_PRELOAD
// library), so the real addon is exercised down to the system calls.
//
// How: methods return what libc returns and leave errno as libc left it;
// callers turn failures into BoardError with the syscall name and errno.
//
// Limits: no fcntl/select/ppoll: the driver needs none.

#pragma once

#include <poll.h>
#include <sys/types.h>

#include <memory>

namespace hotline {

class DahdiSys {
 public:
  virtual ~DahdiSys() = default;
  virtual int Open(const char* path, int flags) = 0;
  virtual int Ioctl(int fd, unsigned long request, void* arg) = 0;
  virtual ssize_t Read(int fd, void* buf, size_t n) = 0;
  virtual ssize_t Write(int fd, const void* buf, size_t n) = 0;
  virtual int Poll(struct pollfd* fds, nfds_t n, int timeoutMs) = 0;
  virtual int Close(int fd) = 0;
};

// The seam over libc (what production uses).
std::shared_ptr<DahdiSys> RealDahdiSys();

}  // namespace hotline
