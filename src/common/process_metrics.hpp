#pragma once
// The standard process_* metrics of the Prometheus client libraries, read
// from /proc/self when /metrics is rendered, and natter_build_info.

#include <string>

namespace natter::metrics {

// process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds,
// process_start_time_seconds. A value /proc does not give is left out.
void render_process_metrics(std::string& out);

// natter_build_info{version="..."} 1
void render_build_info(std::string& out);

}  // namespace natter::metrics
