#pragma once
#include <cstddef>
#include <string_view>

namespace natter {

// True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

// Number of code points in s, which must be valid UTF-8.
std::size_t count_code_points(std::string_view s) noexcept;

}  // namespace natter
