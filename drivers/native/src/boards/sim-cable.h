// One end of a sim-line cable: a Unix SOCK_SEQPACKET socket (listening or
// connecting) or an in-process socket pair joined to another span.
//
// What it does: keeps the cable plugged (accepts, connects, retries every
// 50 ms), sends and receives whole tick messages without blocking, and
// reports when a peer (re)connected or went away, so the span restarts its
// tick count and raises `los`.
//
// How: every cable is a connected SOCK_SEQPACKET fd in non-blocking mode.
// In-process cables are `socketpair()` ends handed out through a process-wide
// registry keyed by the two span names ("board/span", sorted): the first end
// to plug in creates the pair and parks the other fd; the second takes it.
// Unplugging closes this end (the peer reads end-of-stream); plugging back
// creates a fresh pair for the peer to pick up.
//
// Spec: shared/specs/sim-line.md "Transport" (one socket per line, message
// boundaries kept, a reconnecting peer restarts the tick count).
//
// Limits: Linux only. Not thread-safe: the owning board serialises calls.

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "boards/board.h"

namespace hotline {

class SimCable {
 public:
  SimCable(const CableConfig& config, std::string selfName);
  ~SimCable();
  SimCable(const SimCable&) = delete;
  SimCable& operator=(const SimCable&) = delete;

  // Opens the listening socket (kSocket + listen); throws BoardError on OS errors.
  void Open();
  // Tries to get connected (accept / connect / take a parked pair end).
  // Returns true when a new connection came up in this call.
  bool Poll(uint64_t nowNs);
  bool connected() const { return fd_ >= 0 && peerJoined_; }
  int fd() const { return fd_; }
  // Receives one message into buf. >0 length, 0 nothing waiting, -1 the peer
  // went away (the cable is now unplugged at the far end, this end retries).
  long Recv(uint8_t* buf, size_t cap);
  // Receives up to `count` messages in one system call into slots of
  // `slotSize` octets at buf; lengths go to lens (a message longer than its
  // slot reports slotSize + 1). Returns the count, 0 when nothing is
  // waiting, -1 when the peer went away.
  int RecvMany(uint8_t* buf, size_t slotSize, int count, long* lens);
  // Sends one message; false if it could not be sent now (buffer full) or the peer went away.
  bool Send(const uint8_t* buf, size_t n);
  void Unplug();
  void Plug();
  void Close();
  bool unplugged() const { return unplugged_; }

 private:
  void Drop();
  bool PollPeer();
  void ForgetParked();
  CableConfig config_;
  std::string selfName_;
  std::string pairKey_;
  int fd_ = -1;
  int listenFd_ = -1;
  bool unplugged_ = false;
  bool mayCreate_ = true;   // kPeer: this end may create the pair (first open, Plug)
  bool peerJoined_ = true;  // kPeer: the other end took its fd
  int parkedFd_ = -1;       // kPeer: the end this side parked
  uint64_t nextAttemptNs_ = 0;
};

}  // namespace hotline
