// Scenarios on one room: fanout, sweep, slow-consumer, login.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "room_run.hpp"
#include "scenarios.hpp"

namespace natter::bench {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

json::array to_array(const std::vector<json::object>& v) {
  json::array a;
  for (const auto& o : v) a.push_back(o);
  return a;
}

std::string room_name(const std::string& prefix, std::size_t members, const bench_context& ctx) {
  return prefix + "-" + std::to_string(std::min(members, ctx.users.empty() ? members : ctx.users.size()));
}

}  // namespace

asio::awaitable<json::object> run_fanout(bench_context& ctx, const options& opt) {
  const auto n = static_cast<std::size_t>(opt.integer("connections", 100));
  const double rate = opt.number("rate", 100);
  auto run = co_await open_room(ctx, n, 0, room_name("fanout", n, ctx));
  if (ctx.warmup_s > 0) co_await measure_room(ctx, *run, rate, ctx.warmup_s);
  std::vector<json::object> reps;
  for (int i = 0; i < ctx.reps; ++i) reps.push_back(co_await measure_room(ctx, *run, rate, ctx.duration_s));
  close_all(run->conns);
  json::object r{{"connections", n}, {"rate", rate}, {"reps", to_array(reps)}};
  for (const char* key :
       {"deliveries_per_s", "delivered_ratio", "p50_us", "p90_us", "p99_us", "p999_us", "max_us", "cpu_percent",
        "deliveries_per_cpu_s", "ack_p99_us", "generator_cpu_percent", "generator_us_per_frame"}) {
    auto s = spread(reps, key);
    if (!s.empty()) r[key] = s;
  }
  r["generator_saturated"] = any_saturated(reps);
  co_return r;
}

asio::awaitable<json::object> run_sweep(bench_context& ctx, const options& opt) {
  const auto n = static_cast<std::size_t>(opt.integer("connections", 100));
  const auto rates = opt.numbers("rates", "100,200,400");
  const double target_p99_us = opt.number("target-p99-us", 1000);
  auto run = co_await open_room(ctx, n, 0, room_name("fanout", n, ctx));
  if (ctx.warmup_s > 0) co_await measure_room(ctx, *run, rates.front(), ctx.warmup_s);
  std::vector<json::object> steps;
  double best_rate = 0;
  double best_deliveries = 0;
  double max_deliveries = 0;
  int failures = 0;
  for (double rate : rates) {
    auto step = co_await measure_room(ctx, *run, rate, ctx.duration_s);
    const bool complete = step.at("delivered_ratio").to_number<double>() >= 1.0;
    const bool fast = step.at("p99_us").to_number<double>() <= target_p99_us;
    // A step with the generator saturated measured natter-bench: never a pass.
    const bool valid = !step.at("generator_saturated").as_bool();
    step["pass"] = complete && fast && valid;
    max_deliveries = std::max(max_deliveries, step.at("deliveries_per_s").to_number<double>());
    if (complete && fast && valid) {
      best_rate = rate;
      best_deliveries = step.at("deliveries_per_s").to_number<double>();
      failures = 0;
    } else {
      ++failures;
    }
    const auto open = step.at("open_connections").to_number<std::size_t>();
    steps.push_back(std::move(step));
    if (failures >= 2 || open < n) break;  // overloaded, or the server cut receivers off
    co_await pause(std::chrono::milliseconds(300));
  }
  close_all(run->conns);
  co_return json::object{{"connections", n},
                         {"target_p99_us", target_p99_us},
                         {"best_rate", best_rate},
                         {"best_deliveries_per_s", best_deliveries},
                         {"max_deliveries_per_s", max_deliveries},
                         {"steps", to_array(steps)}};
}

asio::awaitable<json::object> run_slow_consumer(bench_context& ctx, const options& opt) {
  const auto n = static_cast<std::size_t>(opt.integer("connections", 100));
  const auto slow = static_cast<std::size_t>(opt.integer("slow", 10));
  const double rate = opt.number("rate", 200);
  auto run = co_await open_room(ctx, n, slow, room_name("slow", n, ctx));
  if (ctx.warmup_s > 0) co_await measure_room(ctx, *run, rate, ctx.warmup_s);
  auto before = co_await measure_room(ctx, *run, rate, ctx.duration_s);
  for (std::size_t i = n - slow; i < n; ++i) run->conns[i]->stop_reading();
  auto during = co_await measure_room(ctx, *run, rate, 2 * ctx.duration_s);
  json::object r{{"connections", n}, {"slow", slow}, {"rate", rate}, {"all_reading", before}, {"some_stopped", during}};
  if (ctx.natter()) {
    // natterd cuts slow consumers off (4008) and drops them 5 s later.
    const auto expected = static_cast<std::int64_t>(n - slow);
    std::int64_t connected = -1;
    for (int i = 0; i < 40; ++i) {
      connected = co_await websocket_connections(ctx.metrics_port);
      if (connected <= expected) break;
      co_await pause(std::chrono::milliseconds(250));
    }
    r["server_connections_after"] = connected;
  }
  r["server_rss_after_kib"] = ctx.probe.rss_kib();
  close_all(run->conns);
  co_return r;
}

namespace {

struct login_load {
  histogram latency;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  bool stop = false;
  std::size_t running = 0;
};

asio::awaitable<void> login_worker(std::uint16_t port, login_load& load, std::size_t first, std::size_t users) {
  ++load.running;
  for (std::size_t i = first; !load.stop && i < first + 1'000'000; i += 8) {
    json::object body{{"login", bench_user_name(i % users)}, {"password", bench_password}};
    const auto start = now_ns();
    auto answer = co_await post_json(port, "/api/v1/auth/login", json::serialize(body));
    if (answer.status == 200) {
      load.latency.record(now_ns() - start);
      ++load.ok;
    } else {
      ++load.failed;
    }
  }
  --load.running;
}

}  // namespace

asio::awaitable<json::object> run_login(bench_context& ctx, const options& opt) {
  const auto n = static_cast<std::size_t>(opt.integer("connections", 50));
  const double rate = opt.number("rate", 100);
  const auto parallel = static_cast<std::size_t>(opt.integer("login-parallel", 8));
  auto run = co_await open_room(ctx, n, 0, room_name("login", n, ctx));
  if (ctx.warmup_s > 0) co_await measure_room(ctx, *run, rate, ctx.warmup_s);
  auto quiet = co_await measure_room(ctx, *run, rate, ctx.duration_s);
  login_load load;
  for (std::size_t w = 0; w < std::min<std::size_t>(parallel, 8); ++w) {
    auto worker = login_worker(ctx.port, load, w, ctx.users.size());
    asio::co_spawn(ctx.io, std::move(worker), asio::detached);
  }
  const auto start = now_ns();
  auto busy = co_await measure_room(ctx, *run, rate, ctx.duration_s);
  load.stop = true;
  const double seconds = static_cast<double>(now_ns() - start) / 1e9;
  std::function<bool()> idle = [&] { return load.running == 0; };
  co_await wait_until(idle, std::chrono::milliseconds(35000));
  close_all(run->conns);
  json::object logins = load.latency.summary();
  logins["per_s"] = static_cast<double>(load.ok) / seconds;
  logins["failed"] = load.failed;
  logins["parallel"] = std::min<std::size_t>(parallel, 8);
  co_return json::object{
      {"connections", n}, {"rate", rate}, {"room_quiet", quiet}, {"room_during_logins", busy}, {"logins", logins}};
}

}  // namespace natter::bench
