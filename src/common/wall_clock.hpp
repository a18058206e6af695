#pragma once
// The wall clock, for code that has no injected clock (the clients' screens).

#include <chrono>

#include "common/ids.hpp"

namespace natter {

// Milliseconds since the epoch, now.
inline unix_ms wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace natter
