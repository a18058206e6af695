#pragma once
// Token-bucket rate limiting by key (an address, an account). Thread-safe.
// Memory is bounded: at most max_keys buckets; when full, the buckets that have
// refilled completely are dropped first, then the oldest.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.hpp"

namespace natter::core {

struct rate_limit {
  double burst = 10;       // bucket size
  double per_minute = 10;  // refill rate
};

class rate_limiter {
 public:
  rate_limiter(rate_limit limit, const clock& clock, std::size_t max_keys = 100'000);

  // Takes one token for key. Returns nothing when allowed, or how long until a
  // token will be available (at least 1 s) when limited.
  std::optional<std::chrono::seconds> acquire(std::string_view key);

  // Forgets key (e.g. a successful login clears the failure budget).
  void reset(std::string_view key);

 private:
  struct bucket {
    double tokens;
    unix_ms updated;
  };
  void evict_locked(unix_ms now);

  rate_limit limit_;
  const clock& clock_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace natter::core
