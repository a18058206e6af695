#include "harness.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <stdexcept>

namespace natter::bench {

namespace asio = boost::asio;
namespace json = boost::json;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

options::options(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string key = argv[i];
    if (!key.starts_with("--") || i + 1 >= argc) throw std::invalid_argument("expected --key value at " + key);
    values_[key.substr(2)] = argv[++i];
  }
}

std::string options::str(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

std::int64_t options::integer(const std::string& key, std::int64_t fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : std::stoll(it->second);
}

double options::number(const std::string& key, double fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : std::stod(it->second);
}

std::vector<double> options::numbers(const std::string& key, const std::string& fallback) const {
  std::vector<double> out;
  std::string text = str(key, fallback);
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(std::stod(text.substr(start, comma - start)));
    start = comma + 1;
  }
  return out;
}

asio::awaitable<json::object> call(ws_client& ws, json::object req) {
  static std::atomic<std::uint64_t> next_id = 0;
  const std::string id = "b" + std::to_string(++next_id);
  req["id"] = id;
  auto request = ws.request(json::serialize(req), id);
  auto reply = co_await asio::co_spawn(ws.executor(), std::move(request), asio::use_awaitable);
  if (!reply) throw std::runtime_error("no reply to " + json::serialize(req));
  co_return json::parse(*reply).as_object();
}

namespace {

// Runs on the connection's shard.
asio::awaitable<std::shared_ptr<ws_client>> open_one(bench_context& ctx, const bench_user* user, bool small,
                                                     std::uint16_t port, std::size_t shard) {
  auto ws = std::make_shared<ws_client>(*ctx.shards.at(shard));
  const bool connected = co_await ws->connect(port, ctx.natter() ? "/ws" : "/", small);
  if (!connected) throw std::runtime_error("connect failed");
  if (!ctx.natter()) co_return ws;
  json::object auth{{"type", "auth"}, {"token", user->token}};
  auto reply = co_await call(*ws, std::move(auth));
  if (!reply.contains("ok")) throw std::runtime_error("auth failed: " + json::serialize(reply));
  json::object sync{{"type", "sync"}, {"since", json::object()}};
  auto synced = co_await call(*ws, std::move(sync));
  if (!synced.contains("ok")) throw std::runtime_error("sync failed: " + json::serialize(synced));
  co_return ws;
}

}  // namespace

asio::awaitable<std::vector<std::shared_ptr<ws_client>>> open_clients(bench_context& ctx, std::size_t count,
                                                                      std::size_t first_user,
                                                                      bool small_receive_buffer) {
  std::vector<std::shared_ptr<ws_client>> conns(count);
  std::size_t next = 0;
  std::size_t running = 0;
  std::exception_ptr failure;
  asio::steady_timer done(ctx.io);
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < count && !failure) {
      const std::size_t i = next++;
      const bench_user* user = ctx.users.empty() ? nullptr : &ctx.users[(first_user + i) % ctx.users.size()];
      try {
        const auto shard = ctx.shard_of(first_user + i);
        auto open = open_one(ctx, user, small_receive_buffer, ctx.port_of(first_user + i), shard);
        conns[i] = co_await asio::co_spawn(*ctx.shards[shard], std::move(open), asio::use_awaitable);
      } catch (...) {
        failure = std::current_exception();
      }
    }
    if (--running == 0) done.cancel();
  };
  constexpr std::size_t parallel = 64;
  for (std::size_t w = 0; w < parallel && w < count; ++w) {
    ++running;
    auto task = worker();
    asio::co_spawn(ctx.io, std::move(task), asio::detached);
  }
  if (running > 0) {
    done.expires_at(asio::steady_timer::time_point::max());
    co_await done.async_wait(use_tuple);
  }
  if (failure) std::rethrow_exception(failure);
  co_return conns;
}

