#pragma once
// Prometheus-style metrics: counters, gauges and histograms, rendered in the
// text exposition format. Updating a metric is lock-free; looking up a labelled
// child takes a short lock, so hot paths keep a reference to their child.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace natter::metrics {

class counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class gauge {
 public:
  void add(std::int64_t n) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(std::int64_t n) noexcept { value_.store(n, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Fixed buckets: by default from 50 µs to 10 s, for latencies in seconds.
class histogram {
 public:
  static constexpr std::array<double, 16> latency_bounds{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                         0.025,   0.05,   0.1,     0.25,   0.5,   1.0,    2.5,   10.0};
  // For counts of things (e.g. the writes of one group commit): 1 to 4096.
  static constexpr std::array<double, 13> size_bounds{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
  explicit histogram(std::span<const double> bounds = latency_bounds) noexcept : bounds_(bounds) {}
  void observe(double value) noexcept;
  void render(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::span<const double> bounds_;  // at most latency_bounds.size()
  std::array<std::atomic<std::uint64_t>, latency_bounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// A metric name with children by label set (e.g. route="/x",status="200").
template <class Metric>
class family {
 public:
  family(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}
  // labels: already formatted, e.g. R"(route="/healthz",status="200")". Stable reference.
  Metric& with(const std::string& labels);
  void render(std::string& out, std::string_view type) const;

 private:
  std::string name_, help_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Metric>> children_;
};

// Quotes a label value for the exposition format.
std::string label_value(std::string_view v);

// Every metric natterd exposes, in one place.
struct registry {
  family<counter> http_requests{"natter_http_requests_total", "HTTP requests by route and status."};
  histogram http_request_duration;  // natter_http_request_duration_seconds
  gauge http_connections;           // natter_http_connections
  gauge websocket_connections;      // natter_websocket_connections
  // reason="total|per_address|per_user": connections refused by the connection caps.
  family<counter> connections_refused{"natter_connections_refused_total",
                                      "Connections refused by the connection caps, by reason."};
  histogram store_commit_duration;                        // natter_store_commit_duration_seconds
  histogram store_commit_writes{histogram::size_bounds};  // natter_store_commit_writes
  counter store_commits;                                  // natter_store_commits_total
  counter store_writes;                                   // natter_store_writes_total
  // With --bus: what="published|publish_dropped|publish_failed|received|inbox_dropped|gap_repairs|...".
  family<counter> bus_events{"natter_bus_events_total", "Events and commands of the Redis bus, by outcome."};

  // WebSocket traffic. type: a request type's wire name, or "unknown" for a
  // frame that did not decode; code: "ok" or an error code (realtime::request_metrics).
  family<counter> websocket_requests{"natter_websocket_requests_total",
                                     "WebSocket requests answered, by request type and result code."};
  // code: a close code natterd knows (docs/protocol.md) or "other"; by="server|client|none".
  family<counter> websocket_closes{"natter_websocket_closes_total",
                                   "WebSocket sessions ended, by close code and by who closed."};
  counter messages_stored;  // natter_messages_stored_total
  counter events_sent;      // natter_websocket_events_sent_total

  // Sampled when /metrics is read (on_scrape sets them).
  gauge websocket_sessions;  // natter_websocket_sessions: authenticated sessions
  gauge online_users;        // natter_online_users: users with a session on this node
  family<gauge> queue_depth{"natter_queue_depth", "Jobs waiting in a bounded queue, by queue."};
  family<gauge> queue_refusals{"natter_queue_refusals_total",
                               "Jobs refused with BUSY because a bounded queue was full, by queue."};
  // Called by render() first, to sample what is cheaper to read than to count.
  std::function<void()> on_scrape;

  std::string render() const;
};

}  // namespace natter::metrics
