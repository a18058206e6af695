#include "api/byte_range.hpp"

#include <charconv>

namespace natter::api {
namespace {

std::optional<std::uint64_t> number(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

byte_range parse_byte_range(std::string_view header, std::uint64_t size) {
  constexpr std::string_view unit = "bytes=";
  if (header.substr(0, unit.size()) != unit) return {};
  const auto spec = header.substr(unit.size());
  if (spec.find(',') != std::string_view::npos) return {};
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const auto from = spec.substr(0, dash);
  const auto to = spec.substr(dash + 1);
  if (from.empty()) {  // the last n bytes
    auto n = number(to);
    if (!n) return {};
    if (*n == 0 || size == 0) return {{}, {}, true};
    return {size - std::min(*n, size), size - 1, false};
  }
  auto first = number(from);
  if (!first) return {};
  std::optional<std::uint64_t> last = size == 0 ? 0 : size - 1;
  if (!to.empty()) {
    last = number(to);
    if (!last || *last < *first) return {};
  }
  if (*first >= size) return {{}, {}, true};
  return {first, std::min(*last, size - 1), false};
}

}  // namespace natter::api
