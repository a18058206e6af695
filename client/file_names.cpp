#include "client/file_names.hpp"

#include <cctype>
#include <optional>

namespace natter::client {

namespace {

constexpr std::size_t max_name_bytes = 255;

// The code point of the UTF-8 sequence at text[at] and its length, or
// nothing for an invalid (or overlong, or surrogate) sequence.
std::optional<std::pair<char32_t, std::size_t>> decode_at(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return std::pair{char32_t{lead}, std::size_t{1}};
  const std::size_t n = lead >= 0xc2 && lead <= 0xdf   ? 2
                        : lead >= 0xe0 && lead <= 0xef ? 3
                        : lead >= 0xf0 && lead <= 0xf4 ? 4
                                                       : 0;
  if (n == 0 || at + n > text.size()) return std::nullopt;
  char32_t c = lead & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xc0) != 0x80) return std::nullopt;
    c = (c << 6) | (next & 0x3f);
  }
  const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < least[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return std::nullopt;
  return std::pair{c, n};
}

// Controls, line separators, and the bidi controls that could make
// "photo<RLO>gpj.exe" look like a picture.
bool shown_in_names(char32_t c) {
  if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return false;
  if (c == 0x200e || c == 0x200f || c == 0x2028 || c == 0x2029) return false;
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool same_letters(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// One parameter of a header value at `at` (just after a ';'): its name and
// its value (a quoted string unquoted); `at` moves past it.
std::pair<std::string, std::string> next_parameter(std::string_view header, std::size_t& at) {
  while (at < header.size() && (header[at] == ' ' || header[at] == '\t')) ++at;
  const auto equals = header.find_first_of("=;", at);
  std::string name(header.substr(at, equals == std::string_view::npos ? header.npos : equals - at));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (equals == std::string_view::npos || header[equals] == ';') {
    at = equals == std::string_view::npos ? header.size() : equals + 1;
    return {name, {}};
  }
  at = equals + 1;
  std::string value;
  if (at < header.size() && header[at] == '"') {
    for (++at; at < header.size() && header[at] != '"'; ++at) {
      if (header[at] == '\\' && at + 1 < header.size()) ++at;
      value += header[at];
    }
    const auto semicolon = header.find(';', at);
    at = semicolon == std::string_view::npos ? header.size() : semicolon + 1;
  } else {
    const auto semicolon = header.find(';', at);
    value = std::string(header.substr(at, semicolon == std::string_view::npos ? header.npos : semicolon - at));
    while (!value.empty() && value.back() == ' ') value.pop_back();
    at = semicolon == std::string_view::npos ? header.size() : semicolon + 1;
  }
  return {name, value};
}

}  // namespace

std::string local_file_name(std::string_view name) {
  const auto separator = name.find_last_of("/\\");
  if (separator != std::string_view::npos) name = name.substr(separator + 1);
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const auto decoded = decode_at(name, i);
    if (!decoded) {
      ++i;
      continue;
    }
    const auto [c, n] = *decoded;
    const bool leading = out.empty() && (c == '.' || c == ' ');
    if (shown_in_names(c) && !leading && out.size() + n <= max_name_bytes) out.append(name.substr(i, n));
    i += n;
  }
  return out.empty() ? std::string("file") : out;
}

std::string disposition_file_name(std::string_view header) {
  const auto first = header.find(';');
  if (first == std::string_view::npos) return {};
  std::string plain;
  std::string extended;
  for (std::size_t at = first + 1; at < header.size();) {
    auto [name, value] = next_parameter(header, at);
    if (same_letters(name, "filename")) plain = value;
    if (same_letters(name, "filename*")) {
      // charset'language'percent-encoded
      const auto quote = value.find('\'');
      const auto second = quote == std::string::npos ? quote : value.find('\'', quote + 1);
      if (second != std::string::npos) extended = percent_decoded(std::string_view(value).substr(second + 1));
    }
  }
  return extended.empty() ? plain : extended;
}

std::string percent_encoded(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0x0f];
    }
  }
  return out;
}

}  // namespace natter::client
