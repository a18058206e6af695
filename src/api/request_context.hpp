#pragma once

#include <map>
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
};

}  // namespace natter::api
