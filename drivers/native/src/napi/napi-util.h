// Argument checks and error conversion shared by the ObjectWraps.
//
// What it does: reads typed arguments (a TypeError naming the argument and
// the expected type when the type is wrong, a RangeError when the value is
// out of range) and turns C++ exceptions into JS errors carrying `code`
// (plus `errno` and `syscall` for OS errors).
//
// Limits: requires C++ exceptions in node-addon-api (NAPI_CPP_EXCEPTIONS).

#pragma once

#include <napi.h>

#include <cmath>
#include <string>

#include "boards/board.h"

namespace hotline {

inline Napi::Error WithCode(Napi::Error error, const std::string& code) {
  error.Set("code", Napi::String::New(error.Env(), code));
  return error;
}

inline Napi::Error ToJsError(Napi::Env env, const BoardError& e) {
  Napi::Error error = e.code() == "ERR_INVALID_ARG" ? Napi::RangeError::New(env, e.what()) : Napi::Error::New(env, e.what());
  WithCode(error, e.code());
  if (e.err() != 0) {
    error.Set("errno", Napi::Number::New(env, e.err()));
    error.Set("syscall", Napi::String::New(env, e.syscall()));
  }
  return error;
}

inline Napi::Error InvalidState(Napi::Env env, const std::string& message) {
  return WithCode(Napi::Error::New(env, message), "ERR_INVALID_STATE");
}

inline std::string TypeName(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsNumber()) return "number";
  if (v.IsString()) return "string";
  if (v.IsBoolean()) return "boolean";
  if (v.IsArray()) return "array";
  if (v.IsTypedArray()) return "typed array";
  if (v.IsFunction()) return "function";
  return "object";
}

inline Napi::Error ArgType(Napi::Env env, const std::string& name, const std::string& expected, const Napi::Value& got) {
  return WithCode(Napi::TypeError::New(env, name + ": expected " + expected + ", got " + TypeName(got)), "ERR_INVALID_ARG");
}

inline int IntArg(const Napi::Value& v, const std::string& name, int min, int max) {
  Napi::Env env = v.Env();
  if (!v.IsNumber()) throw ArgType(env, name, "an integer", v);
  const double d = v.As<Napi::Number>().DoubleValue();
  if (std::floor(d) != d) throw ArgType(env, name, "an integer", v);
  if (d < min || d > max) {
    throw WithCode(Napi::RangeError::New(env, name + ": expected " + std::to_string(min) + " to " + std::to_string(max) + ", got " + std::to_string(static_cast<long long>(d))),
                   "ERR_INVALID_ARG");
  }
  return static_cast<int>(d);
}

inline std::string StringArg(const Napi::Value& v, const std::string& name) {
  if (!v.IsString()) throw ArgType(v.Env(), name, "a string", v);
  return v.As<Napi::String>().Utf8Value();
}

// Runs f, turning C++ exceptions into JS errors with a code.
template <typename F>
auto Guarded(Napi::Env env, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Napi::Error&) {
    throw;
  } catch (const BoardError& e) {
    throw ToJsError(env, e);
  } catch (const std::exception& e) {
    throw WithCode(Napi::Error::New(env, e.what()), "ERR_DRIVER");
  }
}

}  // namespace hotline
