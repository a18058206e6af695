#include "api/json_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

namespace natter::api {

result<boost::json::object> parse_json_object(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = max_json_depth;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec, {}, options);
  if (ec) return error(errc::bad_request, "The body is not valid JSON: " + ec.message() + ".");
  if (!value.is_object()) return error(errc::bad_request, "The body must be a JSON object.");
  return std::move(value.as_object());
}

result<boost::json::object> json_object_body(const transport::request& req) {
  auto type = req[http::field::content_type];
  if (type.substr(0, type.find(';')) != "application/json") return errc::unsupported_media_type;
  return parse_json_object(req.body());
}

static error wrong_type(std::string_view field, std::string_view expected) {
  return error(errc::bad_request, std::string(field) + " must be " + std::string(expected) + ".", std::string(field));
}

result<std::optional<std::string>> optional_string(const boost::json::object& o, std::string_view field) {
  auto it = o.find(field);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>{};
  if (!it->value().is_string()) return wrong_type(field, "a string");
  const auto& s = it->value().get_string();
  return std::optional<std::string>(std::string(s.data(), s.size()));
}

result<std::string> required_string(const boost::json::object& o, std::string_view field) {
  auto value = optional_string(o, field);
  if (!value) return std::move(value).err();
  if (!*value) return error(errc::bad_request, std::string(field) + " is required.", std::string(field));
  return std::move(**value);
}

result<std::optional<bool>> optional_bool(const boost::json::object& o, std::string_view field) {
  auto it = o.find(field);
  if (it == o.end() || it->value().is_null()) return std::optional<bool>{};
  if (!it->value().is_bool()) return wrong_type(field, "true or false");
  return std::optional<bool>(it->value().get_bool());
}

}  // namespace natter::api
