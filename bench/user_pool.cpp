#include "user_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace natter::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<http_answer> post_json(std::uint16_t port, std::string target, std::string body) {
  auto ex = co_await asio::this_coro::executor;
  beast::tcp_stream stream(ex);
  stream.expires_after(std::chrono::seconds(30));
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), port);
  auto [cec] = co_await stream.async_connect(endpoint, use_tuple);
  if (cec) co_return http_answer();
  http::request<http::string_body> req(http::verb::post, target, 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  req.set(http::field::content_type, "application/json");
  req.body() = std::move(body);
  req.prepare_payload();
  auto [wec, written] = co_await http::async_write(stream, req, use_tuple);
  if (wec) co_return http_answer();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [rec, read] = co_await http::async_read(stream, buffer, res, use_tuple);
  if (rec) co_return http_answer();
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  http_answer answer;
  answer.status = static_cast<int>(res.result_int());
  answer.body = std::move(res.body());
  co_return answer;
}

namespace {

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

json::object load_cache(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto v = json::parse(text.str(), ec);
  if (ec || !v.is_object()) return {};
  return v.as_object();
}

// Retries BUSY and RATE_LIMITED answers (bounded: 50 tries, 200 ms apart).
asio::awaitable<http_answer> post_retrying(std::uint16_t port, std::string target, std::string body) {
  auto ex = co_await asio::this_coro::executor;
  http_answer answer;
  for (int attempt = 0; attempt < 50; ++attempt) {
    answer = co_await post_json(port, target, body);
    if (answer.status != 503 && answer.status != 429 && answer.status != 0) co_return answer;
    asio::steady_timer pause(ex, std::chrono::milliseconds(200));
    co_await pause.async_wait(use_tuple);
  }
  co_return answer;
}

asio::awaitable<bench_user> make_user(std::uint16_t port, std::size_t i) {
  bench_user user;
  user.name = bench_user_name(i);
  json::object login{{"login", user.name}, {"password", bench_password}};
  auto answer = co_await post_retrying(port, "/api/v1/auth/login", json::serialize(login));
  if (answer.status == 401) {
    json::object reg{
        {"email", user.name + "@bench.example.com"}, {"username", user.name}, {"password", bench_password}};
    auto made = co_await post_retrying(port, "/api/v1/auth/register", json::serialize(reg));
    if (made.status != 201) throw std::runtime_error("register " + user.name + ": " + made.body);
    answer = co_await post_retrying(port, "/api/v1/auth/login", json::serialize(login));
  }
  if (answer.status != 200) throw std::runtime_error("login " + user.name + ": " + answer.body);
  auto v = json::parse(answer.body).as_object();
  user.token = json::value_to<std::string>(v.at("access_token"));
  user.expires_at_s = now_s() + v.at("expires_in").to_number<std::int64_t>();
  co_return user;
}

}  // namespace

asio::awaitable<std::vector<bench_user>> ensure_users(std::uint16_t port, std::size_t count,
                                                      std::filesystem::path cache) {
  auto cached = load_cache(cache);
  std::vector<bench_user> users(count);
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < count; ++i) {
    const auto name = bench_user_name(i);
    if (const auto* entry = cached.if_contains(name); entry && entry->is_object()) {
      const auto& o = entry->as_object();
      const auto expires = o.at("expires_at").to_number<std::int64_t>();
      if (expires > now_s() + 3600) {
        users[i] = {name, json::value_to<std::string>(o.at("token")), expires};
        continue;
      }
    }
    missing.push_back(i);
  }
  // Four at a time: natterd hashes on a small pool; more only queue there.
  constexpr std::size_t parallel = 4;
  auto ex = co_await asio::this_coro::executor;
  std::size_t next = 0;
  std::size_t running = 0;
  std::exception_ptr failure;
  asio::steady_timer done(ex);
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < missing.size() && !failure) {
      const std::size_t i = missing[next++];
      try {
        users[i] = co_await make_user(port, i);
      } catch (...) {
        failure = std::current_exception();
      }
    }
    if (--running == 0) done.cancel();
  };
  for (std::size_t w = 0; w < parallel && w < missing.size(); ++w) {
    ++running;
    auto task = worker();
    asio::co_spawn(ex, std::move(task), asio::detached);
  }
  if (running > 0) {
    done.expires_at(asio::steady_timer::time_point::max());
    co_await done.async_wait(use_tuple);
  }
  if (failure) std::rethrow_exception(failure);
  for (const auto& u : users) cached[u.name] = json::object{{"token", u.token}, {"expires_at", u.expires_at_s}};
  if (!missing.empty()) {
    std::ofstream out(cache, std::ios::trunc);
    out << json::serialize(cached);
  }
  co_return users;
}

}  // namespace natter::bench

namespace natter::bench {

asio::awaitable<std::string> http_get(std::uint16_t port, std::string target) {
  auto ex = co_await asio::this_coro::executor;
  beast::tcp_stream stream(ex);
  stream.expires_after(std::chrono::seconds(10));
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), port);
  auto [cec] = co_await stream.async_connect(endpoint, use_tuple);
  if (cec) co_return std::string();
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  auto [wec, written] = co_await http::async_write(stream, req, use_tuple);
  if (wec) co_return std::string();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [rec, read] = co_await http::async_read(stream, buffer, res, use_tuple);
  if (rec) co_return std::string();
  co_return std::move(res.body());
}

asio::awaitable<std::int64_t> websocket_connections(std::uint16_t metrics_port) {
  if (metrics_port == 0) co_return -1;
  const std::string text = co_await http_get(metrics_port, "/metrics");
  const std::string key = "\nnatter_websocket_connections ";
  const auto at = text.find(key);
  if (at == std::string::npos) co_return -1;
  co_return std::stoll(text.substr(at + key.size()));
}

}  // namespace natter::bench
