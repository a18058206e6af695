#pragma once
// Routes requests by method and path. Patterns are literal segments and
// {name} placeholders, matched against the path without its query string.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/request_context.hpp"

namespace natter::api {

using handler = std::function<boost::asio::awaitable<transport::response>(request_context&)>;

class router {
 public:
  // streams_body: the route reads its body itself, through ctx.body (for
  // bodies larger than --max-body-bytes: uploads).
  void add(http::verb method, std::string pattern, handler h, bool streams_body = false);

  // Whether the route for this request reads its body itself.
  bool streams_body(http::verb method, std::string_view path) const;

  struct match {
    const api::handler* target = nullptr;  // null: no route (see path_exists)
    std::string_view pattern;              // the matched route, for metrics; empty if none
    bool path_exists = false;              // some route has this path: answer 405, not 404
  };
  // Fills ctx.params on a match. A HEAD request matches the GET route of its
  // path when there is no HEAD route (the caller drops the body).
  match find(http::verb method, std::string_view path, request_context& ctx) const;

 private:
  struct route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    handler h;
    bool streams_body = false;
  };
  static bool matches(const route& r, const std::vector<std::string_view>& path,
                      std::map<std::string, std::string>* params);
  std::vector<route> routes_;
};

// The path of a request target, without its query string.
std::string_view target_path(std::string_view target);

// The decoded value of a query parameter, or empty.
std::string query_param(std::string_view target, std::string_view name);

}  // namespace natter::api