asio::awaitable<std::int64_t> prepare_room(bench_context& ctx, std::vector<std::shared_ptr<ws_client>>& conns,
                                           const std::string& name, std::size_t members) {
  json::object create{{"type", "room.create"}, {"name", name}};
  co_await call(*conns.at(0), std::move(create));
  const std::size_t distinct = std::min({members, conns.size(), ctx.users.size()});
  for (std::size_t i = 1; i < distinct; ++i) {
    json::object join{{"type", "room.join"}, {"name", name}};
    co_await call(*conns[i], std::move(join));
  }
  json::object list{{"type", "room.list"}};
  auto rooms = co_await call(*conns.at(0), std::move(list));
  for (const auto& r : rooms.at("rooms").as_array()) {
    if (r.at("name").as_string() == name) co_return r.at("conversation_id").to_number<std::int64_t>();
  }
  throw std::runtime_error("room " + name + " not listed");
}

namespace {

void append_number(std::string& out, std::uint64_t v) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, end);
}

}  // namespace

void message_frame(std::string& out, const bench_context& ctx, std::int64_t conversation, std::uint64_t k,
                   std::int64_t intended_ns) {
  out.clear();
  if (ctx.natter()) {
    out += R"({"type":"message.send","id":")";
    append_number(out, k);
    out += R"(","conversation_id":)";
    append_number(out, static_cast<std::uint64_t>(conversation));
    out += R"(,"client_msg_id":")";
    out += ctx.nonce;
    out += '-';
    append_number(out, k);
    out += R"(","text":")";
  }
  const auto text_start = out.size();
  append_number(out, static_cast<std::uint64_t>(intended_ns));
  out += ' ';
  append_number(out, k);
  if (out.size() - text_start < ctx.payload) out.append(ctx.payload - (out.size() - text_start), 'x');
  if (ctx.natter()) out += "\"}";
}

std::uint64_t frames_received(const std::vector<std::shared_ptr<ws_client>>& conns) {
  std::uint64_t n = 0;
  for (const auto& c : conns) n += c ? c->received() : 0;
  return n;
}

asio::awaitable<std::uint64_t> send_open_loop(double rate, std::int64_t t0, std::int64_t t1,
                                              std::function<void(std::uint64_t, std::int64_t)> emit) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer timer(ex);
  const double interval = 1e9 / rate;
  const auto total = static_cast<std::uint64_t>(static_cast<double>(t1 - t0) / interval);
  std::uint64_t k = 0;
  while (k < total) {
    const auto now = now_ns();
    while (k < total) {
      const auto intended = t0 + static_cast<std::int64_t>(static_cast<double>(k) * interval);
      if (intended > now) break;
      emit(k, intended);
      ++k;
    }
    if (k >= total) break;
    const auto next = t0 + static_cast<std::int64_t>(static_cast<double>(k) * interval);
    timer.expires_after(std::chrono::nanoseconds(next - now_ns()));
    co_await timer.async_wait(use_tuple);
  }
  co_return k;
}

asio::awaitable<void> pause(std::chrono::milliseconds d) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer timer(ex, d);
  co_await timer.async_wait(use_tuple);
}

asio::awaitable<void> wait_until(std::function<bool()> done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done() && std::chrono::steady_clock::now() < deadline) co_await pause(std::chrono::milliseconds(5));
}

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool any_saturated(const std::vector<json::object>& reps) {
  return std::any_of(reps.begin(), reps.end(), [](const json::object& r) {
    const auto* x = r.if_contains("generator_saturated");
    return x && x->is_bool() && x->as_bool();
  });
}

json::object spread(const std::vector<json::object>& reps, const std::string& key) {
  std::vector<double> v;
  for (const auto& r : reps) {
    if (const auto* x = r.if_contains(key)) v.push_back(x->to_number<double>());
  }
  json::object o;
  if (v.empty()) return o;
  o["median"] = median_of(v);
  o["min"] = *std::min_element(v.begin(), v.end());
  o["max"] = *std::max_element(v.begin(), v.end());
  return o;
}

}  // namespace natter::bench
