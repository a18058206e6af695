#pragma once
// Counts and times the frames carrying messages whose intended time is in
// the armed window. kind: deliveries (message events / peer broadcasts) or
// acks (natter replies to message.send).
//
// One part per shard (natter-bench --threads): a connection's frames go to
// its shard's part, touched only by that shard's thread (no locks on the
// path of a frame); arm() and collect() run on every shard in turn, and the
// counts can be read from any thread meanwhile.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "histogram.hpp"
#include "ws_client.hpp"

namespace natter::bench {

struct bench_context;

class meter {
 public:
  enum class kind { deliveries, acks };
  meter(kind k, std::size_t shards);

  boost::asio::awaitable<void> arm(bench_context& ctx, std::int64_t t0, std::int64_t t1);
  // The handler for a connection of shard `shard`.
  ws_client::frame_handler handler(std::size_t shard);
  // Merges the shards' histograms into latency (and fixes the counts there).
  boost::asio::awaitable<void> collect(bench_context& ctx);

  std::uint64_t counted() const;    // so far, any thread
  std::uint64_t errors() const;     // error replies (acks), so far
  std::uint64_t malformed() const;  // message frames whose text was not ours

  histogram latency;  // after collect()

 private:
  struct alignas(64) part {
    kind k;
    std::int64_t t0 = 0;
    std::int64_t t1 = 0;
    histogram latency;
    std::atomic<std::uint64_t> counted = 0;
    std::atomic<std::uint64_t> errors = 0;
    std::atomic<std::uint64_t> malformed = 0;
    void on_frame(std::string_view frame);
  };
  std::vector<std::unique_ptr<part>> parts_;
};

}  // namespace natter::bench
