// Raw Unix SOCK_SEQPACKET ends for tests that speak sim-line from
// TypeScript (Node's net module has no SEQPACKET sockets). Transport only:
// no framing knowledge, so a test's own encoder/decoder checks the driver.
//
// Limits: synchronous, with poll timeouts; not for the engine's event loop.

#pragma once

#include <napi.h>

namespace hotline {

class SeqpacketWrap : public Napi::ObjectWrap<SeqpacketWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit SeqpacketWrap(const Napi::CallbackInfo& info);
  ~SeqpacketWrap() override;
  void Adopt(int fd) { fd_ = fd; }

 private:
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Recv(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  int fd_ = -1;
};

class SeqpacketListenerWrap : public Napi::ObjectWrap<SeqpacketListenerWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit SeqpacketListenerWrap(const Napi::CallbackInfo& info);
  ~SeqpacketListenerWrap() override;

 private:
  Napi::Value Accept(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  int fd_ = -1;
  std::string path_;
};

// Module functions: seqpacketListen(path), seqpacketConnect(path).
void InitSeqpacket(Napi::Env env, Napi::Object exports);

}  // namespace hotline
