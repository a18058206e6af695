#pragma once
// Reading JSON values into frame fields, strict about types: integers must be
// JSON integers that fit in int64 (1.5 and "1" are rejected), strings must be
// strings. Every failure is errc::bad_request; field_reader names the field at
// fault so the error reply can point at it.

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace natter::protocol {

// The frame as a JSON object, allocated from sp. Errors: bad_request when it
// is not JSON, nested deeper than max_json_depth, or not an object.
result<boost::json::object> parse_object(std::string_view text, boost::json::storage_ptr sp);

// One JSON value into one C++ value. For scalars a failure carries an empty
// field and a message like "must be a string" (the caller knows the name);
// for objects it names the inner field.
status read_value(const boost::json::value& v, std::string& out);
status read_value(const boost::json::value& v, std::int64_t& out);
status read_value(const boost::json::value& v, int& out);
status read_value(const boost::json::value& v, bool& out);

// A frame struct with `status read_fields(const boost::json::object&, T&)`,
// found by argument-dependent lookup.
template <class T>
concept readable_object = requires(const boost::json::object& o, T& t) {
  { read_fields(o, t) } -> std::same_as<status>;
};

error wrong_type(std::string_view expected);
// An array item's failure, saying which item.
error item_error(std::size_t index, error e);

template <readable_object T>
status read_value(const boost::json::value& v, T& out) {
  if (!v.is_object()) return wrong_type("an object");
  return read_fields(v.get_object(), out);
}

template <class T>
status read_value(const boost::json::value& v, std::vector<T>& out) {
  if (!v.is_array()) return wrong_type("an array");
  const auto& items = v.get_array();
  out.clear();
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (auto s = read_value(items[i], out.emplace_back()); !s) return item_error(i, std::move(s).err());
  }
  return ok;
}

// Whether s (valid UTF-8) has between min and max code points.
bool has_chars_between(std::string_view s, std::size_t min, std::size_t max) noexcept;

// Reads the fields of one object in turn and keeps the first failure; reads
// after a failure do nothing, so decoders are straight-line code.
class field_reader {
 public:
  explicit field_reader(const boost::json::object& o) noexcept : object_(o) {}

  // Absent or null: bad_request "<field> is required.".
  template <class T>
  field_reader& required(std::string_view field, T& out) {
    if (failed()) return *this;
    if (const auto* v = present(field)) {
      take(field, read_value(*v, out));
    } else {
      fail(error(errc::bad_request, std::string(field) + " is required.", std::string(field)));
    }
    return *this;
  }

  // Absent or null: nullopt.
  template <class T>
  field_reader& optional(std::string_view field, std::optional<T>& out) {
    if (failed()) return *this;
    out.reset();
    if (const auto* v = present(field)) take(field, read_value(*v, out.emplace()));
    return *this;
  }

  // Absent or null: out keeps the value it has (the field's default).
  template <class T>
  field_reader& defaulted(std::string_view field, T& out) {
    if (failed()) return *this;
    if (const auto* v = present(field)) take(field, read_value(*v, out));
    return *this;
  }

  // The field's value, or nullptr when it is absent or null.
  const boost::json::value* present(std::string_view field) const noexcept;

  bool failed() const noexcept { return error_.has_value(); }
  // Records e unless an earlier failure is already recorded.
  void fail(error e);
  status finish() &&;

 private:
  void take(std::string_view field, status s);

  const boost::json::object& object_;
  std::optional<error> error_;
};

}  // namespace natter::protocol
