#include "generator_probe.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "harness.hpp"

namespace natter::bench {

generator_probe::sample generator_probe::now() {
  sample s;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream in(task.path() / "schedstat");
    times t;
    if (in >> t.cpu_ns >> t.wait_ns) s[std::stol(task.path().filename().string())] = t;
  }
  return s;
}

void generator_probe::reset(std::uint64_t frames) {
  start_ = now();
  sent_ = start_;
  wall_start_ = wall_sent_ = now_ns();
  frames_start_ = frames;
}

void generator_probe::sending_done() {
  sent_ = now();
  wall_sent_ = now_ns();
}

boost::json::object generator_probe::window(std::uint64_t frames) const {
  const auto end = now();
  const auto sending = static_cast<double>(wall_sent_ - wall_start_);
  double cpu_sending = 0;
  double wait_sending = 0;
  double busiest = 0;
  double cpu_whole = 0;
  for (const auto& [tid, t0] : start_) {
    const auto sent = sent_.find(tid);
    const auto last = end.find(tid);
    if (sent == sent_.end() || last == end.end()) continue;
    const auto cpu = static_cast<double>(sent->second.cpu_ns - t0.cpu_ns);
    const auto wait = static_cast<double>(sent->second.wait_ns - t0.wait_ns);
    cpu_sending += cpu;
    wait_sending += wait;
    if (sending > 0) busiest = std::max(busiest, 100.0 * (cpu + wait) / sending);
    cpu_whole += static_cast<double>(last->second.cpu_ns - t0.cpu_ns);
  }
  const auto received = frames - frames_start_;
  return boost::json::object{
      {"generator_threads", start_.size()},
      {"generator_cpu_percent", sending > 0 ? 100.0 * cpu_sending / sending : 0.0},
      {"generator_waiting_percent", sending > 0 ? 100.0 * wait_sending / sending : 0.0},
      {"generator_busiest_thread_percent", busiest},
      {"generator_us_per_frame", received ? cpu_whole / 1000.0 / static_cast<double>(received) : 0.0},
      {"generator_frames", received},
      {"generator_saturated", busiest > saturated_percent}};
}

}  // namespace natter::bench
