#include "common/process_metrics.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#ifndef NATTER_VERSION
#define NATTER_VERSION "unknown"
#endif

namespace natter::metrics {

namespace {

void render_value(std::string& out, std::string_view name, std::string_view type, std::string_view help, double value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
}

// The fields of /proc/self/stat after the command name (field 3 onwards).
std::vector<std::string> stat_fields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  const auto close = line.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 2));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

// Seconds since the epoch at boot (btime in /proc/stat), or 0.
double boot_time() {
  std::ifstream in("/proc/stat");
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double t = 0;
      in >> t;
      return t;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

std::size_t open_fds() {
  std::error_code ec;
  std::size_t n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++n;
  return n > 0 ? n - 1 : 0;  // less the one listing the directory
}

}  // namespace

void render_process_metrics(std::string& out) {
  const auto fields = stat_fields();
  // Fields 14 utime, 15 stime (clock ticks), 22 starttime (ticks after boot),
  // 23 vsize (bytes), 24 rss (pages): index = field number - 3.
  if (fields.size() > 21) {
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double cpu = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
    render_value(out, "process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.", cpu);
    if (const double boot = boot_time(); boot > 0) {
      render_value(out, "process_start_time_seconds", "gauge", "Start time of the process since the epoch in seconds.",
                   boot + std::stod(fields[19]) / ticks);
    }
    render_value(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", std::stod(fields[20]));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    render_value(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
                 std::stod(fields[21]) * page);
  }
  render_value(out, "process_open_fds", "gauge", "Number of open file descriptors.", static_cast<double>(open_fds()));
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    render_value(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
                 static_cast<double>(limit.rlim_cur));
  }
}

void render_build_info(std::string& out) {
  out += fmt::format(
      "# HELP natter_build_info The natterd build: always 1.\n# TYPE natter_build_info gauge\n"
      "natter_build_info{{version=\"{}\"}} 1\n",
      NATTER_VERSION);
}

}  // namespace natter::metrics
