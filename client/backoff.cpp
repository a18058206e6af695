#include "client/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace natter::client {

backoff::backoff(backoff_policy policy, std::uint64_t seed) : policy_(policy), random_(seed) {
  policy_.jitter = std::clamp(policy_.jitter, 0.0, 1.0);
  policy_.factor = std::max(policy_.factor, 1.0);
}

std::chrono::milliseconds backoff::ceiling() const {
  const double cap = static_cast<double>(policy_.cap.count());
  const double grown = static_cast<double>(policy_.initial.count()) * std::pow(policy_.factor, attempt_);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::min(cap, grown)));
}

std::chrono::milliseconds backoff::next() {
  const double top = static_cast<double>(ceiling().count());
  // Stop growing the exponent once the cap is reached, so it never overflows.
  if (ceiling() < policy_.cap) ++attempt_;
  std::uniform_real_distribution<double> spread(top * (1.0 - policy_.jitter), top);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(spread(random_))));
}

}  // namespace natter::client
