#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace natter::core {
namespace {

constexpr double ms_per_minute = 60'000.0;

double refill_per_ms(const rate_limit& limit) noexcept {
  return limit.per_minute / ms_per_minute;
}

// Level of a bucket at now. A clock that steps backwards refills nothing.
double level_at(double tokens, unix_ms updated, unix_ms now, const rate_limit& limit) noexcept {
  const auto elapsed = static_cast<double>(std::max<unix_ms>(0, now - updated));
  return std::min(limit.burst, tokens + elapsed * refill_per_ms(limit));
}

}  // namespace

rate_limiter::rate_limiter(rate_limit limit, const clock& clock, std::size_t max_keys)
    : limit_(limit), clock_(clock), max_keys_(max_keys) {
  if (!(limit_.burst >= 1)) throw std::invalid_argument("rate limit burst must be at least 1");
  if (!(limit_.per_minute > 0)) throw std::invalid_argument("rate limit refill must be positive");
  if (max_keys_ == 0) throw std::invalid_argument("rate limiter needs room for at least one key");
}

std::optional<std::chrono::seconds> rate_limiter::acquire(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const unix_ms now = clock_.now_ms();
  std::string owned(key);
  auto it = buckets_.find(owned);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) evict_locked(now);
    it = buckets_.emplace(std::move(owned), bucket{limit_.burst, now}).first;
  }
  bucket& b = it->second;
  b.tokens = level_at(b.tokens, b.updated, now, limit_);
  b.updated = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::nullopt;
  }
  // The epsilon keeps rounding noise from turning an exact 1 s into 2 s.
  const double wait_ms = (1 - b.tokens) / refill_per_ms(limit_);
  const auto wait_s = static_cast<std::chrono::seconds::rep>(std::ceil(wait_ms / 1000 - 1e-9));
  return std::chrono::seconds(std::max<std::chrono::seconds::rep>(1, wait_s));
}

void rate_limiter::reset(std::string_view key) {
  const std::lock_guard lock(mutex_);
  buckets_.erase(std::string(key));
}

// Runs only when the map is full. A bucket that has refilled completely is
// indistinguishable from a new one, so dropping it loses nothing. If that is
// not enough, the least recently used buckets go, down to 90% of max_keys_, so
// that a stream of new keys pays for one full scan per max_keys_/10 insertions
// rather than one per insertion.
void rate_limiter::evict_locked(unix_ms now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    const bucket& b = entry.second;
    return level_at(b.tokens, b.updated, now, limit_) >= limit_.burst;
  });
  const std::size_t low_water = max_keys_ - std::max<std::size_t>(1, max_keys_ / 10);
  if (buckets_.size() <= low_water) return;

  using entry_ref = std::pair<unix_ms, const std::string*>;
  std::vector<entry_ref> by_age;
  by_age.reserve(buckets_.size());
  for (const auto& [k, b] : buckets_) by_age.emplace_back(b.updated, &k);
  const std::size_t excess = buckets_.size() - low_water;
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(excess - 1), by_age.end(),
                   [](const entry_ref& x, const entry_ref& y) { return x.first < y.first; });
  // Copy the keys first: erasing an entry destroys the key its pointer names.
  std::vector<std::string> doomed;
  doomed.reserve(excess);
  for (std::size_t i = 0; i < excess; ++i) doomed.push_back(*by_age[i].second);
  for (const auto& k : doomed) buckets_.erase(k);
}

}  // namespace natter::core
