#pragma once
// Time source, injected so that tests control expiry without sleeping.

#include <atomic>
#include <chrono>
#include <cstdint>

#include "common/ids.hpp"

namespace natter {

class clock {
 public:
  virtual ~clock() = default;
  virtual unix_ms now_ms() const = 0;
};

class system_clock final : public clock {
 public:
  unix_ms now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

// A clock that only moves when told to. For tests.
class manual_clock final : public clock {
 public:
  explicit manual_clock(unix_ms start = 1'700'000'000'000) : now_(start) {}
  unix_ms now_ms() const override { return now_.load(); }
  void advance(std::chrono::milliseconds d) { now_ += d.count(); }

 private:
  std::atomic<unix_ms> now_;
};

}  // namespace natter
