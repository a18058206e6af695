#pragma once
// Where a request's body ends must be unambiguous, or a proxy in front and
// natterd could split the same bytes into different requests (request
// smuggling). RFC 9112 §6.3: a Transfer-Encoding other than exactly
// `chunked`, or one together with Content-Length, cannot be framed safely;
// such a request is answered 400 and the connection is closed.
// (Beast itself refuses Content-Length values that disagree.)

#include <optional>
#include <string_view>

#include "transport/http_types.hpp"

namespace natter::transport {

// Why this request header cannot be framed safely, or nothing when it can.
std::optional<std::string_view> framing_problem(const http::request_header<>& header);

}  // namespace natter::transport
