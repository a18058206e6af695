// Scenarios beyond one room: idle, many-rooms, durable.

#include <boost/json.hpp>

#include "room_run.hpp"
#include "scenarios.hpp"

namespace natter::bench {

namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<json::object> run_idle(bench_context& ctx, const options& opt) {
  const auto n = static_cast<std::size_t>(opt.integer("connections", 1000));
  // A few connections first, so one-off allocations (pools, first session) are
  // not charged to the measured ones.
  auto warm = co_await open_clients(ctx, std::min<std::size_t>(n, 16));
  co_await pause(std::chrono::milliseconds(300));
  const auto rss0 = ctx.probe.rss_kib();
  const auto slab0 = server_probe::slab_kib();
  const auto start = now_ns();
  auto conns = co_await open_clients(ctx, n);
  const double seconds = static_cast<double>(now_ns() - start) / 1e9;
  co_await pause(std::chrono::milliseconds(1000));
  const auto rss1 = ctx.probe.rss_kib();
  const auto slab1 = server_probe::slab_kib();
  std::size_t open = 0;
  for (const auto& c : conns) open += c->open() ? 1 : 0;
  // --hold S keeps the connections open S seconds longer, for a look at the
  // server from outside (heap profilers, /proc).
  co_await pause(std::chrono::milliseconds(static_cast<std::int64_t>(opt.number("hold", 0) * 1000)));
  close_all(conns);
  close_all(warm);
  co_await pause(std::chrono::milliseconds(500));
  const auto per = [n](std::int64_t delta_kib) {
    return static_cast<double>(delta_kib) * 1024.0 / static_cast<double>(n);
  };
  co_return json::object{{"connections", n},
                         {"open_at_end", open},
                         {"connect_seconds", seconds},
                         {"connects_per_s", static_cast<double>(n) / seconds},
                         {"server_rss_before_kib", rss0},
                         {"server_rss_after_kib", rss1},
                         {"server_rss_bytes_per_connection", per(rss1 - rss0)},
                         {"slab_bytes_per_connection_both_ends", per(slab1 - slab0)}};
}

namespace {

// After m.collect(); generator: ctx.generator.window() at the end of the repetition.
json::object flat_rate_result(double rate, double duration_s, std::uint64_t sent, std::uint64_t offered, const meter& m,
                              bench_context& ctx, const json::object& generator) {
  const auto counted = m.counted();
  json::object r{{"rate", rate},       {"sent", sent},         {"offered", offered},
                 {"counted", counted}, {"errors", m.errors()}, {"malformed", m.malformed()}};
  r["per_s"] = static_cast<double>(counted) / duration_s;
  r["ratio"] = offered ? static_cast<double>(counted) / static_cast<double>(offered) : 1.0;
  for (const auto& [k, v] : m.latency.summary()) r[k] = v;
  for (const auto& [k, v] : ctx.probe.window()) r[k] = v;
  for (const auto& [k, v] : generator) r[k] = v;
  return r;
}

}  // namespace

asio::awaitable<json::object> run_durable(bench_context& ctx, const options& opt) {
  const auto senders = static_cast<std::size_t>(opt.integer("senders", 64));
  const auto rates = opt.numbers("rates", "1000,2000");
  // With --receiver-port, half the senders write through each node: two
  // writers on one shared database.
  ctx.alternate_nodes = true;
  auto conns = co_await open_clients(ctx, senders);
  // Each sender writes to a group of its own: the cost measured is the
  // store, not the fan-out.
  std::vector<std::int64_t> groups;
  for (std::size_t i = 0; i < senders; ++i) {
    json::object create{{"type", "group.create"}, {"name", "durable"}, {"members", json::array()}};
    auto reply = co_await call(*conns[i], std::move(create));
    groups.push_back(reply.at("conversation").at("conversation_id").to_number<std::int64_t>());
  }
  meter acks(meter::kind::acks, ctx.shards.size());
  for (std::size_t i = 0; i < senders; ++i) conns[i]->start(acks.handler(ctx.shard_of(i)));
  std::uint64_t next_k = 0;
  json::array steps;
  for (std::size_t step = 0; step < rates.size() + 1; ++step) {
    const bool warmup = step == 0;
    if (warmup && ctx.warmup_s <= 0) continue;
    const double rate = warmup ? rates.front() : rates[step - 1];
    const double duration = warmup ? ctx.warmup_s : ctx.duration_s;
    const auto t0 = now_ns() + 20'000'000;
    const auto t1 = t0 + static_cast<std::int64_t>(duration * 1e9);
    co_await acks.arm(ctx, t0, t1);
    ctx.probe.reset();
    ctx.generator.reset(frames_received(conns));
    const auto base = next_k;
    std::string frame;
    std::function<void(std::uint64_t, std::int64_t)> emit = [&](std::uint64_t k, std::int64_t intended) {
      const auto s = k % senders;
      message_frame(frame, ctx, groups[s], base + k, intended);
      conns[s]->send(frame);
    };
    const auto sent = co_await send_open_loop(rate, t0, t1, emit);
    ctx.generator.sending_done();
    next_k += sent;
    std::function<bool()> done = [&] { return acks.counted() + acks.errors() >= sent; };
    co_await wait_until(done, std::chrono::milliseconds(5000));
    const auto generator = ctx.generator.window(frames_received(conns));
    co_await acks.collect(ctx);
    if (!warmup) steps.push_back(flat_rate_result(rate, duration, sent, sent, acks, ctx, generator));
    co_await pause(std::chrono::milliseconds(300));
  }
  close_all(conns);
  co_return json::object{{"senders", senders}, {"steps", steps}};
}

asio::awaitable<json::object> run_many_rooms(bench_context& ctx, const options& opt) {
  const auto n = static_cast<std::size_t>(opt.integer("connections", 100)) / 10 * 10;
  const double rate = opt.number("rate", 1000);
  if (n == 0 || n > ctx.users.size()) throw std::invalid_argument("many-rooms needs 10..users connections");
  auto conns = co_await open_clients(ctx, n);
  std::vector<std::int64_t> group_of(n), direct_of(n);
  for (std::size_t g = 0; g < n / 10; ++g) {
    json::array members;
    for (std::size_t i = 1; i < 10; ++i) {
      members.push_back(json::value(bench_user_name(10 * g + i)));
      // Each member trusts the creator, so the group adds them instead of inviting them.
      json::object trust{{"type", "contact.add"}, {"username", bench_user_name(10 * g)}};
      co_await call(*conns[10 * g + i], std::move(trust));
    }
    json::object create{{"type", "group.create"}, {"name", "ten"}, {"members", members}};
    auto reply = co_await call(*conns[10 * g], std::move(create));
    const auto id = reply.at("conversation").at("conversation_id").to_number<std::int64_t>();
    for (std::size_t i = 0; i < 10; ++i) group_of[10 * g + i] = id;
  }
  for (std::size_t p = 0; p + 1 < n; p += 2) {
    json::object add_b{{"type", "contact.add"}, {"username", bench_user_name(p + 1)}};
    co_await call(*conns[p], std::move(add_b));
    json::object add_a{{"type", "contact.add"}, {"username", bench_user_name(p)}};
    co_await call(*conns[p + 1], std::move(add_a));
    std::string to = "@";
    to += bench_user_name(p + 1);
    json::object hello{
        {"type", "message.send"}, {"to", to}, {"client_msg_id", ctx.nonce + "-hello"}, {"text", "hello"}};
    auto reply = co_await call(*conns[p], std::move(hello));
    const auto id = reply.at("message").at("conversation_id").to_number<std::int64_t>();
    direct_of[p] = direct_of[p + 1] = id;
  }
  meter deliveries(meter::kind::deliveries, ctx.shards.size());
  meter acks(meter::kind::acks, ctx.shards.size());
  for (std::size_t i = 0; i < n; ++i) {
    // A connection's own messages come back to it too: not deliveries.
    std::string own = "\"sender\":\"";
    own += bench_user_name(i);
    own += '"';
    auto delivery = deliveries.handler(ctx.shard_of(i));
    auto ack = acks.handler(ctx.shard_of(i));
    conns[i]->start([delivery, ack, own](std::string_view f) {
      if (f.find(own) == std::string_view::npos) delivery(f);
      ack(f);
    });
  }
  std::vector<json::object> reps;
  std::uint64_t next_k = 0;
  for (int rep = ctx.warmup_s > 0 ? -1 : 0; rep < ctx.reps; ++rep) {
    const double duration = rep < 0 ? ctx.warmup_s : ctx.duration_s;
    const auto t0 = now_ns() + 20'000'000;
    const auto t1 = t0 + static_cast<std::int64_t>(duration * 1e9);
    co_await deliveries.arm(ctx, t0, t1);
    co_await acks.arm(ctx, t0, t1);
    ctx.probe.reset();
    ctx.generator.reset(frames_received(conns));
    std::uint64_t offered = 0;
    const auto base = next_k;
    std::string frame;
    std::function<void(std::uint64_t, std::int64_t)> emit = [&](std::uint64_t k, std::int64_t intended) {
      const auto s = k % n;
      const bool to_group = (k / n) % 2 == 0;
      message_frame(frame, ctx, to_group ? group_of[s] : direct_of[s], base + k, intended);
      conns[s]->send(frame);
      offered += to_group ? 9 : 1;
    };
    const auto sent = co_await send_open_loop(rate, t0, t1, emit);
    ctx.generator.sending_done();
    next_k += sent;
    std::function<bool()> done = [&] {
      return deliveries.counted() >= offered && acks.counted() + acks.errors() >= sent;
    };
    co_await wait_until(done, std::chrono::milliseconds(3000));
    const auto generator = ctx.generator.window(frames_received(conns));
    co_await deliveries.collect(ctx);
    co_await acks.collect(ctx);
    if (rep < 0) continue;
    auto r = flat_rate_result(rate, duration, sent, offered, deliveries, ctx, generator);
    r["ack_p99_us"] = static_cast<double>(acks.latency.quantile(0.99)) / 1000.0;
    r["ack_errors"] = acks.errors();
    reps.push_back(std::move(r));
  }
  close_all(conns);
  json::array all;
  for (const auto& r : reps) all.push_back(r);
  json::object out{{"connections", n}, {"rate", rate}, {"reps", all}};
  for (const char* key : {"per_s", "ratio", "p50_us", "p99_us", "p999_us", "max_us", "cpu_percent",
                          "generator_cpu_percent", "generator_us_per_frame"}) {
    out[key] = spread(reps, key);
  }
  out["generator_saturated"] = any_saturated(reps);
  co_return out;
}

}  // namespace natter::bench
