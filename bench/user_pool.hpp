#pragma once
// Bench users: registered and logged in over natterd's HTTP API once, their
// access tokens cached in a file so later runs against the same data
// directory skip Argon2 (~50 ms per login). Also the HTTP call the login
// scenario measures.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace natter::bench {

struct bench_user {
  std::string name;
  std::string token;
  std::int64_t expires_at_s = 0;  // unix seconds
};

struct http_answer {
  int status = 0;  // 0: no answer (connection failed, timed out)
  std::string body;
};

// POST a JSON body to 127.0.0.1:port; one connection per call, 30 s limit.
boost::asio::awaitable<http_answer> post_json(std::uint16_t port, std::string target, std::string body);

inline std::string bench_user_name(std::size_t i) {
  return "bench" + std::to_string(i);
}
inline constexpr const char* bench_password = "bench-password-1";

// Users bench0..bench<count-1>, each with a token valid for at least an hour:
// from the cache file when possible, else login, else register then login.
// Throws std::runtime_error when a user cannot be made.
boost::asio::awaitable<std::vector<bench_user>> ensure_users(std::uint16_t port, std::size_t count,
                                                             std::filesystem::path cache);

}  // namespace natter::bench

namespace natter::bench {
// GET 127.0.0.1:port target; the body ("" when no answer).
boost::asio::awaitable<std::string> http_get(std::uint16_t port, std::string target);
// natterd's natter_websocket_connections gauge from /metrics on its
// --metrics-listen port (-1: unreadable).
boost::asio::awaitable<std::int64_t> websocket_connections(std::uint16_t metrics_port);
}  // namespace natter::bench
