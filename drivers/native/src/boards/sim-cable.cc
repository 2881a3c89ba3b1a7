// sim-line cable ends; see sim-cable.h for what and how.

#include "boards/sim-cable.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

namespace hotline {

namespace {

constexpr uint64_t kRetryNs = 50'000'000;  // connect retry, as the peers do

// Parked in-process pair ends, by pair key. Process-wide by nature: two
// boards opened separately meet here.
std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}
std::map<std::string, int>& Registry() {
  static std::map<std::string, int> parked;
  return parked;
}

void SetNonBlocking(int fd) {
  const int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
}

sockaddr_un Address(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path)) throw BoardError("ERR_INVALID_ARG", "socket path too long: " + path);
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

}  // namespace

SimCable::SimCable(const CableConfig& config, std::string selfName) : config_(config), selfName_(std::move(selfName)) {
  if (config_.kind == CableKind::kPeer) {
    const std::string other = config_.peerBoard + "/" + std::to_string(config_.peerSpan);
    pairKey_ = selfName_ < other ? selfName_ + "|" + other : other + "|" + selfName_;
  }
}

SimCable::~SimCable() { Close(); }

void SimCable::Open() {
  if (config_.kind != CableKind::kSocket || !config_.listen || listenFd_ >= 0) return;
  const sockaddr_un addr = Address(config_.path);
  const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw BoardError("ERR_DRIVER", "socket: " + std::string(std::strerror(errno)), errno, "socket");
  unlink(config_.path.c_str());
  if (bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 4) != 0) {
    const int err = errno;
    const char* call = "bind";
    close(fd);
    throw BoardError("ERR_DRIVER", std::string(call) + " " + config_.path + ": " + std::strerror(err), err, call);
  }
  listenFd_ = fd;
}

bool SimCable::Poll(uint64_t nowNs) {
  if (unplugged_) return false;
  if (config_.kind == CableKind::kPeer) return PollPeer();
  if (fd_ >= 0) return false;
  switch (config_.kind) {
    case CableKind::kNone:
      return false;
    case CableKind::kSocket:
      if (config_.listen) {
        if (listenFd_ < 0) return false;
        const int fd = accept4(listenFd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return false;
        fd_ = fd;
        return true;
      } else {
        if (nowNs < nextAttemptNs_) return false;
        nextAttemptNs_ = nowNs + kRetryNs;
        const sockaddr_un addr = Address(config_.path);
        const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0) return false;
        if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
          close(fd);
          return false;
        }
        SetNonBlocking(fd);
        fd_ = fd;
        return true;
      }
    case CableKind::kPeer:
      break;
  }
  return false;
}

bool SimCable::PollPeer() {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto& parked = Registry();
  auto it = parked.find(pairKey_);
  if (fd_ >= 0) {
    if (peerJoined_) return false;
    if (it != parked.end() && it->second == parkedFd_) return false;
    peerJoined_ = true;  // the other end took the fd we parked
    parkedFd_ = -1;
    return true;
  }
  if (it != parked.end() && it->second != parkedFd_) {
    fd_ = it->second;
    parked.erase(it);
    peerJoined_ = true;
    mayCreate_ = false;
    return true;
  }
  if (!mayCreate_) return false;
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair) != 0) return false;
  SetNonBlocking(pair[0]);
  SetNonBlocking(pair[1]);
  parked[pairKey_] = pair[1];
  parkedFd_ = pair[1];
  fd_ = pair[0];
  peerJoined_ = false;
  mayCreate_ = false;
  return false;
}

void SimCable::ForgetParked() {
  if (parkedFd_ < 0) return;
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto it = Registry().find(pairKey_);
  if (it != Registry().end() && it->second == parkedFd_) {
    close(it->second);
    Registry().erase(it);
  }
  parkedFd_ = -1;
}

long SimCable::Recv(uint8_t* buf, size_t cap) {
  if (!connected()) return 0;
  const ssize_t n = recv(fd_, buf, cap, MSG_DONTWAIT | MSG_TRUNC);
  if (n > 0) return static_cast<long>(n);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return 0;
  Drop();
  return -1;
}

int SimCable::RecvMany(uint8_t* buf, size_t slotSize, int count, long* lens) {
  if (!connected()) return 0;
  constexpr int kMax = 8;
  if (count > kMax) count = kMax;
  mmsghdr msgs[kMax];
  iovec iov[kMax];
  for (int i = 0; i < count; ++i) {
    iov[i].iov_base = buf + static_cast<size_t>(i) * slotSize;
    iov[i].iov_len = slotSize;
    msgs[i] = mmsghdr{};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  const int n = recvmmsg(fd_, msgs, static_cast<unsigned>(count), MSG_DONTWAIT, nullptr);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return 0;
    Drop();
    return -1;
  }
  if (n == 0) {
    Drop();
    return -1;
  }
  for (int i = 0; i < n; ++i) {
    const bool truncated = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
    lens[i] = truncated ? static_cast<long>(slotSize) + 1 : static_cast<long>(msgs[i].msg_len);
    // A zero-length message on SEQPACKET is end of stream.
    if (lens[i] == 0) {
      Drop();
      return i == 0 ? -1 : i;
    }
  }
  return n;
}

bool SimCable::Send(const uint8_t* buf, size_t n) {
  if (!connected()) return false;
  const ssize_t r = send(fd_, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (r == static_cast<ssize_t>(n)) return true;
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ENOBUFS)) return false;
  Drop();
  return false;
}

void SimCable::Drop() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  peerJoined_ = true;
  ForgetParked();
}

void SimCable::Unplug() {
  Drop();
  unplugged_ = true;
}

void SimCable::Plug() {
  unplugged_ = false;
  nextAttemptNs_ = 0;
  if (config_.kind == CableKind::kPeer) mayCreate_ = true;
}

void SimCable::Close() {
  Drop();
  if (listenFd_ >= 0) {
    close(listenFd_);
    listenFd_ = -1;
    unlink(config_.path.c_str());
  }
}

}  // namespace hotline

