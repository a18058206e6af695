#include "clients/cli/media_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace natter::cli {

std::string human_size(std::int64_t bytes) {
  if (bytes < 1000) return std::to_string(std::max<std::int64_t>(bytes, 0)) + " B";
  static constexpr const char* units[] = {"KB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes);
  char text[32];
  for (const char* unit : units) {
    value /= 1000;
    if (value < 9.95) {
      std::snprintf(text, sizeof text, "%.1f %s", value, unit);
      return text;
    }
    if (std::round(value) < 1000) {
      std::snprintf(text, sizeof text, "%.0f %s", std::round(value), unit);
      return text;
    }
  }
  std::snprintf(text, sizeof text, "%.0f PB", std::round(value));
  return text;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) < 0xa0;
    if (c < 0x20 || c == 0x7f || c1) {
      out += '?';
      if (c1) ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string attachment_label(const protocol::media& m) {
  if (m.id.empty()) return "[a file that could not be read]";  // an encrypted message's bad entry
  std::string out = "[" + printable(m.kind);
  if (m.width && m.height) out += " " + std::to_string(*m.width) + "×" + std::to_string(*m.height);
  return out + " " + printable(m.name) + " " + human_size(m.size) + "]";
}

std::string with_attachments(std::string first, const protocol::message& m) {
  if (m.deleted) return first;
  while (!first.empty() && first.back() == ' ') first.pop_back();
  for (const auto& a : m.attachments) first += "\n  " + attachment_label(a) + " " + printable(a.id);
  return first;
}

}  // namespace natter::cli
