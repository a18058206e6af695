#include "histogram.hpp"

#include <bit>
#include <cmath>

namespace natter::bench {

std::size_t histogram::index_of(std::uint64_t v) {
  if (v < sub_count) return static_cast<std::size_t>(v);
  const int msb = 63 - std::countl_zero(v);
  const int shift = msb - sub_bits;
  return static_cast<std::size_t>(shift + 1) * sub_count + static_cast<std::size_t>((v >> shift) & (sub_count - 1));
}

std::uint64_t histogram::upper_bound_of(std::size_t index) {
  if (index < sub_count) return index;
  const std::size_t shift = index / sub_count - 1;
  const std::uint64_t low = (sub_count + (index & (sub_count - 1))) << shift;
  return low + ((std::uint64_t{1} << shift) - 1);
}

void histogram::record(std::int64_t ns) {
  const auto v = static_cast<std::uint64_t>(ns < 0 ? 0 : ns);
  ++buckets_[index_of(v)];
  ++count_;
  if (static_cast<std::int64_t>(v) > max_) max_ = static_cast<std::int64_t>(v);
}

void histogram::merge(const histogram& other) {
  for (std::size_t i = 0; i < bucket_count; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  if (other.max_ > max_) max_ = other.max_;
}

void histogram::reset() {
  *this = histogram();
}

std::int64_t histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  if (rank == 0) rank = 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < bucket_count; ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      const auto bound = static_cast<std::int64_t>(upper_bound_of(i));
      return bound < max_ ? bound : max_;
    }
  }
  return max_;
}

boost::json::object histogram::summary() const {
  auto us = [](std::int64_t ns) { return static_cast<double>(ns) / 1000.0; };
  boost::json::object o;
  o["count"] = count_;
  o["p50_us"] = us(quantile(0.50));
  o["p90_us"] = us(quantile(0.90));
  o["p99_us"] = us(quantile(0.99));
  o["p999_us"] = us(quantile(0.999));
  o["max_us"] = us(max_);
  return o;
}

}  // namespace natter::bench
