#include "meter.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>

#include "harness.hpp"

namespace natter::bench {

namespace asio = boost::asio;

namespace {

// Only this thread writes the counter: no locked instruction needed.
void bump(std::atomic<std::uint64_t>& counter) {
  counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

}  // namespace

meter::meter(kind k, std::size_t shards) {
  for (std::size_t i = 0; i < shards; ++i) {
    parts_.push_back(std::make_unique<part>());
    parts_.back()->k = k;
  }
}

asio::awaitable<void> meter::arm(bench_context& ctx, std::int64_t t0, std::int64_t t1) {
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    part* p = parts_[i].get();
    auto reset = [p, t0, t1]() -> asio::awaitable<void> {
      p->t0 = t0;
      p->t1 = t1;
      p->latency.reset();
      p->counted = 0;
      p->errors = 0;
      p->malformed = 0;
      co_return;
    };
    auto task = reset();
    co_await asio::co_spawn(*ctx.shards.at(i), std::move(task), asio::use_awaitable);
  }
  latency.reset();
}

asio::awaitable<void> meter::collect(bench_context& ctx) {
  latency.reset();
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    part* p = parts_[i].get();
    histogram* into = &latency;
    auto merge = [p, into]() -> asio::awaitable<void> {
      into->merge(p->latency);
      co_return;
    };
    auto task = merge();
    co_await asio::co_spawn(*ctx.shards.at(i), std::move(task), asio::use_awaitable);
  }
}

ws_client::frame_handler meter::handler(std::size_t shard) {
  part* p = parts_.at(shard).get();
  return [p](std::string_view f) { p->on_frame(f); };
}

std::uint64_t meter::counted() const {
  std::uint64_t n = 0;
  for (const auto& p : parts_) n += p->counted.load(std::memory_order_relaxed);
  return n;
}

std::uint64_t meter::errors() const {
  std::uint64_t n = 0;
  for (const auto& p : parts_) n += p->errors.load(std::memory_order_relaxed);
  return n;
}

std::uint64_t meter::malformed() const {
  std::uint64_t n = 0;
  for (const auto& p : parts_) n += p->malformed.load(std::memory_order_relaxed);
  return n;
}

// No JSON parser: a natter message event starts {"type":"message", and its
// text is "<intended ns> <k>xxx..."; an ack starts {"re": and carries the
// message too. The text must parse as two numbers separated by a space, or
// the frame is counted as malformed (a frame that is not what we sent).
void meter::part::on_frame(std::string_view frame) {
  const auto now = now_ns();
  std::size_t start = 0;
  if (!frame.empty() && frame[0] >= '0' && frame[0] <= '9') {
    if (k != kind::deliveries) return;
  } else {
    const bool is_ack = frame.starts_with("{\"re\":");
    if (is_ack != (k == kind::acks)) return;
    if (!is_ack && frame.substr(0, 24).find("\"type\":\"message\"") == std::string_view::npos) return;
    if (is_ack && frame.find("\"error\":") != std::string_view::npos) {
      bump(errors);
      return;
    }
    const auto at = frame.find("\"text\":\"");
    if (at == std::string_view::npos) return;
    start = at + 8;
  }
  const char* end = frame.data() + frame.size();
  std::int64_t intended = 0;
  std::uint64_t number = 0;
  auto [ptr, ec] = std::from_chars(frame.data() + start, end, intended);
  if (ec == std::errc() && ptr < end && *ptr == ' ') ec = std::from_chars(ptr + 1, end, number).ec;
  if (ec != std::errc() || ptr == end || *ptr != ' ' || intended <= 0 || intended > now) {
    bump(malformed);
    return;
  }
  if (intended < t0 || intended >= t1) return;
  latency.record(now - intended);
  bump(counted);
}

}  // namespace natter::bench
