#pragma once
// The generator's own CPU: every thread of this process (one per shard,
// natter-bench --threads), from /proc/self/task/*/schedstat: time on a CPU
// and time waiting for one (runnable, but another process had the core). A
// run in which any thread was on or waiting for its CPU most of the time
// measured the generator, not the server: generator_saturated marks it
// (docs/benchmarks.md).

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>

namespace natter::bench {

class generator_probe {
 public:
  static constexpr double saturated_percent = 90;

  // Starts a window; frames: frames received so far.
  void reset(std::uint64_t frames);
  // The end of the sending part of the window (busy time is judged on it).
  void sending_done();
  // {"generator_threads", "generator_cpu_percent" (sum over threads, % of one
  // core, while sending), "generator_waiting_percent" (the same for time
  // spent runnable but waiting for a CPU), "generator_busiest_thread_percent"
  // (on a CPU or waiting for one), "generator_us_per_frame" (CPU over the
  // whole window per frame received), "generator_frames",
  // "generator_saturated" (busiest > saturated_percent)}.
  boost::json::object window(std::uint64_t frames) const;

 private:
  struct times {
    std::int64_t cpu_ns = 0;
    std::int64_t wait_ns = 0;
  };
  using sample = std::map<long, times>;  // thread id ->
  static sample now();

  sample start_;
  sample sent_;
  std::int64_t wall_start_ = 0;
  std::int64_t wall_sent_ = 0;
  std::uint64_t frames_start_ = 0;
};

}  // namespace natter::bench
