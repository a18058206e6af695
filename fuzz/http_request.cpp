// The bytes of an HTTP connection, read as natterd reads them: Beast's request
// parser with transport's header and body limits, one parser per request,
// pipelined requests read one after the other while the connection is kept
// alive. Each parsed request then goes through what natterd does with user
// input before a handler's core call: the target's path, the route match, the
// query parameters and the JSON body.
//
// The route table mirrors api::add_auth_routes, add_recovery_routes, add_email_routes,
// add_user_routes, add_session_routes, add_deletion_route, add_export_route and
// add_health_routes (src/api/routes.hpp): those need the accounts service and
// the database to register their handlers, and matching only looks at the
// patterns.
//
// Properties: no crash or sanitizer report; nothing the parser hands over
// exceeds the limits; every body's length is determined one way only, by
// Content-Length or by a lone chunked coding (no request smuggling shape is
// accepted: see transport/request_framing.hpp);
// the path is the target up to its query string; a match has a route and a
// non-empty, slash-free value for every placeholder.

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "api/json_body.hpp"
#include "api/router.hpp"
#include "fuzz_check.hpp"
#include "transport/http_session.hpp"
#include "transport/request_framing.hpp"

namespace {

using namespace natter;
namespace http = transport::http;
using fuzz::check;

const api::router& route_table() {
  static const api::router table = [] {
    api::router r;
    for (auto path : {"/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout",
                      "/api/v1/me/password", "/api/v1/auth/password-reset", "/api/v1/auth/password-reset/confirm",
                      "/api/v1/auth/email/confirm", "/api/v1/me/email/verify"}) {
      r.add(http::verb::post, path, {});
    }
    for (auto path : {"/api/v1/me", "/api/v1/users", "/api/v1/users/{username}", "/healthz", "/readyz", "/metrics",
                      "/api/v1/me/sessions", "/api/v1/me/export"}) {
      r.add(http::verb::get, path, {});
    }
    for (auto path : {"/api/v1/me", "/api/v1/me/sessions", "/api/v1/me/sessions/{id}"}) {
      r.add(http::verb::delete_, path, {});
    }
    r.add(http::verb::patch, "/api/v1/me", {});
    r.add(http::verb::get, "/api/v1/server", {});
    // --- administration (api/admin_routes.cpp) ---
    for (auto path : {"/api/v1/admin/users", "/api/v1/admin/users/{username}", "/api/v1/admin/rooms",
                      "/api/v1/admin/groups", "/api/v1/admin/audit", "/api/v1/admin/invites"}) {
      r.add(http::verb::get, path, {});
    }
    for (auto path : {"/api/v1/admin/users/{username}/disable", "/api/v1/admin/users/{username}/enable",
                      "/api/v1/admin/users/{username}/password", "/api/v1/admin/users/{username}/password-reset",
                      "/api/v1/admin/invites"}) {
      r.add(http::verb::post, path, {});
    }
    for (auto path : {"/api/v1/admin/users/{username}", "/api/v1/admin/rooms/{name}", "/api/v1/admin/invites/{id}",
                      "/api/v1/admin/groups/{id}"}) {
      r.add(http::verb::delete_, path, {});
    }
    // --- end administration ---
    return r;
  }();
  return table;
}

// The routes' body fields, read the way the handlers read them.
void read_body(const transport::request& req) {
  auto body = api::json_object_body(req);
  if (!body) {
    (void)api::error_response(body.err());
    return;
  }
  for (auto field : {"email", "username", "password", "display_name", "login", "refresh_token", "bio",
                     "current_password", "new_password", "token", "invite"}) {
    auto value = api::required_string(*body, field);
    if (!value) (void)api::error_response(value.err());
  }
  (void)api::optional_bool(*body, "all");
}

// False when the connection is handed to a WebSocket session.
bool route(const transport::request& req) {
  const std::string_view target = req.target();
  const auto path = api::target_path(target);
  check(target.substr(0, path.size()) == path && path.find('?') == std::string_view::npos &&
            (path.size() == target.size() || target[path.size()] == '?'),
        "target_path is the target up to its first '?'");
  if (boost::beast::websocket::is_upgrade(req) && path == "/ws") return false;

  api::request_context ctx{req, "192.0.2.1", "0000000000000000", false, {}, nullptr, nullptr};
  const auto match = route_table().find(req.method(), path, ctx);
  check(match.path_exists == !match.pattern.empty(), "a known path names its route");
  check(match.target == nullptr || match.path_exists, "a matched handler belongs to a known path");
  for (const auto& [name, value] : ctx.params) {
    check(!value.empty() && value.find('/') == std::string::npos, "a placeholder takes one non-empty segment");
  }
  for (auto name : {"limit", "prefix", "after"}) (void)api::query_param(target, name);
  read_body(req);
  return true;
}

using request_parser = http::request_parser<http::string_body>;

// Feeds bytes from used on until done(); false when the input ends first
// (natterd would wait for more, then time out) or the parser refuses it
// (natterd answers 400, 413 or 431 and closes the connection).
template <class Done>
bool feed(request_parser& parser, std::string_view bytes, std::size_t& used, Done done) {
  boost::beast::error_code ec;
  while (!done()) {
    if (used == bytes.size()) return false;
    const auto n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec || n == 0) return false;  // need_more or nothing taken: natterd would read more
  }
  return true;
}

// One request from the front of bytes, as async_read_header and then
// async_read take it from the connection's buffer (transport/
// http_connection.hpp). The bytes it used, or nothing when it is incomplete
// or refused.
std::optional<std::size_t> read_request(std::string_view bytes, const transport::http_limits& limits,
                                        transport::request& out) {
  request_parser parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
  parser.body_limit(limits.body_limit);
  parser.eager(false);
  std::size_t used = 0;
  if (!feed(parser, bytes, used, [&] { return parser.is_header_done(); })) return std::nullopt;
  if (transport::framing_problem(parser.get())) return std::nullopt;  // 400, and the connection closes
  parser.eager(true);
  if (!feed(parser, bytes, used, [&] { return parser.is_done(); })) return std::nullopt;
  out = parser.release();
  check(out.body().size() <= limits.body_limit, "the body limit holds");
  const bool has_length = out.count(http::field::content_length) > 0;
  const bool has_coding = out.count(http::field::transfer_encoding) > 0;
  check(!(has_length && has_coding), "a body is framed by Content-Length or by chunked coding, never both");
  if (has_coding) {
    std::string_view coding = out[http::field::transfer_encoding];
    const auto first = coding.find_first_not_of(" \t");
    coding = first == std::string_view::npos ? std::string_view()
                                             : coding.substr(first, coding.find_last_not_of(" \t") - first + 1);
    check(out.count(http::field::transfer_encoding) == 1 && out.chunked() && out.version() >= 11 &&
              boost::beast::iequals(coding, "chunked"),
          "a Transfer-Encoding is one chunked coding in HTTP/1.1");
  }
  return used;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const transport::http_limits limits;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  while (!bytes.empty()) {
    transport::request req;
    const auto used = read_request(bytes, limits, req);
    if (!used) break;
    check(*used > 0 && *used <= bytes.size(), "a request consumes input");
    if (!route(req) || !req.keep_alive()) break;
    bytes.remove_prefix(*used);
  }
  return 0;
}
