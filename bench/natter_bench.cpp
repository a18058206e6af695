// natter-bench: the open-loop load generator (docs/benchmarks.md).
//
//   natter-bench --scenario idle|fanout|sweep|slow-consumer|many-rooms|durable|login
//                --port P [--target natter|peer] [--server-pid PID]
//                [--users 100 --user-cache FILE] [--payload 64]
//                [--duration 3 --warmup 1 --reps 3] [--out FILE] [scenario options]
//                [--receiver-port P2]   (two nodes: the sender on --port, the rest on P2;
//                                        durable: the senders alternate between the two)
//                [--metrics-port M]     (natterd's --metrics-listen port, for its gauges)
//                [--threads N]          (generator threads, default 1)
//
// One process; N threads, each running an io_context that owns a shard of
// the connections (the main thread runs shard 0 and the scenario). Prints
// the result JSON (and writes it to --out); exits 1 on failure.

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "scenarios.hpp"

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace nb = natter::bench;

using scenario_fn = asio::awaitable<json::object> (*)(nb::bench_context&, const nb::options&);

const std::map<std::string, std::pair<scenario_fn, bool>>& scenarios() {
  // name -> (function, runs against the peer too)
  static const std::map<std::string, std::pair<scenario_fn, bool>> all{
      {"idle", {&nb::run_idle, true}},
      {"fanout", {&nb::run_fanout, true}},
      {"sweep", {&nb::run_sweep, true}},
      {"slow-consumer", {&nb::run_slow_consumer, true}},
      {"many-rooms", {&nb::run_many_rooms, false}},
      {"durable", {&nb::run_durable, false}},
      {"login", {&nb::run_login, false}}};
  return all;
}

asio::awaitable<json::object> run(nb::bench_context& ctx, const nb::options& opt, scenario_fn fn) {
  if (ctx.natter()) {
    const auto count = static_cast<std::size_t>(opt.integer("users", 100));
    ctx.users = co_await nb::ensure_users(ctx.port, count, opt.str("user-cache", "bench-users.json"));
  }
  co_return co_await fn(ctx, opt);
}

// Shards 1..n-1: an io_context each, run by a thread of its own until stop().
class shard_threads {
 public:
  shard_threads(nb::bench_context& ctx, std::size_t n) {
    ctx.shards.push_back(&ctx.io);
    for (std::size_t i = 1; i < n; ++i) {
      ios_.push_back(std::make_unique<asio::io_context>(1));
      guards_.push_back(asio::make_work_guard(*ios_.back()));
      ctx.shards.push_back(ios_.back().get());
    }
    for (auto& io : ios_) threads_.emplace_back([&io] { io->run(); });
  }
  shard_threads(const shard_threads&) = delete;
  shard_threads& operator=(const shard_threads&) = delete;
  ~shard_threads() {
    guards_.clear();
    for (auto& io : ios_) io->stop();
    for (auto& t : threads_) t.join();
  }

 private:
  std::vector<std::unique_ptr<asio::io_context>> ios_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
};

}  // namespace

int main(int argc, char** argv) {
  try {
    const nb::options opt(argc, argv);
    const auto name = opt.str("scenario", "");
    const auto it = scenarios().find(name);
    if (it == scenarios().end()) throw std::invalid_argument("unknown --scenario '" + name + "'");
    const auto target = opt.str("target", "natter");
    if (target != "natter" && target != "peer") throw std::invalid_argument("--target natter|peer");
    if (target == "peer" && !it->second.second) throw std::invalid_argument(name + " needs natter");

    asio::io_context io(1);
    nb::bench_context ctx{io,
                          target == "peer" ? nb::target_kind::peer : nb::target_kind::natter,
                          static_cast<std::uint16_t>(opt.integer("port", 0)),
                          nb::server_probe(static_cast<int>(opt.integer("server-pid", 0))),
                          {},
                          std::to_string(nb::now_ns()) + "p" + std::to_string(::getpid()),
                          static_cast<std::size_t>(opt.integer("payload", 64)),
                          opt.number("duration", 3),
                          opt.number("warmup", 1),
                          static_cast<int>(opt.integer("reps", 3)),
                          static_cast<std::uint16_t>(opt.integer("receiver-port", 0)),
                          static_cast<std::uint16_t>(opt.integer("metrics-port", 0)),
                          {},
                          {}};
    if (ctx.port == 0) throw std::invalid_argument("--port is required");
    if (ctx.payload < 32 || ctx.payload > 3000) throw std::invalid_argument("--payload 32..3000");
    const auto threads = opt.integer("threads", 1);
    if (threads < 1 || threads > 64) throw std::invalid_argument("--threads 1..64");
    shard_threads shards(ctx, static_cast<std::size_t>(threads));

    json::object result;
    std::exception_ptr failure;
    auto sampler = ctx.probe.sample();
    asio::co_spawn(io, std::move(sampler), asio::detached);
    auto task = run(ctx, opt, it->second.first);
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, json::object r) {
      failure = e;
      result = std::move(r);
      ctx.probe.stop();
      io.stop();
    });
    io.run();
    if (failure) std::rethrow_exception(failure);

    json::object out{
        {"scenario", name},         {"target", target}, {"payload_bytes", ctx.payload}, {"duration_s", ctx.duration_s},
        {"warmup_s", ctx.warmup_s}, {"reps", ctx.reps}, {"threads", threads},           {"result", result}};
    const auto text = json::serialize(out);
    std::cout << text << '\n';
    if (const auto path = opt.str("out", ""); !path.empty()) std::ofstream(path, std::ios::trunc) << text << '\n';
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "natter-bench: " << e.what() << '\n';
    return 1;
  }
}
