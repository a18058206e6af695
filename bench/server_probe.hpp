#pragma once
// What the generator reads about the server under test from /proc: resident
// memory, CPU time, and the kernel's slab memory (sockets live there).
// All values are 0 when the process (pid 0: not given) cannot be read.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>

namespace natter::bench {

class server_probe {
 public:
  explicit server_probe(int pid) : pid_(pid) {}

  std::int64_t rss_kib() const;    // VmRSS
  double cpu_seconds() const;      // utime + stime, all threads
  static std::int64_t slab_kib();  // /proc/meminfo Slab, system-wide

  // Samples RSS and CPU every 200 ms until stop() (bounded: at most 1 h).
  boost::asio::awaitable<void> sample();
  void stop() { stopping_ = true; }
  // Since the last reset: {"cpu_percent", "rss_max_kib", "rss_end_kib"}.
  boost::json::object window() const;
  void reset();

 private:
  int pid_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point window_start_ = std::chrono::steady_clock::now();
  double cpu_start_ = 0;
  std::int64_t rss_max_ = 0;
};

}  // namespace natter::bench
