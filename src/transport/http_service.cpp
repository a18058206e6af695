#include "transport/http_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <chrono>
#include <exception>
#include <random>

#include "common/log_line.hpp"
#include "transport/security_headers.hpp"

namespace natter::transport {

namespace asio = boost::asio;

http_service::http_service(const api::router& routes, metrics::registry& metrics, std::optional<static_files> web)
    : routes_(routes), metrics_(metrics), web_(std::move(web)) {}

std::string http_service::new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

// The answer to HEAD: the GET answer's headers, Content-Length included, and
// no body. A chunked answer's length is not known: it goes without one (and
// without Transfer-Encoding, which would frame an empty body).
static void without_body(response& res) {
  if (res.chunked()) {
    res.chunked(false);
  } else if (!res.has_content_length()) {
    res.content_length(res.body().size());
  }
  res.body().clear();
}

asio::awaitable<response> http_service::route(const request& req, api::request_context& ctx,
                                              std::string_view& route_label) {
  const auto path = api::target_path(req.target());
  auto match = routes_.find(req.method(), path, ctx);
  route_label = match.pattern;
  if (match.target) co_return co_await (*match.target)(ctx);
  if (match.path_exists) co_return api::error_response(errc::method_not_allowed);
  const bool is_api = path.substr(0, 5) == "/api/" || path == "/api";
  const bool readable = req.method() == http::verb::get || req.method() == http::verb::head;
  if (!is_api && readable && web_) {
    if (auto file = web_->serve(path, req.method() == http::verb::head)) {
      route_label = "static";
      co_return std::move(*file);
    }
  }
  route_label = "unmatched";
  co_return api::error_response(errc::not_found);
}

bool http_service::streams_body(const http::request_header<>& header) const {
  return routes_.streams_body(header.method(), api::target_path(header.target()));
}

asio::awaitable<http_service::served> http_service::handle(const request& req, std::string remote_addr, bool secure,
                                                           body_reader* body) {
  const auto started = std::chrono::steady_clock::now();
  api::request_context ctx{req, std::move(remote_addr), new_request_id(), secure, {}, body, nullptr};
  std::string_view label;
  response res;
  try {
    res = co_await route(req, ctx, label);
  } catch (const std::exception& e) {
    // A bug: answer 500 rather than drop the connection, and say where.
    spdlog::error("request {} {}: unhandled exception: {}", ctx.request_id, api::target_path(req.target()), e.what());
    res = api::error_response(errc::internal);
    ctx.stream.reset();
  }
  if (req.method() == http::verb::head) {
    without_body(res);
    ctx.stream.reset();
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  res = finish(std::move(res), label, secure, took.count(), req.method_string(), api::target_path(req.target()),
               ctx.remote_addr, ctx.request_id);
  co_return served{std::move(res), std::move(ctx.stream)};
}

response http_service::finish(response res, std::string_view route, bool secure, double seconds,
                              std::string_view method, std::string_view path, std::string_view remote,
                              const std::string& request_id) {
  add_security_headers(res, secure);
  res.set("X-Request-Id", request_id);
  const auto status = res.result_int();
  metrics_.http_requests.with(fmt::format("route={},status=\"{}\"", metrics::label_value(route), status)).inc();
  metrics_.http_request_duration.observe(seconds);
  // Path only: a query string may carry search terms, never logged.
  log_line("http")
      .str("remote", remote)
      .str("method", method)
      .str("path", path)
      .num("status", status)
      .ms("duration_ms", seconds * 1000)
      .str("request_id", request_id)
      .info();
  return res;
}

}  // namespace natter::transport
