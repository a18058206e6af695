#pragma once
// The generator's own CPU: every thread that runs an io_context (one per
// shard, natter-bench --threads), read from the thread CPU clocks. A run in
// which any of them was busy most of the time measured the generator, not
// the server: generator_saturated marks it (docs/benchmarks.md).

#include <pthread.h>

#include <boost/json/object.hpp>
#include <cstdint>
#include <ctime>
#include <vector>

namespace natter::bench {

class generator_probe {
 public:
  static constexpr double saturated_percent = 90;

  void add_thread(pthread_t thread);
  // Starts a window; frames: frames received so far.
  void reset(std::uint64_t frames);
  // The end of the sending part of the window (busy time is judged on it).
  void sending_done();
  // {"generator_threads", "generator_cpu_percent" (sum over threads, % of one
  // core, while sending), "generator_busiest_thread_percent",
  // "generator_us_per_frame" (CPU over the whole window per frame received),
  // "generator_saturated"}.
  boost::json::object window(std::uint64_t frames) const;

 private:
  std::vector<double> now_cpu() const;

  std::vector<clockid_t> clocks_;
  std::vector<double> cpu_start_;
  std::vector<double> cpu_sent_;
  double wall_start_ = 0;
  double wall_sent_ = 0;
  std::uint64_t frames_start_ = 0;
};

}  // namespace natter::bench
