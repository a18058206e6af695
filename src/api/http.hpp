#pragma once
// HTTP types and response builders for the routes. JSON bodies only.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>

#include "common/error.hpp"

namespace natter::api {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// A JSON response with the given status.
response json_response(http::status status, const boost::json::value& body);

// The catalogue's status and {"error":{code,message,field?,retry_after?}}; adds
// Retry-After when the error has one.
response error_response(const error& err);

// 204 No Content.
response no_content();

}  // namespace natter::api
