#pragma once
// Text laid out in terminal columns, for the full-screen chat: how wide
// characters are (wcwidth in the current locale: CJK and most emoji take
// two), cutting to a width, and wrapping a message on word boundaries with a
// hanging indent.

#include <string>
#include <string_view>
#include <vector>

#include "clients/cli/inline_format.hpp"

namespace natter::cli {

// Columns a character takes; 0 for one that is never drawn (controls,
// combining marks count as 0 too, as the terminal draws them).
int columns_of(wchar_t c);
int columns_of(std::wstring_view text);

// The text with tabs as spaces and every other control character (newlines
// included) left out: safe to draw on one row.
std::wstring one_row(std::wstring_view text);

// The longest start of one_row(text) that fits in `width` columns.
std::wstring fit(std::wstring_view text, int width);

// Rows of at most `width` columns: `lead` ("10:02 alice: ") starts the first,
// each later one is indented by the lead's width (at most half the width).
// The text breaks between words (a word wider than a row is cut), and at
// each newline, which starts a new indented row. Tabs become spaces, other
// control characters are left out.
std::vector<std::wstring> wrap_hanging(std::wstring_view lead, std::wstring_view text, int width);
// The same for styled text; every character keeps its style (the lead and
// the indent are plain).
std::vector<styled_text> wrap_hanging(std::wstring_view lead, const styled_text& text, int width);

}  // namespace natter::cli
