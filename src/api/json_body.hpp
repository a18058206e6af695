#pragma once
// Decoding JSON request bodies into fields, with the errors the protocol
// promises: not JSON, not an object, too deep, invalid UTF-8 -> bad_request;
// a field of the wrong type or missing -> bad_request naming the field.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/http.hpp"
#include "common/result.hpp"

namespace natter::api {

inline constexpr unsigned max_json_depth = 16;

// The body as a JSON object. Requires Content-Type application/json.
result<boost::json::object> json_object_body(const transport::request& req);

// A JSON text as an object (depth-limited, strict UTF-8).
result<boost::json::object> parse_json_object(std::string_view text);

// Field accessors. Absent (or null) optional fields are nullopt.
result<std::string> required_string(const boost::json::object& o, std::string_view field);
result<std::optional<std::string>> optional_string(const boost::json::object& o, std::string_view field);
result<std::optional<bool>> optional_bool(const boost::json::object& o, std::string_view field);

}  // namespace natter::api
