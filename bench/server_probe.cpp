#include "server_probe.hpp"

#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <sstream>
#include <string>

namespace natter::bench {

namespace asio = boost::asio;

namespace {

std::int64_t field_kib(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::stoll(line.substr(key.size()));
  }
  return 0;
}

}  // namespace

std::int64_t server_probe::rss_kib() const {
  if (pid_ <= 0) return 0;
  return field_kib("/proc/" + std::to_string(pid_) + "/status", "VmRSS:");
}

std::int64_t server_probe::slab_kib() {
  return field_kib("/proc/meminfo", "Slab:");
}

double server_probe::cpu_seconds() const {
  if (pid_ <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt (fields 3-13)
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

void server_probe::reset() {
  window_start_ = std::chrono::steady_clock::now();
  cpu_start_ = cpu_seconds();
  rss_max_ = rss_kib();
}

asio::awaitable<void> server_probe::sample() {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer timer(ex);
  for (int i = 0; i < 5 * 3600 && !stopping_; ++i) {
    timer.expires_after(std::chrono::milliseconds(200));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    const auto rss = rss_kib();
    if (rss > rss_max_) rss_max_ = rss;
  }
}

boost::json::object server_probe::window() const {
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - window_start_;
  boost::json::object o;
  o["cpu_percent"] = wall.count() > 0 ? 100.0 * (cpu_seconds() - cpu_start_) / wall.count() : 0.0;
  const auto rss = rss_kib();
  o["rss_max_kib"] = rss > rss_max_ ? rss : rss_max_;
  o["rss_end_kib"] = rss;
  return o;
}

}  // namespace natter::bench
