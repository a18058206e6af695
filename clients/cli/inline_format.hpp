#pragma once
// Message text as the full-screen chat shows it: the Markdown subset of
// docs/protocol.md ("Formatting") turned into styled characters. The markers
// go; what they mark keeps a style the screen draws with terminal attributes
// (bold, italic, code, struck, link, quote). Anything that does not parse is
// shown as typed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace natter::cli {

enum text_style : std::uint8_t {
  style_plain = 0,
  style_bold = 1U << 0U,
  style_italic = 1U << 1U,
  style_code = 1U << 2U,
  style_struck = 1U << 3U,
  style_link = 1U << 4U,
  style_quote = 1U << 5U,
};

// Characters with one style each (styles[i] belongs to text[i]).
struct styled_text {
  std::wstring text;
  std::vector<std::uint8_t> styles;

  void push(wchar_t c, std::uint8_t style) {
    text.push_back(c);
    styles.push_back(style);
  }
  void append(std::wstring_view s, std::uint8_t style) {
    for (wchar_t c : s) push(c, style);
  }
  bool operator==(const styled_text&) const = default;
};

// The whole message: fenced code blocks, "> " quotes, and inline markup on
// every other line. Newlines stay (the wrapper starts a row at each).
styled_text format_message(std::wstring_view source);

}  // namespace natter::cli
