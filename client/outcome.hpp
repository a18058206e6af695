#pragma once
// outcome<T>: what a client call gives back, a T or a failure that says whose
// fault it was. Callers decide on `failure::kind`: a server refusal is final
// for that request, a connection failure may succeed later.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace natter::client {

struct failure {
  enum class kind {
    refused,     // the server answered with an error; `code` is its wire code
    connection,  // the server could not be reached, or the connection dropped
    local,       // a client-side limit or misuse (a full outbox, a bad URL)
  };
  kind what = kind::local;
  std::string code;     // "USER_NOT_FOUND", "CONNECTION_FAILED", "OUTBOX_FULL", ...
  std::string message;  // human-readable

  static failure refused(std::string code, std::string message) {
    return {kind::refused, std::move(code), std::move(message)};
  }
  static failure connection(std::string message) { return {kind::connection, "CONNECTION_FAILED", std::move(message)}; }
  static failure local(std::string code, std::string message) {
    return {kind::local, std::move(code), std::move(message)};
  }
};

template <class T>
class [[nodiscard]] outcome {
 public:
  outcome(T value) : value_(std::move(value)) {}    // NOLINT(google-explicit-constructor)
  outcome(failure why) : value_(std::move(why)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return value_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(value_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(value_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(value_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const failure& error() const& {
    assert(!ok());
    return std::get<1>(value_);
  }

 private:
  std::variant<T, failure> value_;
};

// For calls that give back nothing but success.
using success = std::monostate;

}  // namespace natter::client
