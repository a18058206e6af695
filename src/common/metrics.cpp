#include "common/metrics.hpp"

#include <fmt/format.h>

#include "common/process_metrics.hpp"

namespace natter::metrics {

void histogram::observe(double value) noexcept {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

void histogram::render(std::string& out, std::string_view name, std::string_view labels) const {
  const std::string sep = labels.empty() ? "" : ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, bounds_[i], cumulative);
  }
  cumulative += buckets_[bounds_.size()].load(std::memory_order_relaxed);
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, cumulative);
  const std::string braces = labels.empty() ? "" : fmt::format("{{{}}}", labels);
  out += fmt::format("{}_sum{} {}\n", name, braces, sum_.load());
  out += fmt::format("{}_count{} {}\n", name, braces, count_.load());
}

template <class Metric>
Metric& family<Metric>::with(const std::string& labels) {
  std::lock_guard lock(mutex_);
  auto& child = children_[labels];
  if (!child) child = std::make_unique<Metric>();
  return *child;
}

template <class Metric>
void family<Metric>::render(std::string& out, std::string_view type) const {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name_, help_, name_, type);
  std::lock_guard lock(mutex_);
  for (const auto& [labels, metric] : children_) {
    out += fmt::format("{}{{{}}} {}\n", name_, labels, metric->value());
  }
}

template class family<counter>;
template class family<gauge>;

std::string label_value(std::string_view v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + '"';
}

namespace {
void render_scalar(std::string& out, std::string_view name, std::string_view type, std::string_view help,
                   long long value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
}
void render_histogram(std::string& out, std::string_view name, std::string_view help, const histogram& h) {
  out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
  h.render(out, name, "");
}
}  // namespace

std::string registry::render() const {
  if (on_scrape) on_scrape();
  std::string out;
  render_build_info(out);
  render_process_metrics(out);
  http_requests.render(out, "counter");
  render_histogram(out, "natter_http_request_duration_seconds", "HTTP request latency.", http_request_duration);
  render_scalar(out, "natter_http_connections", "gauge", "Open HTTP connections.", http_connections.value());
  render_scalar(out, "natter_websocket_connections", "gauge", "Open WebSocket connections.",
                websocket_connections.value());
  connections_refused.render(out, "counter");
  render_histogram(out, "natter_store_commit_duration_seconds", "Duration of one group commit.", store_commit_duration);
  render_histogram(out, "natter_store_commit_writes", "Writes per group commit.", store_commit_writes);
  render_scalar(out, "natter_store_commits_total", "counter", "Group commits.",
                static_cast<long long>(store_commits.value()));
  render_scalar(out, "natter_store_writes_total", "counter", "Writes committed.",
                static_cast<long long>(store_writes.value()));
  bus_events.render(out, "counter");
  websocket_requests.render(out, "counter");
  websocket_closes.render(out, "counter");
  render_scalar(out, "natter_messages_stored_total", "counter", "Messages stored (message.send answered ok).",
                static_cast<long long>(messages_stored.value()));
  render_scalar(out, "natter_websocket_events_sent_total", "counter",
                "Live events queued to WebSocket sessions (messages, receipts, presence, ...).",
                static_cast<long long>(events_sent.value()));
  render_scalar(out, "natter_websocket_sessions", "gauge", "Authenticated WebSocket sessions on this node.",
                websocket_sessions.value());
  render_scalar(out, "natter_online_users", "gauge", "Users with at least one WebSocket session on this node.",
                online_users.value());
  queue_depth.render(out, "gauge");
  queue_refusals.render(out, "counter");
  return out;
}

}  // namespace natter::metrics
