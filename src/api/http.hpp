#pragma once
// Response builders for the routes. JSON bodies only. The HTTP messages
// themselves are transport's (transport/http_types.hpp).

#include <boost/json/value.hpp>

#include "common/error.hpp"
#include "transport/http_types.hpp"

namespace natter::api {

namespace http = transport::http;  // status codes, fields, verbs

// A JSON response with the given status.
transport::response json_response(http::status status, const boost::json::value& body);

// The catalogue's status and {"error":{code,message,field?,retry_after?}}; adds
// Retry-After when the error has one.
transport::response error_response(const error& err);

// 204 No Content.
transport::response no_content();

}  // namespace natter::api
