// BoardWrap; see board-wrap.h for what and how.

#include "napi/board-wrap.h"

#include "napi/napi-util.h"

namespace hotline {

namespace {

constexpr size_t kQueueEvents = 16384;
constexpr size_t kQueueBytes = 512 * 1024;
constexpr size_t kTsfnQueue = 4;

const char* EventTypeName(EventType t) {
  switch (t) {
    case EventType::kAbcd: return "abcd";
    case EventType::kHdlc: return "hdlc";
    case EventType::kAlarm: return "alarm";
    case EventType::kAnalog: return "analog";
    case EventType::kAudio: return "audio";
    case EventType::kStalled: return "stalled";
    case EventType::kUnderrun: return "underrun";
    case EventType::kWrongLength: return "wrongLength";
  }
  return "unknown";
}

Napi::Value Field(const Napi::Object& o, const char* key) { return o.Get(key); }

SpanKind ParseSpanKind(const Napi::Value& v, const std::string& name) {
  const std::string s = StringArg(v, name);
  if (s == "e1-cas") return SpanKind::kE1Cas;
  if (s == "e1-ccs") return SpanKind::kE1Ccs;
  if (s == "fxs") return SpanKind::kFxs;
  if (s == "fxo") return SpanKind::kFxo;
  throw WithCode(Napi::RangeError::New(v.Env(), name + ": expected \"e1-cas\", \"e1-ccs\", \"fxs\" or \"fxo\", got \"" + s + "\""), "ERR_INVALID_ARG");
}

BoardConfig ParseConfig(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsObject()) throw ArgType(env, "config", "an object", value);
  const Napi::Object o = value.As<Napi::Object>();
  BoardConfig c;
  c.id = StringArg(Field(o, "id"), "config.id");
  c.kind = StringArg(Field(o, "kind"), "config.kind");
  const std::string pace = StringArg(Field(o, "pace"), "config.pace");
  if (pace != "realtime" && pace != "freewheel") {
    throw WithCode(Napi::RangeError::New(env, "config.pace: expected \"realtime\" or \"freewheel\", got \"" + pace + "\""), "ERR_INVALID_ARG");
  }
  c.pace = pace == "realtime" ? Pace::kRealtime : Pace::kFreewheel;
  c.tickFrames = IntArg(Field(o, "tickFrames"), "config.tickFrames", 8, 160);
  const Napi::Value spans = Field(o, "spans");
  if (!spans.IsArray()) throw ArgType(env, "config.spans", "an array", spans);
  const Napi::Array list = spans.As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); ++i) {
    const std::string key = "config.spans[" + std::to_string(i) + "]";
    const Napi::Value sv = list.Get(i);
    if (!sv.IsObject()) throw ArgType(env, key, "an object", sv);
    const Napi::Object so = sv.As<Napi::Object>();
    SpanConfig s;
    s.kind = ParseSpanKind(Field(so, "kind"), key + ".kind");
    const std::string clock = StringArg(Field(so, "clock"), key + ".clock");
    if (clock != "master" && clock != "slave") {
      throw WithCode(Napi::RangeError::New(env, key + ".clock: expected \"master\" or \"slave\", got \"" + clock + "\""), "ERR_INVALID_ARG");
    }
    s.clock = clock == "master" ? ClockRole::kMaster : ClockRole::kSlave;
    s.debounceMs = IntArg(Field(so, "debounceMs"), key + ".debounceMs", 0, 1000);
    const Napi::Value device = Field(so, "device");
    if (!device.IsUndefined()) s.device = StringArg(device, key + ".device");
    const Napi::Value cable = Field(so, "cable");
    if (cable.IsObject()) {
      const Napi::Object co = cable.As<Napi::Object>();
      if (co.Has("socket")) {
        s.cable.kind = CableKind::kSocket;
        s.cable.path = StringArg(Field(co, "socket"), key + ".cable.socket");
        const Napi::Value listen = Field(co, "listen");
        if (!listen.IsBoolean()) throw ArgType(env, key + ".cable.listen", "a boolean", listen);
        s.cable.listen = listen.As<Napi::Boolean>().Value();
      } else {
        s.cable.kind = CableKind::kPeer;
        s.cable.peerBoard = StringArg(Field(co, "peerBoard"), key + ".cable.peerBoard");
        s.cable.peerSpan = IntArg(Field(co, "peerSpan"), key + ".cable.peerSpan", 0, 254);
      }
    } else if (!cable.IsNull() && !cable.IsUndefined()) {
      throw ArgType(env, key + ".cable", "an object or null", cable);
    }
    c.spans.push_back(s);
  }
  return c;
}

