#include "room_run.hpp"

#include <boost/json.hpp>

namespace natter::bench {

namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<std::unique_ptr<room_run>> open_room(bench_context& ctx, std::size_t n, std::size_t quiet,
                                                     const std::string& name) {
  auto run = std::make_unique<room_run>(ctx.shards.size());
  run->quiet = quiet;
  run->conns = co_await open_clients(ctx, n - quiet);
  if (quiet > 0) {
    auto slow = co_await open_clients(ctx, quiet, n - quiet, true);
    run->conns.insert(run->conns.end(), slow.begin(), slow.end());
  }
  if (ctx.natter()) run->conversation = co_await prepare_room(ctx, run->conns, name, n);
  auto* r = run.get();
  r->conns[0]->start(r->acks.handler(ctx.shard_of(0)));
  for (std::size_t i = 1; i < n; ++i) {
    if (i < n - quiet) {
      r->conns[i]->start(r->deliveries.handler(ctx.shard_of(i)));
    } else {
      r->conns[i]->start([](std::string_view) {});
    }
  }
  co_return run;
}

asio::awaitable<json::object> measure_room(bench_context& ctx, room_run& run, double rate, double duration_s) {
  const auto t0 = now_ns() + 20'000'000;
  const auto t1 = t0 + static_cast<std::int64_t>(duration_s * 1e9);
  co_await run.deliveries.arm(ctx, t0, t1);
  co_await run.acks.arm(ctx, t0, t1);
  ctx.probe.reset();
  ctx.generator.reset(frames_received(run.conns));
  auto& sender = *run.conns[0];
  const auto base = run.next_k;
  std::string frame;
  std::function<void(std::uint64_t, std::int64_t)> emit = [&](std::uint64_t k, std::int64_t intended) {
    message_frame(frame, ctx, run.conversation, base + k, intended);
    sender.send(frame);
  };
  const auto sent = co_await send_open_loop(rate, t0, t1, emit);
  ctx.generator.sending_done();
  run.next_k += sent;
  const std::uint64_t offered = sent * run.counted_receivers();
  const bool natter = ctx.natter();
  std::function<bool()> done = [&] {
    return run.deliveries.counted() >= offered && (!natter || run.acks.counted() + run.acks.errors() >= sent);
  };
  co_await wait_until(done, std::chrono::milliseconds(3000));
  const auto generator = ctx.generator.window(frames_received(run.conns));
  co_await run.deliveries.collect(ctx);
  co_await run.acks.collect(ctx);
  const auto delivered = run.deliveries.counted();
  json::object r;
  r["rate"] = rate;
  r["duration_s"] = duration_s;
  r["sent"] = sent;
  r["offered"] = offered;
  r["delivered"] = delivered;
  r["delivered_ratio"] = offered ? static_cast<double>(delivered) / static_cast<double>(offered) : 1.0;
  r["malformed"] = run.deliveries.malformed() + run.acks.malformed();
  const double per_s = static_cast<double>(delivered) / duration_s;
  r["deliveries_per_s"] = per_s;
  for (const auto& [k, v] : run.deliveries.latency.summary()) r[k] = v;
  if (natter) {
    r["ack_p50_us"] = static_cast<double>(run.acks.latency.quantile(0.5)) / 1000.0;
    r["ack_p99_us"] = static_cast<double>(run.acks.latency.quantile(0.99)) / 1000.0;
    r["errors"] = run.acks.errors();
  }
  const auto server = ctx.probe.window();
  for (const auto& [k, v] : server) r[k] = v;
  const double cpu = server.at("cpu_percent").to_number<double>();
  r["deliveries_per_cpu_s"] = cpu > 0 ? per_s / (cpu / 100.0) : 0.0;
  std::size_t open = 0;
  for (const auto& c : run.conns) open += c->open() ? 1 : 0;
  r["open_connections"] = open;
  r["generator_dropped"] = sender.dropped();
  r["sender_close_code"] = sender.close_code();  // 4008: natterd cut the sender off as a slow consumer
  for (const auto& [k, v] : generator) r[k] = v;
  co_return r;
}

void close_all(std::vector<std::shared_ptr<ws_client>>& conns) {
  for (auto& c : conns) {
    if (c) c->close();
  }
  conns.clear();
}

}  // namespace natter::bench
