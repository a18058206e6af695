#pragma once
// result<T>: a T or an error, for expected failures (see style guide: bugs are
// assertions, expected failures are values). status is result<void>.

#include <cassert>
#include <utility>
#include <variant>

#include "common/error.hpp"

namespace natter {

template <class T>
class [[nodiscard]] result {
 public:
  // Default-constructed results are internal errors, so that a result that was
  // never filled in cannot pass for success.
  result() : value_(error(errc::internal)) {}
  result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(error err) : value_(std::move(err)) {}  // NOLINT(google-explicit-constructor)
  result(errc code) : value_(error(code)) {}     // NOLINT(google-explicit-constructor)

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
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const error& err() const& {
    assert(!ok());
    return std::get<1>(value_);
  }
  error&& err() && {
    assert(!ok());
    return std::get<1>(std::move(value_));
  }

 private:
  std::variant<T, error> value_;
};

struct ok_t {};

template <>
class [[nodiscard]] result<void> {
 public:
  result() : error_(error(errc::internal)), ok_(false) {}
  result(ok_t) : ok_(true) {}                                // NOLINT(google-explicit-constructor)
  result(error err) : error_(std::move(err)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  result(errc code) : error_(error(code)), ok_(false) {}     // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const error& err() const& {
    assert(!ok_);
    return error_;
  }
  error&& err() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  error error_;
  bool ok_;
};

using status = result<void>;
inline constexpr ok_t ok{};

}  // namespace natter