uint8_t* TypedArrayData(const Napi::Value& v, const std::string& name, napi_typedarray_type type, size_t minBytes, Napi::Function sabCtor) {
  Napi::Env env = v.Env();
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw ArgType(env, name, type == napi_int32_array ? "an Int32Array" : "a Uint8Array", v);
  }
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  const Napi::Value buffer = a.Get("buffer");
  if (!buffer.IsObject() || !buffer.As<Napi::Object>().InstanceOf(sabCtor)) {
    throw ArgType(env, name, "a view of a SharedArrayBuffer", v);
  }
  if (a.ByteLength() < minBytes) {
    throw WithCode(Napi::RangeError::New(env, name + ": expected at least " + std::to_string(minBytes) + " bytes, got " + std::to_string(a.ByteLength())), "ERR_INVALID_ARG");
  }
  void* data = nullptr;
  size_t length = 0;
  napi_typedarray_type t;
  napi_value arraybuffer;
  size_t offset = 0;
  NAPI_THROW_IF_FAILED(env, napi_get_typedarray_info(env, a, &t, &length, &data, &arraybuffer, &offset), nullptr);
  return static_cast<uint8_t*>(data);
}

}  // namespace

Napi::Object BatchToJs(Napi::Env env, const EventBatch& batch, int ticks) {
  Napi::Array events = Napi::Array::New(env, batch.events.size());
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const BoardEvent& e = batch.events[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("type", Napi::String::New(env, EventTypeName(e.type)));
    o.Set("span", Napi::Number::New(env, e.span));
    o.Set("channel", Napi::Number::New(env, e.channel));
    o.Set("value", Napi::Number::New(env, e.value));
    o.Set("aux", Napi::Number::New(env, e.aux));
    o.Set("lineMs", Napi::Number::New(env, e.lineMs));
    if (e.type == EventType::kHdlc) o.Set("data", Napi::Buffer<uint8_t>::Copy(env, batch.bytes.data() + e.offset, e.length));
    events.Set(static_cast<uint32_t>(i), o);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("events", events);
  out.Set("overruns", Napi::Number::New(env, batch.overruns));
  out.Set("ticks", Napi::Number::New(env, ticks));
  return out;
}

void CallBatch(Napi::Env env, Napi::Function callback, BatchQueue* queue, void*) {
  if (env == nullptr || queue == nullptr || queue->closed.load()) return;
  {
    std::lock_guard<std::mutex> lock(queue->mu);
    std::swap(queue->pending, queue->delivering);
  }
  EventBatch& batch = queue->delivering;
  if (batch.events.empty() && batch.overruns == 0) return;
  Napi::HandleScope scope(env);
  Napi::Object js = BatchToJs(env, batch, 0);
  batch.Clear();
  callback.Call({js});
}

Napi::Function BoardWrap::Define(Napi::Env env) {
  return DefineClass(env, "Board",
                     {
                         InstanceMethod<&BoardWrap::AttachAudio>("attachAudio"),
                         InstanceMethod<&BoardWrap::Start>("start"),
                         InstanceMethod<&BoardWrap::Step>("step"),
                         InstanceMethod<&BoardWrap::Close>("close"),
                         InstanceMethod<&BoardWrap::SetAbcd>("setAbcd"),
                         InstanceMethod<&BoardWrap::SendHdlc>("sendHdlc"),
                         InstanceMethod<&BoardWrap::SetLineState>("setLineState"),
                         InstanceMethod<&BoardWrap::Alarms>("alarms"),
                         InstanceMethod<&BoardWrap::Counters>("counters"),
                         InstanceMethod<&BoardWrap::LineMs>("lineMs"),
                         InstanceMethod<&BoardWrap::Jitter>("jitter"),
                         InstanceMethod<&BoardWrap::EventOverruns>("eventOverruns"),
                         InstanceMethod<&BoardWrap::Unplug>("unplug"),
                         InstanceMethod<&BoardWrap::Plug>("plug"),
                     });
}

BoardWrap::BoardWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BoardWrap>(info) {
  Napi::Env env = info.Env();
  const BoardConfig config = ParseConfig(info[0]);
  if (!info[1].IsFunction()) throw ArgType(env, "onBatch", "a function", info[1]);
  callback_ = Napi::Persistent(info[1].As<Napi::Function>());
  queue_ = new BatchQueue();
  queue_->pending.Reserve(kQueueEvents, kQueueBytes);
  queue_->delivering.Reserve(kQueueEvents, kQueueBytes);
  try {
    board_ = Guarded(env, [&] { return CreateBoard(config); });
  } catch (...) {
    delete queue_;
    queue_ = nullptr;
    throw;
  }
}

BoardWrap::~BoardWrap() { Shutdown(); }

void BoardWrap::Shutdown() {
  if (closed_) return;
  closed_ = true;
  if (board_) board_->Stop();  // joins the driver thread: no OnBatch after this
  if (queue_ != nullptr) queue_->closed = true;
  if (haveTsfn_) {
    tsfn_.Release();  // the finalizer frees queue_ once queued calls are done
    haveTsfn_ = false;
  } else {
    delete queue_;
  }
  queue_ = nullptr;
  board_.reset();
  buffers_.clear();
}

void BoardWrap::OnBatch(const EventBatch& batch) {
  BatchQueue* q = queue_;
  {
    std::lock_guard<std::mutex> lock(q->mu);
    q->pending.Append(batch);
  }
  if (tsfn_.NonBlockingCall() == napi_queue_full) ++q->overruns;  // coalesced into the next call
}

Board& BoardWrap::Live(Napi::Env env, const char* what) {
  if (closed_ || !board_) throw InvalidState(env, std::string(what) + ": board is closed");
  return *board_;
}

int BoardWrap::SpanArg(const Napi::Value& v) {
  return IntArg(v, "span", 0, board_ ? board_->SpanCount() - 1 : 0);
}

Napi::Value BoardWrap::AttachAudio(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "attachAudio");
  const int span = SpanArg(info[0]);
  const int blocks = IntArg(info[4], "blocks", 2, 4096);
  const int channels = IntArg(info[5], "channels", 1, 32);
  const size_t ringBytes = static_cast<size_t>(blocks) * channels * kAudioBlockFrames;
  Napi::Function sab = env.Global().Get("SharedArrayBuffer").As<Napi::Function>();
  SpanAudio audio;
  audio.rx = TypedArrayData(info[1], "rx", napi_uint8_array, ringBytes, sab);
  audio.tx = TypedArrayData(info[2], "tx", napi_uint8_array, ringBytes, sab);
  audio.control = reinterpret_cast<int32_t*>(TypedArrayData(info[3], "control", napi_int32_array, kAudioControlWords * 4, sab));
  audio.blocks = blocks;
  audio.channels = channels;
  Guarded(env, [&] { board.AttachAudio(span, audio); });
  for (int i = 1; i <= 3; ++i) buffers_.push_back(Napi::Persistent(info[i]));
  return env.Undefined();
}

