#pragma once
// Turns one parsed HTTP request into one response: routing, the JSON 404/405
// answers, static files, security headers, a request id, metrics and the
// request log line. Runs on the connection's strand.

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "api/router.hpp"
#include "common/metrics.hpp"
#include "transport/http_types.hpp"
#include "transport/static_files.hpp"

namespace natter::transport {

class http_service {
 public:
  http_service(const api::router& routes, metrics::registry& metrics, std::optional<static_files> web);

  boost::asio::awaitable<response> handle(const request& req, std::string remote_addr, bool secure);

  // For requests the session answers itself (body too large, unparsable):
  // adds the headers and counts it like any other response.
  response finish(response res, std::string_view route, bool secure, double seconds, std::string_view method,
                  std::string_view path, std::string_view remote, const std::string& request_id);

  static std::string new_request_id();

 private:
  boost::asio::awaitable<response> route(const request& req, api::request_context& ctx, std::string_view& route_label);

  const api::router& routes_;
  metrics::registry& metrics_;
  std::optional<static_files> web_;
};

}  // namespace natter::transport
