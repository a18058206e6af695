#include "protocol/json_read.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <limits>

#include "common/utf8.hpp"
#include "protocol/codec.hpp"

namespace natter::protocol {

result<boost::json::object> parse_object(std::string_view text, boost::json::storage_ptr sp) {
  boost::json::parse_options options;
  options.max_depth = max_json_depth;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec, std::move(sp), options);
  if (ec) return error(errc::bad_request, "The frame is not valid JSON: " + ec.message() + ".");
  if (!value.is_object()) return error(errc::bad_request, "The frame must be a JSON object.");
  return std::move(value.get_object());
}

error wrong_type(std::string_view expected) {
  return error(errc::bad_request, "must be " + std::string(expected));
}

error item_error(std::size_t index, error e) {
  if (e.field.empty()) e.message = "item " + std::to_string(index) + " " + e.message;
  return e;
}

status read_value(const boost::json::value& v, std::string& out) {
  if (!v.is_string()) return wrong_type("a string");
  const auto& s = v.get_string();
  out.assign(s.data(), s.size());
  return ok;
}

status read_value(const boost::json::value& v, std::int64_t& out) {
  if (v.is_int64()) {
    out = v.get_int64();
    return ok;
  }
  // Boost.JSON stores only integers above INT64_MAX as uint64; those do not fit.
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    out = static_cast<std::int64_t>(v.get_uint64());
    return ok;
  }
  return wrong_type("an integer");
}

status read_value(const boost::json::value& v, int& out) {
  std::int64_t wide = 0;
  if (auto s = read_value(v, wide); !s) return s;
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
    return wrong_type("a 32-bit integer");
  }
  out = static_cast<int>(wide);
  return ok;
}

status read_value(const boost::json::value& v, bool& out) {
  if (!v.is_bool()) return wrong_type("true or false");
  out = v.get_bool();
  return ok;
}

bool has_chars_between(std::string_view s, std::size_t min, std::size_t max) noexcept {
  // A code point takes at most 4 bytes: longer strings cannot fit, and
  // counting them would be wasted work on hostile input.
  if (s.size() < min || s.size() > 4 * max) return false;
  const auto n = count_code_points(s);
  return n >= min && n <= max;
}

const boost::json::value* field_reader::present(std::string_view field) const noexcept {
  const auto* v = object_.if_contains(field);
  return v && !v->is_null() ? v : nullptr;
}

void field_reader::fail(error e) {
  if (!error_) error_ = std::move(e);
}

status field_reader::finish() && {
  if (error_) return std::move(*error_);
  return ok;
}

// Scalar failures get the field's name; nested ones a dotted path, so the
// error points at "message.seq" rather than at "seq" somewhere.
void field_reader::take(std::string_view field, status s) {
  if (s) return;
  error e = std::move(s).err();
  if (e.field.empty()) {
    e.message = std::string(field) + " " + e.message + ".";
    e.field = field;
  } else {
    e.field = std::string(field) + "." + e.field;
  }
  fail(std::move(e));
}

}  // namespace natter::protocol