Napi::Value BoardWrap::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "start");
  if (board.config().pace == Pace::kRealtime && !haveTsfn_) {
    BatchQueue* q = queue_;
    tsfn_ = BatchTsfn::New(env, callback_.Value(), "hotline-board", kTsfnQueue, 1, q, [](Napi::Env, void*, BatchQueue* ctx) { delete ctx; });
    haveTsfn_ = true;
  }
  Guarded(env, [&] { board.Start(this); });
  return env.Undefined();
}

Napi::Value BoardWrap::Step(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "step");
  const int n = IntArg(info[0], "ticks", 0, 10'000'000);
  EventBatch batch;
  batch.growable = true;
  const int ran = Guarded(env, [&] { return board.Step(n, batch); });
  return BatchToJs(env, batch, ran);
}

Napi::Value BoardWrap::Close(const Napi::CallbackInfo& info) {
  Shutdown();
  return info.Env().Undefined();
}

Napi::Value BoardWrap::SetAbcd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "setAbcd");
  const int span = SpanArg(info[0]);
  const int channel = IntArg(info[1], "channel", 1, 30);
  const int bits = IntArg(info[2], "bits", 0, 15);
  Guarded(env, [&] { board.SetAbcd(span, channel, static_cast<uint8_t>(bits)); });
  return env.Undefined();
}

