#include "common/utf8.hpp"

namespace natter {
namespace {

bool is_continuation(unsigned char c) noexcept {
  return (c & 0xC0u) == 0x80u;
}

// Length of the well-formed sequence starting at s[i], or 0 when it is not
// one. Follows the table of well-formed byte sequences in Unicode 15, §3.9
// (table 3-7): the second byte's range is narrowed after E0, ED, F0 and F4 so
// that overlongs, surrogates and code points past U+10FFFF are all rejected
// without decoding.
std::size_t sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80u) return 1;

  std::size_t length = 0;
  unsigned char second_min = 0x80u;
  unsigned char second_max = 0xBFu;
  if (lead >= 0xC2u && lead <= 0xDFu) {
    length = 2;
  } else if (lead >= 0xE0u && lead <= 0xEFu) {
    length = 3;
    if (lead == 0xE0u) second_min = 0xA0u;  // below: overlong
    if (lead == 0xEDu) second_max = 0x9Fu;  // above: surrogates
  } else if (lead >= 0xF0u && lead <= 0xF4u) {
    length = 4;
    if (lead == 0xF0u) second_min = 0x90u;  // below: overlong
    if (lead == 0xF4u) second_max = 0x8Fu;  // above: past U+10FFFF
  } else {
    return 0;  // stray continuation, C0/C1 overlong lead, or F5..FF
  }

  if (s.size() - i < length) return 0;
  const auto second = static_cast<unsigned char>(s[i + 1]);
  if (second < second_min || second > second_max) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!is_continuation(static_cast<unsigned char>(s[i + k]))) return 0;
  }
  return length;
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t length = sequence_length(s, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::size_t count_code_points(std::string_view s) noexcept {
  // Every code point has exactly one byte that is not a continuation byte.
  std::size_t count = 0;
  for (const char c : s) {
    if (!is_continuation(static_cast<unsigned char>(c))) ++count;
  }
  return count;
}

}  // namespace natter
