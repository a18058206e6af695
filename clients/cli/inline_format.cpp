#include "clients/cli/inline_format.hpp"

#include <cwctype>

namespace natter::cli {

namespace {

bool is_word(wchar_t c) {
  return std::iswalnum(static_cast<wint_t>(c)) != 0;
}
bool is_space(wchar_t c) {
  return std::iswspace(static_cast<wint_t>(c)) != 0;
}

// One line of inline markup, rendered into `out` with `base` added to every
// style. Recursion only goes into what a pair of markers encloses, so depth
// is bounded by the number of different markers (each opens once per path).
class inline_parser {
 public:
  inline_parser(std::wstring_view line, styled_text& out) : line_(line), out_(out) {}

  void run(std::size_t from, std::size_t to, std::uint8_t base) {
    std::size_t i = from;
    while (i < to) {
      if (const std::size_t next = try_markup(i, to, base); next != i) {
        i = next;
        continue;
      }
      if (line_[i] == L'\\' && i + 1 < to && std::iswpunct(static_cast<wint_t>(line_[i + 1]))) ++i;
      out_.push(line_[i], base);
      ++i;
    }
  }

 private:
  // Renders markup starting at i and returns where it ends, or i when there
  // is none.
  std::size_t try_markup(std::size_t i, std::size_t to, std::uint8_t base) {
    const wchar_t c = line_[i];
    if (c == L'`') return code_span(i, to, base);
    if (c == L'[') return link(i, to, base);
    if (c == L'*' || c == L'_' || c == L'~') {
      for (const auto& d : delimiters) {
        if ((base & d.style) != 0 || !line_.substr(i, to - i).starts_with(d.marker)) continue;
        if (const std::size_t end = emphasis(i, to, base, d.marker, d.style); end != i) return end;
      }
    }
    return i;
  }

  std::size_t code_span(std::size_t i, std::size_t to, std::uint8_t base) {
    const std::size_t close = line_.substr(0, to).find(L'`', i + 1);
    if (close == std::wstring_view::npos || close == i + 1) return i;
    out_.append(line_.substr(i + 1, close - i - 1), base | style_code);
    return close + 1;
  }

  // [text](http…): the text styled as a link, then the address in brackets.
  std::size_t link(std::size_t i, std::size_t to, std::uint8_t base) {
    const std::wstring_view rest = line_.substr(0, to);
    const std::size_t close = rest.find(L"](", i + 1);
    if (close == std::wstring_view::npos) return i;
    const std::size_t end = rest.find(L')', close + 2);
    if (end == std::wstring_view::npos) return i;
    const std::wstring_view url = rest.substr(close + 2, end - close - 2);
    if (!(url.starts_with(L"https://") || url.starts_with(L"http://") || url.starts_with(L"mailto:"))) return i;
    if (url.find_first_of(L" \t") != std::wstring_view::npos || close == i + 1) return i;
    run(i + 1, close, base | style_link);
    out_.append(L" <", base);
    out_.append(url, base);
    out_.push(L'>', base);
    return end + 1;
  }

  // A marker opens before a non-space and closes after one; `_` only at
  // word edges, so snake_case stays as typed.
  std::size_t emphasis(std::size_t i, std::size_t to, std::uint8_t base, std::wstring_view marker, std::uint8_t style) {
    const std::size_t n = marker.size();
    const std::size_t start = i + n;
    if (start >= to || is_space(line_[start])) return i;
    const bool underscore = marker[0] == L'_';
    if (underscore && i > 0 && is_word(line_[i - 1])) return i;
    for (std::size_t j = line_.substr(0, to).find(marker, start + 1); j != std::wstring_view::npos;
         j = line_.substr(0, to).find(marker, j + 1)) {
      if (is_space(line_[j - 1])) continue;
      if (underscore && j + n < to && is_word(line_[j + n])) continue;
      run(start, j, base | style);
      return j + n;
    }
    return i;
  }

  struct delimiter {
    std::wstring_view marker;
    std::uint8_t style;
  };
  static constexpr delimiter delimiters[] = {
      {L"**", style_bold}, {L"__", style_bold}, {L"~~", style_struck}, {L"*", style_italic}, {L"_", style_italic},
  };

  std::wstring_view line_;
  styled_text& out_;
};

bool is_fence(std::wstring_view line) {
  const std::size_t start = line.find_first_not_of(L' ');
  return start < 4 && line.substr(start).starts_with(L"```");  // npos (all spaces) is not < 4
}

// "> > text" -> quote depth 2 and "text".
std::size_t quote_depth(std::wstring_view& line) {
  std::size_t depth = 0;
  for (;;) {
    const std::size_t start = line.find_first_not_of(L' ');
    if (start > 3 || line[start] != L'>') return depth;  // npos (all spaces) is > 3
    line.remove_prefix(start + 1);
    if (line.starts_with(L' ')) line.remove_prefix(1);
    ++depth;
  }
}

}  // namespace

styled_text format_message(std::wstring_view source) {
  styled_text out;
  bool in_code = false;
  bool first = true;
  while (!source.empty() || first) {
    const std::size_t nl = source.find(L'\n');
    std::wstring_view line = source.substr(0, nl);
    source = nl == std::wstring_view::npos ? std::wstring_view{} : source.substr(nl + 1);
    const bool last = nl == std::wstring_view::npos;
    if (is_fence(line)) {
      in_code = !in_code;
      if (last) break;
      continue;
    }
    if (!first) out.push(L'\n', style_plain);
    first = false;
    if (in_code) {
      out.append(line, style_code);
    } else {
      const std::size_t depth = quote_depth(line);
      const std::uint8_t base = depth > 0 ? style_quote : style_plain;
      for (std::size_t d = 0; d < depth && d < 8; ++d) out.append(L"\u2502 ", style_quote);
      inline_parser(line, out).run(0, line.size(), base);
    }
    if (last) break;
  }
  return out;
}

}  // namespace natter::cli
