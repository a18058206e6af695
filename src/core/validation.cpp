#include "core/validation.hpp"

#include <algorithm>
#include <string>

#include "common/utf8.hpp"

namespace natter::core {
namespace {

constexpr std::size_t min_username_chars = 3;
constexpr std::size_t max_username_chars = 32;

bool is_ascii_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Printable ASCII without the space: what an address may contain here. We do
// not accept internationalised addresses or quoted local parts.
bool is_email_char(char c) noexcept {
  return c > ' ' && c < '\x7f';
}

bool is_domain_label(std::string_view label) noexcept {
  if (label.empty() || label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) { return is_ascii_alnum(c) || c == '-'; });
}

bool is_domain(std::string_view domain) noexcept {
  if (domain.find('.') == std::string_view::npos) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label = domain.substr(start, dot - start);
    if (!is_domain_label(label)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_username_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// C0 controls, DEL, and the C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F).
// s must be valid UTF-8. allow_newline admits '\n' only, not '\r' or tabs.
bool has_control_chars(std::string_view s, bool allow_newline) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n' && allow_newline) continue;
    if (c < 0x20u || c == 0x7Fu) return true;
    if (c == 0xC2u && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80u && next <= 0x9Fu) return true;
    }
  }
  return false;
}

struct text_rules {
  std::string_view field;  // wire name, e.g. "display_name"
  std::string_view label;  // for messages, e.g. "Display name"
  std::size_t max_chars;
  bool allow_newline;
};

// Shared checks for free text: valid UTF-8, at most max_chars code points, and
// no control characters other than the allowed newline.
status validate_text(std::string_view text, const text_rules& rules) {
  const std::string field(rules.field);
  const std::string label(rules.label);
  if (!is_valid_utf8(text)) return validation_error(field, label + " is not valid UTF-8.");
  if (count_code_points(text) > rules.max_chars) {
    return validation_error(field, label + " must be at most " + std::to_string(rules.max_chars) + " characters.");
  }
  if (has_control_chars(text, rules.allow_newline)) {
    return validation_error(field, label + " must not contain control characters.");
  }
  return ok;
}

// Decodes the code point at s[i] (s valid UTF-8) and advances i past it.
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
  const auto lead = static_cast<unsigned char>(s[i]);
  const int extra = lead < 0x80u ? 0 : lead < 0xE0u ? 1 : lead < 0xF0u ? 2 : 3;
  char32_t cp = extra == 0 ? lead : lead & (0x3Fu >> extra);
  for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

// Characters that show nothing on their own: controls, Unicode White_Space,
// zero-width and joiner characters, bidi controls, variation selectors, tags,
// and the blank "filler" letters often used to fake an empty name.
bool is_invisible(char32_t c) noexcept {
  static constexpr std::pair<char32_t, char32_t> ranges[] = {
      {0x0000, 0x0020}, {0x007F, 0x00A0}, {0x00AD, 0x00AD}, {0x034F, 0x034F},   {0x061C, 0x061C},
      {0x115F, 0x1160}, {0x1680, 0x1680}, {0x17B4, 0x17B5}, {0x180B, 0x180F},   {0x2000, 0x200F},
      {0x2028, 0x202F}, {0x205F, 0x206F}, {0x2800, 0x2800}, {0x3000, 0x3000},   {0x3164, 0x3164},
      {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
  };
  for (auto [first, last] : ranges) {
    if (c >= first && c <= last) return true;
  }
  return false;
}

bool has_visible_char(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    if (!is_invisible(next_code_point(s, i))) return true;
  }
  return false;
}

}  // namespace

std::string normalize_username(std::string_view username) {
  std::string out(username);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

status validate_email(std::string_view email) {
  if (email.empty()) return validation_error("email", "Email is required.");
  if (email.size() > max_email_bytes) {
    return validation_error("email", "Email must be at most " + std::to_string(max_email_bytes) + " bytes.");
  }
  if (!std::all_of(email.begin(), email.end(), is_email_char)) {
    return validation_error("email", "Email must contain only printable ASCII characters and no spaces.");
  }
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return validation_error("email", "Email must contain exactly one '@'.");
  }
  if (at == 0) return validation_error("email", "Email needs a name before the '@'.");
  if (!is_domain(email.substr(at + 1))) {
    return validation_error("email", "Email needs a domain such as example.com after the '@'.");
  }
  return ok;
}

status validate_username(std::string_view username) {
  if (username.size() < min_username_chars || username.size() > max_username_chars) {
    return validation_error("username", "Username must be " + std::to_string(min_username_chars) + " to " +
                                            std::to_string(max_username_chars) + " characters long.");
  }
  if (!std::all_of(username.begin(), username.end(), is_username_char)) {
    return validation_error("username", "Username may contain only lower-case letters, digits, '_', '.' and '-'.");
  }
  return ok;
}

status validate_new_username(std::string_view username) {
  if (auto s = validate_username(username); !s) return s;
  // The names of deleted accounts (core/accounts_deletion.hpp).
  if (username.starts_with("deleted-"))
    return validation_error("username", "Username may not start with \"deleted-\".");
  return ok;
}

status validate_password(std::string_view password, std::string_view field) {
  const std::string name(field);
  if (!is_valid_utf8(password)) return validation_error(name, "Password is not valid UTF-8.");
  const std::size_t chars = count_code_points(password);
  if (chars < min_password_chars || chars > max_password_chars) {
    return validation_error(name, "Password must be " + std::to_string(min_password_chars) + " to " +
                                      std::to_string(max_password_chars) + " characters long.");
  }
  return ok;
}

status validate_display_name(std::string_view name) {
  return validate_text(name, {"display_name", "Display name", max_display_name_chars, false});
}

status validate_bio(std::string_view bio) {
  return validate_text(bio, {"bio", "Bio", max_bio_chars, true});
}

status validate_message_text(std::string_view text, std::size_t max_chars) {
  if (text.empty()) return validation_error("text", "A message needs text.");
  if (!is_valid_utf8(text)) return validation_error("text", "Text is not valid UTF-8.");
  if (text.find('\0') != std::string_view::npos) {
    return validation_error("text", "A message must not contain NUL characters.");
  }
  if (count_code_points(text) > max_chars) return errc::message_too_long;
  if (!has_visible_char(text)) return validation_error("text", "A message needs visible text.");
  return ok;
}

}  // namespace natter::core
