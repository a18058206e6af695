#pragma once
// The reconnect schedule: exponential, capped, with jitter so that many
// clients dropped by one server restart do not all come back at once.
// Delay n (n = 0, 1, ...) is drawn uniformly from
//   [(1 - jitter) * d, d]  where  d = min(cap, initial * factor^n).
// Not thread-safe; the session uses it from its own thread only.

#include <chrono>
#include <cstdint>
#include <random>

namespace natter::client {

struct backoff_policy {
  std::chrono::milliseconds initial{250};
  std::chrono::milliseconds cap{15000};
  double factor = 2.0;
  double jitter = 0.5;  // 0: no jitter; 1: anywhere in [0, d]
};

class backoff {
 public:
  explicit backoff(backoff_policy policy, std::uint64_t seed = std::random_device{}());

  // The delay before the next attempt; each call moves one step up.
  std::chrono::milliseconds next();
  // The upper bound of the next delay, without taking a step.
  std::chrono::milliseconds ceiling() const;
  // After a connection that worked: start from `initial` again.
  void reset() { attempt_ = 0; }

 private:
  backoff_policy policy_;
  int attempt_ = 0;
  std::mt19937_64 random_;
};

}  // namespace natter::client
