#include "core/emoji.hpp"

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/utf8.hpp"
#include "protocol/frames.hpp"

namespace natter::core {
namespace {

using code_point = char32_t;

constexpr code_point zwj = 0x200D;
constexpr code_point presentation = 0xFE0F;  // VS16: emoji presentation
constexpr code_point keycap = 0x20E3;
constexpr code_point black_flag = 0x1F3F4;
constexpr code_point tag_end = 0xE007F;
constexpr std::size_t max_elements = 8;

// Unicode's Extended_Pictographic property, by blocks (a superset over
// unassigned code points in them, so that emoji of later Unicode versions
// pass), without the regional indicators and skin-tone modifiers, which have
// their own rules.
constexpr std::array<std::pair<code_point, code_point>, 32> pictographic{{
    {0x00A9, 0x00A9},   {0x00AE, 0x00AE},   {0x203C, 0x203C}, {0x2049, 0x2049}, {0x2122, 0x2122}, {0x2139, 0x2139},
    {0x2194, 0x2199},   {0x21A9, 0x21AA},   {0x231A, 0x231B}, {0x2328, 0x2328}, {0x2388, 0x2388}, {0x23CF, 0x23CF},
    {0x23E9, 0x23F3},   {0x23F8, 0x23FA},   {0x24C2, 0x24C2}, {0x25AA, 0x25AB}, {0x25B6, 0x25B6}, {0x25C0, 0x25C0},
    {0x25FB, 0x25FE},   {0x2600, 0x27BF},   {0x2934, 0x2935}, {0x2B05, 0x2B07}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50},
    {0x2B55, 0x2B55},   {0x3030, 0x3030},   {0x303D, 0x303D}, {0x3297, 0x3297}, {0x3299, 0x3299}, {0x1F000, 0x1F1E5},
    {0x1F200, 0x1F3FA}, {0x1F400, 0x1FAFF},
}};

bool in(code_point c, code_point lo, code_point hi) noexcept {
  return c >= lo && c <= hi;
}
bool is_pictographic(code_point c) noexcept {
  for (auto [lo, hi] : pictographic) {
    if (in(c, lo, hi)) return true;
  }
  return false;
}
bool is_modifier(code_point c) noexcept {
  return in(c, 0x1F3FB, 0x1F3FF);
}
bool is_regional(code_point c) noexcept {
  return in(c, 0x1F1E6, 0x1F1FF);
}
bool is_tag(code_point c) noexcept {
  return in(c, 0xE0020, 0xE007E);
}
bool is_keycap_base(code_point c) noexcept {
  return in(c, '0', '9') || c == '#' || c == '*';
}

// s must be valid UTF-8.
std::vector<code_point> decode(std::string_view s) {
  std::vector<code_point> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    code_point c = n == 1 ? b : b & (0x7F >> n);
    for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(c);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

// One element of a ZWJ sequence from position i; advances i past it.
bool element(const std::vector<code_point>& c, std::size_t& i) {
  if (i >= c.size() || !(is_pictographic(c[i]) || is_modifier(c[i]))) return false;
  const code_point base = c[i++];
  if (i < c.size() && c[i] == presentation) ++i;
  if (i < c.size() && is_modifier(c[i]) && !is_modifier(base)) ++i;
  if (base != black_flag || i >= c.size() || !is_tag(c[i])) return true;
  while (i < c.size() && is_tag(c[i])) ++i;
  return i < c.size() && c[i++] == tag_end;
}

bool flag_or_keycap(const std::vector<code_point>& c) {
  if (c.size() == 2 && is_regional(c[0]) && is_regional(c[1])) return true;
  if (c.empty() || !is_keycap_base(c[0])) return false;
  if (c.size() == 2) return c[1] == keycap;
  return c.size() == 3 && c[1] == presentation && c[2] == keycap;
}

}  // namespace

bool is_emoji(std::string_view s) {
  if (s.empty() || s.size() > protocol::max_emoji_bytes || !is_valid_utf8(s)) return false;
  if (count_code_points(s) > max_emoji_code_points) return false;
  const auto c = decode(s);
  if (flag_or_keycap(c)) return true;
  std::size_t i = 0;
  for (std::size_t elements = 0; elements < max_elements; ++elements) {
    if (!element(c, i)) return false;
    if (i == c.size()) return true;
    if (c[i++] != zwj) return false;
  }
  return false;
}

}  // namespace natter::core
