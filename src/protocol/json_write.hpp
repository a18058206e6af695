#pragma once
// Building JSON for frames. Every value is allocated from the storage of the
// object it goes into (a json_arena when encoding), and moved, never copied.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/string_view.hpp>
#include <boost/json/value.hpp>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace natter::protocol {

inline boost::json::value to_json(std::int64_t v, const boost::json::storage_ptr& sp) {
  return boost::json::value(v, sp);
}
inline boost::json::value to_json(int v, const boost::json::storage_ptr& sp) {
  return boost::json::value(v, sp);
}
inline boost::json::value to_json(bool v, const boost::json::storage_ptr& sp) {
  return boost::json::value(v, sp);
}
inline boost::json::value to_json(std::string_view v, const boost::json::storage_ptr& sp) {
  return boost::json::value(boost::json::string_view(v.data(), v.size()), sp);
}
// Without this a string literal would pick the bool overload.
inline boost::json::value to_json(const char* v, const boost::json::storage_ptr& sp) {
  return to_json(std::string_view(v), sp);
}

// A frame struct with `void write_fields(boost::json::object&, const T&)`,
// found by argument-dependent lookup.
template <class T>
concept writable_object = requires(boost::json::object& o, const T& t) {
  write_fields(o, t);
};

template <writable_object T>
boost::json::value to_json(const T& v, const boost::json::storage_ptr& sp) {
  boost::json::object o(sp);
  write_fields(o, v);
  return boost::json::value(std::move(o));
}

// Absent optionals are written as null.
template <class T>
boost::json::value to_json(const std::optional<T>& v, const boost::json::storage_ptr& sp) {
  return v ? to_json(*v, sp) : boost::json::value(nullptr, sp);
}

template <class T>
boost::json::value to_json(const std::vector<T>& items, const boost::json::storage_ptr& sp) {
  boost::json::array a(sp);
  a.reserve(items.size());
  for (const auto& item : items) a.push_back(to_json(item, sp));
  return boost::json::value(std::move(a));
}

template <class T>
void put(boost::json::object& o, std::string_view key, const T& v) {
  o.emplace(boost::json::string_view(key.data(), key.size()), to_json(v, o.storage()));
}

// For fields the protocol omits, rather than nulls, when absent.
template <class T>
void put_present(boost::json::object& o, std::string_view key, const std::optional<T>& v) {
  if (v) put(o, key, *v);
}

// An empty object stored under key, to be filled in place.
inline boost::json::object& put_object(boost::json::object& o, std::string_view key) {
  auto inserted = o.emplace(boost::json::string_view(key.data(), key.size()), boost::json::object(o.storage()));
  return inserted.first->value().get_object();
}

}  // namespace natter::protocol
