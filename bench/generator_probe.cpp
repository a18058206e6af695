#include "generator_probe.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace natter::bench {

namespace {

double seconds_of(clockid_t clock) {
  timespec ts{};
  if (::clock_gettime(clock, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

void generator_probe::add_thread(pthread_t thread) {
  clockid_t clock{};
  if (::pthread_getcpuclockid(thread, &clock) != 0) throw std::runtime_error("no CPU clock for a generator thread");
  clocks_.push_back(clock);
}

std::vector<double> generator_probe::now_cpu() const {
  std::vector<double> v;
  for (auto c : clocks_) v.push_back(seconds_of(c));
  return v;
}

void generator_probe::reset(std::uint64_t frames) {
  cpu_start_ = now_cpu();
  cpu_sent_ = cpu_start_;
  wall_start_ = wall_sent_ = seconds_of(CLOCK_MONOTONIC);
  frames_start_ = frames;
}

void generator_probe::sending_done() {
  cpu_sent_ = now_cpu();
  wall_sent_ = seconds_of(CLOCK_MONOTONIC);
}

boost::json::object generator_probe::window(std::uint64_t frames) const {
  const auto cpu_end = now_cpu();
  const double sending = wall_sent_ - wall_start_;
  double total = 0;
  double busiest = 0;
  double whole = 0;
  for (std::size_t i = 0; i < clocks_.size() && i < cpu_start_.size(); ++i) {
    const double busy = cpu_sent_[i] - cpu_start_[i];
    total += busy;
    busiest = std::max(busiest, sending > 0 ? 100.0 * busy / sending : 0.0);
    whole += cpu_end[i] - cpu_start_[i];
  }
  const auto received = frames - frames_start_;
  return boost::json::object{{"generator_threads", clocks_.size()},
                             {"generator_cpu_percent", sending > 0 ? 100.0 * total / sending : 0.0},
                             {"generator_busiest_thread_percent", busiest},
                             {"generator_us_per_frame", received ? 1e6 * whole / static_cast<double>(received) : 0.0},
                             {"generator_frames", received},
                             {"generator_saturated", busiest > saturated_percent}};
}

}  // namespace natter::bench
