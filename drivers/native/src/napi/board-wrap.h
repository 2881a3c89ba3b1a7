// BoardWrap: the JS object over one C++ Board (napi glue only).
//
// What it does: builds a Board from a JS config object (CreateBoard
// dispatches on kind), holds the spans' audio SharedArrayBuffers by
// reference, forwards commands, and delivers event batches to the JS
// callback: in realtime through one non-blocking thread-safe-function call
// per board per tick (when the call queue is full the changes stay queued
// for the next call and an overrun is counted; the driver thread never
// blocks), in freewheel as the return value of step(n).
//
// How: the driver thread appends each tick's batch to a preallocated
// pending batch under a short mutex; the JS-side callback swaps it out and
// converts it into plain objects. close() stops the board (no batch after
// it returns), marks the shared state closed (queued calls then do nothing),
// releases the thread-safe function and the buffer references.
//
// Limits: one JS callback per board.

#pragma once

#include <napi.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "boards/board.h"

namespace hotline {

struct BatchQueue {
  std::mutex mu;
  EventBatch pending;
  EventBatch delivering;
  std::atomic<bool> closed{false};
  std::atomic<uint64_t> overruns{0};
};

void CallBatch(Napi::Env env, Napi::Function callback, BatchQueue* queue, void* data);
using BatchTsfn = Napi::TypedThreadSafeFunction<BatchQueue, void, CallBatch>;

class BoardWrap : public Napi::ObjectWrap<BoardWrap>, public BoardSink {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit BoardWrap(const Napi::CallbackInfo& info);
  ~BoardWrap() override;

  void OnBatch(const EventBatch& batch) override;

 private:
  Napi::Value AttachAudio(const Napi::CallbackInfo& info);
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Step(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value SetAbcd(const Napi::CallbackInfo& info);
  Napi::Value SendHdlc(const Napi::CallbackInfo& info);
  Napi::Value SetLineState(const Napi::CallbackInfo& info);
  Napi::Value Alarms(const Napi::CallbackInfo& info);
  Napi::Value Counters(const Napi::CallbackInfo& info);
  Napi::Value LineMs(const Napi::CallbackInfo& info);
  Napi::Value Jitter(const Napi::CallbackInfo& info);
  Napi::Value EventOverruns(const Napi::CallbackInfo& info);
  Napi::Value Unplug(const Napi::CallbackInfo& info);
  Napi::Value Plug(const Napi::CallbackInfo& info);

  Board& Live(Napi::Env env, const char* what);
  int SpanArg(const Napi::Value& v);
  void Shutdown();

  std::unique_ptr<Board> board_;
  Napi::FunctionReference callback_;
  BatchTsfn tsfn_;
  bool haveTsfn_ = false;
  BatchQueue* queue_ = nullptr;  // owned by the tsfn (finalizer) or by this object
  bool closed_ = false;
  std::vector<Napi::Reference<Napi::Value>> buffers_;
};

// Converts a batch into {events: [...], overruns, ticks}.
Napi::Object BatchToJs(Napi::Env env, const EventBatch& batch, int ticks);

}  // namespace hotline
