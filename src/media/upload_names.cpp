#include "media/upload_names.hpp"

#include <algorithm>

#include "common/utf8.hpp"

namespace natter::media {

namespace {

bool is_name_char_allowed(char32_t c) {
  return c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != '"' && c != '\\' && c != '/' && c != 0x2028 &&
         c != 0x2029;
}

}  // namespace

std::string safe_file_name(std::string_view name) {
  if (!is_valid_utf8(name)) return "file";
  // The last path segment only: "../../etc/passwd" is "passwd".
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const auto lead = static_cast<unsigned char>(name[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    char32_t c = n == 1 ? lead : lead & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(name[i + k]) & 0x3f);
    if (is_name_char_allowed(c) && out.size() + n <= 255) out.append(name.substr(i, n));
    i += n;
  }
  // Not hidden, not "." or "..": a name, not a path.
  const auto first = out.find_first_not_of(". ");
  out = first == std::string::npos ? std::string() : out.substr(first);
  return out.empty() ? std::string("file") : out;
}

bool valid_upload_id(std::string_view id) noexcept {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace natter::media
