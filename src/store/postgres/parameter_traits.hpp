#pragma once
// Lets libpqxx 6 take std::string_view as a statement parameter, through its
// customization point string_traits (std::optional it takes itself: NULL when
// empty). libpqxx 7 brings this itself: drop this header when moving to it.

#include <pqxx/strconv>

#include <string>
#include <string_view>

namespace pqxx {

template <>
struct string_traits<std::string_view> {
  static constexpr const char* name() noexcept { return "std::string_view"; }
  static constexpr bool has_null() noexcept { return false; }
  static bool is_null(std::string_view) { return false; }
  [[noreturn]] static std::string_view null() { internal::throw_null_conversion(name()); }
  static std::string to_string(std::string_view value) { return std::string(value); }
};

}  // namespace pqxx
