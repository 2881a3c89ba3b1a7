// Node-API entry of the Hotline native addon (glue only; the board model and
// line framing live in src/core and src/boards, free of napi.h).
//
// Exports: `version()`, the `Board` class (napi/board-wrap.h) and the raw
// SOCK_SEQPACKET helpers for tests (napi/seqpacket-wrap.h).

#include <napi.h>

#include "napi/board-wrap.h"
#include "napi/seqpacket-wrap.h"

namespace {

Napi::Value Version(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), "hotline-native 0.1.0");
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("version", Napi::Function::New(env, Version, "version"));
  exports.Set("Board", hotline::BoardWrap::Define(env));
  hotline::InitSeqpacket(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(hotline_native, Init)
