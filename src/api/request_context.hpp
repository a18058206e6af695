#pragma once

#include <map>
#include <memory>
#include <string>

#include "api/http.hpp"

namespace natter::api {

// One request as the routes see it.
struct request_context {
  const transport::request& req;
  std::string remote_addr;
  std::string request_id;
  bool secure = false;                        // arrived over TLS
  std::map<std::string, std::string> params;  // from {name} segments of the route
  // Routes added with streams_body: the body, to read piece by piece (the
  // request itself then has an empty body).
  transport::body_reader* body = nullptr;
  // Set by a route whose answer's body is too large to hold: the response
  // then carries Content-Length and an empty body, and this gives the body.
  std::unique_ptr<transport::body_source> stream;
};

}  // namespace natter::api
