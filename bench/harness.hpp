#pragma once
// The pieces every scenario is made of: options, opening authenticated
// connections, the open-loop sender, the meters, and result aggregation.
//
// Open loop: message k of a run has the intended send time t0 + k / rate and
// carries it in its text ("<intended ns> <k>xxx..."). The sender sends every
// message that is due whenever it wakes, so a stalled server or generator
// shows up as latency, and latency is always measured from the intended time
// (no coordinated omission). Times are CLOCK_MONOTONIC nanoseconds.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "generator_probe.hpp"
#include "histogram.hpp"
#include "meter.hpp"
#include "server_probe.hpp"
#include "user_pool.hpp"
#include "ws_client.hpp"

namespace natter::bench {

std::int64_t now_ns();

class options {
 public:
  options(int argc, char** argv);  // --key value ...; throws std::invalid_argument
  std::string str(const std::string& key, const std::string& fallback) const;
  std::int64_t integer(const std::string& key, std::int64_t fallback) const;
  double number(const std::string& key, double fallback) const;
  std::vector<double> numbers(const std::string& key, const std::string& fallback) const;  // "1,2,3"

 private:
  std::map<std::string, std::string> values_;
};

enum class target_kind { natter, peer };

struct bench_context {
  boost::asio::io_context& io;  // the main thread's, also shard 0
  target_kind target;
  std::uint16_t port;
  server_probe probe;
  std::vector<bench_user> users;  // empty for the peer
  std::string nonce;              // makes client_msg_ids unique across runs
  std::size_t payload;            // message text bytes
  double duration_s;              // one measured repetition
  double warmup_s;
  int reps;
  // Two-node runs: every connection but the first (the sender) goes to this
  // port, another natterd sharing the store and the bus (0: port).
  std::uint16_t receiver_port = 0;
  // natterd's --metrics-listen port, where /metrics is served (0: none).
  std::uint16_t metrics_port = 0;
  // --threads: one io_context per generator thread; shards[0] is io.
  // Connection i lives on shard i % shards.size() (the sender, 0, on the
  // main thread's).
  std::vector<boost::asio::io_context*> shards;
  generator_probe generator;
  bool natter() const { return target == target_kind::natter; }
  std::size_t shard_of(std::size_t connection) const { return connection % shards.size(); }
  // Two-node durable runs: the connections alternate between the nodes
  // (even ones on port, odd ones on receiver_port) instead.
  bool alternate_nodes = false;
  std::uint16_t port_of(std::size_t connection) const {
    if (receiver_port == 0) return port;
    if (alternate_nodes) return connection % 2 == 0 ? port : receiver_port;
    return connection == 0 ? port : receiver_port;
  }
};

// Opens count connections (64 connecting at once); connection i signs in as
// users[(first_user + i) % users.size()], then syncs. Throws when one fails.
boost::asio::awaitable<std::vector<std::shared_ptr<ws_client>>> open_clients(bench_context& ctx, std::size_t count,
                                                                             std::size_t first_user = 0,
                                                                             bool small_receive_buffer = false);

// A natter request on a connection that has not start()ed (run on the
// connection's shard): adds the id, returns the reply. Throws when there is no reply.
boost::asio::awaitable<boost::json::object> call(ws_client& ws, boost::json::object req);

// Creates room `name` if missing, makes users [0, members) join it; returns its id.
boost::asio::awaitable<std::int64_t> prepare_room(bench_context& ctx, std::vector<std::shared_ptr<ws_client>>& conns,
                                                  const std::string& name, std::size_t members);

// The frame that carries message k, intended at intended_ns, to a conversation
// (the peer gets the bare text; conversation is ignored there), into out
// (its memory is reused: nothing is allocated per message).
void message_frame(std::string& out, const bench_context& ctx, std::int64_t conversation, std::uint64_t k,
                   std::int64_t intended_ns);

// Frames the connections have received so far (any thread).
std::uint64_t frames_received(const std::vector<std::shared_ptr<ws_client>>& conns);

// Calls emit(k, intended_ns) for k = 0, 1, ... at rate per second from t0 to
// t1 (open loop). Returns how many were emitted.
boost::asio::awaitable<std::uint64_t> send_open_loop(double rate, std::int64_t t0, std::int64_t t1,
                                                     std::function<void(std::uint64_t, std::int64_t)> emit);

// Waits until done() or timeout (polling every 5 ms).
boost::asio::awaitable<void> wait_until(std::function<bool()> done, std::chrono::milliseconds timeout);
boost::asio::awaitable<void> pause(std::chrono::milliseconds d);

// Median, min and max of numeric field `key` over repetitions.
boost::json::object spread(const std::vector<boost::json::object>& reps, const std::string& key);
double median_of(std::vector<double> v);
// Whether any repetition has "generator_saturated": true.
bool any_saturated(const std::vector<boost::json::object>& reps);

}  // namespace natter::bench