Napi::Value BoardWrap::SendHdlc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "sendHdlc");
  const int span = SpanArg(info[0]);
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw ArgType(env, "frame", "a Uint8Array", info[1]);
  }
  Napi::Uint8Array frame = info[1].As<Napi::Uint8Array>();
  Guarded(env, [&] { board.SendHdlc(span, frame.Data(), frame.ElementLength()); });
  return env.Undefined();
}

Napi::Value BoardWrap::SetLineState(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "setLineState");
  const int span = SpanArg(info[0]);
  const int port = IntArg(info[1], "port", 0, 255);
  const int bits = IntArg(info[2], "bits", 0, 15);
  Guarded(env, [&] { board.SetLineState(span, port, static_cast<uint8_t>(bits)); });
  return env.Undefined();
}

Napi::Value BoardWrap::Alarms(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "alarms");
  const int span = SpanArg(info[0]);
  return Napi::Number::New(env, Guarded(env, [&] { return board.Alarms(span); }));
}

Napi::Value BoardWrap::Counters(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "counters");
  const int span = SpanArg(info[0]);
  const SpanCounters c = Guarded(env, [&] { return board.Counters(span); });
  Napi::Object o = Napi::Object::New(env);
  auto set = [&](const char* k, uint64_t v) { o.Set(k, Napi::Number::New(env, static_cast<double>(v))); };
  set("rxTicks", c.rxTicks);
  set("txTicks", c.txTicks);
  set("txDropped", c.txDropped);
  set("badLength", c.badLength);
  set("lofEvents", c.lofEvents);
  set("losEvents", c.losEvents);
  set("crcErrors", c.crcErrors);
  set("aborts", c.aborts);
  set("hdlcBadLength", c.hdlcBadLength);
  set("nonOctet", c.nonOctet);
  set("hdlcRxFrames", c.hdlcRxFrames);
  set("hdlcTxFrames", c.hdlcTxFrames);
  set("hdlcTxDropped", c.hdlcTxDropped);
  set("underruns", c.underruns);
  set("overruns", c.overruns);
  set("slips", c.slips);
  set("stalled", c.stalled);
  set("reconnects", c.reconnects);
  return o;
}

Napi::Value BoardWrap::LineMs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "lineMs");
  const int span = SpanArg(info[0]);
  return Napi::Number::New(env, Guarded(env, [&] { return board.LineMs(span); }));
}

Napi::Value BoardWrap::Jitter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "jitter");
  const JitterStats j = board.Jitter();
  Napi::Object o = Napi::Object::New(env);
  o.Set("samples", Napi::Number::New(env, static_cast<double>(j.samples)));
  o.Set("p50Us", Napi::Number::New(env, j.p50Us));
  o.Set("p99Us", Napi::Number::New(env, j.p99Us));
  o.Set("maxUs", Napi::Number::New(env, j.maxUs));
  return o;
}

Napi::Value BoardWrap::EventOverruns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Live(env, "eventOverruns");
  return Napi::Number::New(env, static_cast<double>(queue_->overruns.load()));
}

Napi::Value BoardWrap::Unplug(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "unplug");
  const int span = SpanArg(info[0]);
  Guarded(env, [&] { board.Unplug(span); });
  return env.Undefined();
}

Napi::Value BoardWrap::Plug(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Board& board = Live(env, "plug");
  const int span = SpanArg(info[0]);
  Guarded(env, [&] { board.Plug(span); });
  return env.Undefined();
}

}  // namespace hotline
