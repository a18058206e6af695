#pragma once
// Turns one parsed HTTP request into one response: routing, the JSON 404/405
// answers, static files, security headers, a request id, metrics and the
// request log line. Runs on the connection's strand.

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>

#include "api/router.hpp"
#include "common/metrics.hpp"
#include "transport/http_types.hpp"
#include "transport/static_files.hpp"

namespace natter::transport {

class http_service {
 public:
  http_service(const api::router& routes, metrics::registry& metrics, std::optional<static_files> web);

  // A response, and for a streamed answer (a download) what gives its body.
  struct served {
    response res;
    std::unique_ptr<body_source> stream;
  };
  // body: for a route that streams its body (streams_body), the reader of it.
  boost::asio::awaitable<served> handle(const request& req, std::string remote_addr, bool secure,
                                        body_reader* body = nullptr);

  // Whether the request's route reads its body itself (then the session
  // hands it a body_reader instead of reading the body first).
  bool streams_body(const http::request_header<>& header) const;

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
