#pragma once
// One room and its connections: conns[0] sends, the rest receive. Shared by
// the fanout, sweep, slow-consumer and login scenarios.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "harness.hpp"

namespace natter::bench {

struct room_run {
  explicit room_run(std::size_t shards)
      : deliveries(meter::kind::deliveries, shards), acks(meter::kind::acks, shards) {}
  std::vector<std::shared_ptr<ws_client>> conns;
  std::int64_t conversation = 0;
  std::size_t quiet = 0;     // the last `quiet` connections are never counted (slow consumers)
  std::uint64_t next_k = 0;  // message numbers stay unique across repetitions
  meter deliveries;
  meter acks;
  std::size_t counted_receivers() const { return conns.size() - 1 - quiet; }
};

// Opens n connections (the last `quiet` with small receive buffers), joins
// them to room `name` (natter) and starts reading.
boost::asio::awaitable<std::unique_ptr<room_run>> open_room(bench_context& ctx, std::size_t n, std::size_t quiet,
                                                            const std::string& name);

// One open-loop repetition: rate messages/s for duration_s, then up to 3 s
// for the last deliveries. Flat result: rate, sent, offered, delivered,
// delivered_ratio, deliveries_per_s, p50_us..max_us, ack_p99_us, errors,
// cpu_percent, rss_max_kib, deliveries_per_cpu_s, open_connections, and the
// generator's own CPU (generator_probe::window()).
boost::asio::awaitable<boost::json::object> measure_room(bench_context& ctx, room_run& run, double rate,
                                                         double duration_s);

void close_all(std::vector<std::shared_ptr<ws_client>>& conns);

}  // namespace natter::bench
