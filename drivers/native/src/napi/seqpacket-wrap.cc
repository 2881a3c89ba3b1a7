// Raw SOCK_SEQPACKET ends; see seqpacket-wrap.h.

#include "napi/seqpacket-wrap.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "napi/napi-util.h"

namespace hotline {

namespace {

struct Constructors {
  Napi::FunctionReference socket;
  Napi::FunctionReference listener;
};

Napi::Error OsError(Napi::Env env, const char* syscall, int err, const std::string& what) {
  Napi::Error e = WithCode(Napi::Error::New(env, std::string(syscall) + " " + what + ": " + std::strerror(err)), "ERR_DRIVER");
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", Napi::String::New(env, syscall));
  return e;
}

sockaddr_un PathAddress(Napi::Env env, const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
    throw WithCode(Napi::RangeError::New(env, "path: expected 1 to 107 bytes"), "ERR_INVALID_ARG");
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

Napi::Object NewSocket(Napi::Env env, int fd) {
  Constructors* c = env.GetInstanceData<Constructors>();
  Napi::Object o = c->socket.New({});
  SeqpacketWrap::Unwrap(o)->Adopt(fd);
  return o;
}

Napi::Value Connect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string path = StringArg(info[0], "path");
  const sockaddr_un addr = PathAddress(env, path);
  const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) throw OsError(env, "socket", errno, path);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    const int err = errno;
    close(fd);
    throw OsError(env, "connect", err, path);
  }
  return NewSocket(env, fd);
}

Napi::Value Listen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Constructors* c = env.GetInstanceData<Constructors>();
  return c->listener.New({info[0]});
}

}  // namespace

Napi::Function SeqpacketWrap::Define(Napi::Env env) {
  return DefineClass(env, "Seqpacket",
                     {InstanceMethod<&SeqpacketWrap::Send>("send"), InstanceMethod<&SeqpacketWrap::Recv>("recv"),
                      InstanceMethod<&SeqpacketWrap::Close>("close")});
}

SeqpacketWrap::SeqpacketWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SeqpacketWrap>(info) {}

SeqpacketWrap::~SeqpacketWrap() {
  if (fd_ >= 0) close(fd_);
}

Napi::Value SeqpacketWrap::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0) throw InvalidState(env, "send: socket is closed");
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw ArgType(env, "message", "a Uint8Array", info[0]);
  }
  Napi::Uint8Array m = info[0].As<Napi::Uint8Array>();
  const ssize_t n = send(fd_, m.Data(), m.ElementLength(), MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Napi::Boolean::New(env, false);
    throw OsError(env, "send", errno, "seqpacket");
  }
  return Napi::Boolean::New(env, true);
}

Napi::Value SeqpacketWrap::Recv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0) throw InvalidState(env, "recv: socket is closed");
  const int timeoutMs = IntArg(info[0], "timeoutMs", 0, 600000);
  pollfd p{fd_, POLLIN, 0};
  const int r = poll(&p, 1, timeoutMs);
  if (r == 0) return env.Undefined();
  if (r < 0) throw OsError(env, "poll", errno, "seqpacket");
  std::vector<uint8_t> buf(65536);
  const ssize_t n = recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
  if (n == 0) return env.Null();
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return env.Undefined();
    if (errno == ECONNRESET) return env.Null();
    throw OsError(env, "recv", errno, "seqpacket");
  }
  return Napi::Buffer<uint8_t>::Copy(env, buf.data(), static_cast<size_t>(n));
}

Napi::Value SeqpacketWrap::Close(const Napi::CallbackInfo& info) {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  return info.Env().Undefined();
}

Napi::Function SeqpacketListenerWrap::Define(Napi::Env env) {
  return DefineClass(env, "SeqpacketListener",
                     {InstanceMethod<&SeqpacketListenerWrap::Accept>("accept"), InstanceMethod<&SeqpacketListenerWrap::Close>("close")});
}

SeqpacketListenerWrap::SeqpacketListenerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SeqpacketListenerWrap>(info) {
  Napi::Env env = info.Env();
  path_ = StringArg(info[0], "path");
  const sockaddr_un addr = PathAddress(env, path_);
  const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) throw OsError(env, "socket", errno, path_);
  unlink(path_.c_str());
  if (bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    const int err = errno;
    close(fd);
    throw OsError(env, "bind", err, path_);
  }
  if (listen(fd, 4) != 0) {
    const int err = errno;
    close(fd);
    throw OsError(env, "listen", err, path_);
  }
  fd_ = fd;
}

SeqpacketListenerWrap::~SeqpacketListenerWrap() {
  if (fd_ >= 0) {
    close(fd_);
    unlink(path_.c_str());
  }
}

Napi::Value SeqpacketListenerWrap::Accept(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0) throw InvalidState(env, "accept: listener is closed");
  const int timeoutMs = IntArg(info[0], "timeoutMs", 0, 600000);
  pollfd p{fd_, POLLIN, 0};
  const int r = poll(&p, 1, timeoutMs);
  if (r == 0) return env.Undefined();
  if (r < 0) throw OsError(env, "poll", errno, path_);
  const int fd = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) throw OsError(env, "accept", errno, path_);
  return NewSocket(env, fd);
}

Napi::Value SeqpacketListenerWrap::Close(const Napi::CallbackInfo& info) {
  if (fd_ >= 0) {
    close(fd_);
    unlink(path_.c_str());
  }
  fd_ = -1;
  return info.Env().Undefined();
}

void InitSeqpacket(Napi::Env env, Napi::Object exports) {
  Constructors* c = new Constructors();
  c->socket = Napi::Persistent(SeqpacketWrap::Define(env));
  c->listener = Napi::Persistent(SeqpacketListenerWrap::Define(env));
  env.SetInstanceData<Constructors>(c);
  exports.Set("seqpacketListen", Napi::Function::New(env, Listen, "seqpacketListen"));
  exports.Set("seqpacketConnect", Napi::Function::New(env, Connect, "seqpacketConnect"));
}

}  // namespace hotline
