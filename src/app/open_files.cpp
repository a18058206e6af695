#include "app/open_files.hpp"

#include <sys/resource.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace natter::app {

// The kernel's ceiling for one process (fs.nr_open); setrlimit refuses more,
// RLIM_INFINITY included.
static rlim_t kernel_ceiling() {
  std::ifstream in("/proc/sys/fs/nr_open");
  unsigned long long value = 0;
  if (in >> value && value > 0) return static_cast<rlim_t>(value);
  return 1 << 20;
}

std::size_t raise_open_files_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? kernel_ceiling() : limit.rlim_max;
  if (wanted > limit.rlim_cur) {
    // A hard limit above fs.nr_open (RLIM_INFINITY) is refused; lower it to that.
    rlimit raised{wanted, limit.rlim_max == RLIM_INFINITY ? wanted : limit.rlim_max};
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = wanted;
  }
  return limit.rlim_cur == RLIM_INFINITY ? kernel_ceiling() : static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t connection_cap(std::size_t configured, std::size_t open_files_limit) {
  if (configured == 0) {
    return open_files_limit > 2 * reserved_descriptors ? open_files_limit - reserved_descriptors : open_files_limit / 2;
  }
  if (configured + reserved_descriptors > open_files_limit) {
    throw std::runtime_error("--max-connections " + std::to_string(configured) + " needs " +
                             std::to_string(configured + reserved_descriptors) +
                             " file descriptors, but the limit is " + std::to_string(open_files_limit) +
                             " (raise the hard limit: ulimit -Hn, LimitNOFILE=)");
  }
  return configured;
}

}  // namespace natter::app
