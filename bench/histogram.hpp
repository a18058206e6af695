#pragma once
// A log-linear latency histogram: 64 linear sub-buckets per power of two, so
// every recorded value is kept within 1/64 (1.6 %) of its true value, from
// 1 ns to centuries, in a fixed 31 KiB. Single-threaded; merge to combine.

#include <array>
#include <cstdint>

#include <boost/json/object.hpp>

namespace natter::bench {

class histogram {
 public:
  void record(std::int64_t ns);
  void merge(const histogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  std::int64_t max() const { return max_; }
  // The value at quantile q (0 <= q <= 1), rounded up to its bucket's upper
  // bound (never optimistic); 0 when empty.
  std::int64_t quantile(double q) const;

  // {"count", "p50_us", "p90_us", "p99_us", "p999_us", "max_us"}.
  boost::json::object summary() const;

 private:
  static constexpr int sub_bits = 6;
  static constexpr std::size_t sub_count = std::size_t{1} << sub_bits;
  static constexpr std::size_t bucket_count = sub_count * (64 - sub_bits + 1);
  static std::size_t index_of(std::uint64_t v);
  static std::uint64_t upper_bound_of(std::size_t index);

  std::array<std::uint64_t, bucket_count> buckets_{};
  std::uint64_t count_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace natter::bench
