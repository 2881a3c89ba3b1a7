// libc implementation of the DAHDI board's system-call seam (dahdi-sys.h).

#include "boards/dahdi-sys.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace hotline {

namespace {

class LibcDahdiSys final : public DahdiSys {
 public:
  int Open(const char* path, int flags) override { return ::open(path, flags); }
  int Ioctl(int fd, unsigned long request, void* arg) override { return ::ioctl(fd, request, arg); }
  ssize_t Read(int fd, void* buf, size_t n) override { return ::read(fd, buf, n); }
  ssize_t Write(int fd, const void* buf, size_t n) override { return ::write(fd, buf, n); }
  int Poll(struct pollfd* fds, nfds_t n, int timeoutMs) override { return ::poll(fds, n, timeoutMs); }
  int Close(int fd) override { return ::close(fd); }
};

}  // namespace

std::shared_ptr<DahdiSys> RealDahdiSys() {
  static const std::shared_ptr<DahdiSys> sys = std::make_shared<LibcDahdiSys>();
  return sys;
}

}  // namespace hotline
