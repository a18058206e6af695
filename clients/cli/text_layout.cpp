#include "clients/cli/text_layout.hpp"

#include <algorithm>
#include <cwchar>
#include <cwctype>

namespace natter::cli {

namespace {

constexpr wchar_t replacement = L'\uFFFD';

// What is drawn for c: a tab is a space, a control character nothing
// (L'\0'), a character the locale cannot show the replacement character.
wchar_t drawn(wchar_t c) {
  if (c == L'\t') return L' ';
  if (std::iswcntrl(static_cast<wint_t>(c))) return L'\0';
  return ::wcwidth(c) < 0 ? replacement : c;
}

// Fills rows of `width` columns; rows after the first start with `indent`
// spaces. Every character keeps its style.
class row_builder {
 public:
  row_builder(int width, int indent) : width_(width), indent_(indent) { row_.styles.reserve(16); }

  // A piece that may break anywhere (the lead, a word too wide for a row).
  void put_cut(const styled_text& piece) {
    for (std::size_t i = 0; i < piece.text.size(); ++i) {
      const int w = columns_of(piece.text[i]);
      if (used_ + w > width_ && used_ > start()) new_row();
      row_.push(piece.text[i], piece.styles[i]);
      used_ += w;
    }
  }

  // A word: on this row when it fits, else on the next, else cut.
  void put_word(const styled_text& word) {
    const int w = columns_of(word.text);
    if (used_ + w > width_ && used_ > start() && w <= width_ - indent_) new_row();
    put_cut(word);
  }

  // A space between words; none at the end or start of a row.
  void put_space(std::uint8_t style) {
    if (used_ == start()) return;
    if (used_ + 1 > width_) return new_row();
    row_.push(L' ', style);
    ++used_;
  }

  void new_row() {
    rows_.push_back(trimmed(std::move(row_)));
    row_ = {};
    row_.append(std::wstring(static_cast<std::size_t>(indent_), L' '), style_plain);
    used_ = indent_;
  }

  std::vector<styled_text> finish() && {
    rows_.push_back(trimmed(std::move(row_)));
    return std::move(rows_);
  }

 private:
  int start() const { return rows_.empty() ? 0 : indent_; }
  static styled_text trimmed(styled_text row) {
    const std::size_t keep = row.text.find_last_not_of(L' ') + 1;
    row.text.erase(keep);
    row.styles.resize(row.text.size());
    return row;
  }

  int width_;
  int indent_;
  std::vector<styled_text> rows_;
  styled_text row_;
  int used_ = 0;
};

styled_text plain(std::wstring_view text) {
  styled_text out;
  out.append(text, style_plain);
  return out;
}

}  // namespace

int columns_of(wchar_t c) {
  const wchar_t d = drawn(c);
  if (d == L'\0') return 0;
  const int w = ::wcwidth(d);
  return w < 0 ? 1 : w;
}

int columns_of(std::wstring_view text) {
  int n = 0;
  for (wchar_t c : text) n += columns_of(c);
  return n;
}

std::wstring one_row(std::wstring_view text) {
  std::wstring out;
  for (wchar_t c : text) {
    if (const wchar_t d = drawn(c); d != L'\0') out.push_back(d);
  }
  return out;
}

std::wstring fit(std::wstring_view text, int width) {
  std::wstring out;
  int used = 0;
  for (wchar_t c : one_row(text)) {
    const int w = columns_of(c);
    if (used + w > width) break;
    out.push_back(c);
    used += w;
  }
  return out;
}

std::vector<styled_text> wrap_hanging(std::wstring_view lead, const styled_text& text, int width) {
  const std::wstring first = one_row(lead);
  int indent = std::min(columns_of(first), width / 2);
  if (width - indent < 2) indent = 0;
  row_builder rows(width, indent);
  rows.put_cut(plain(first));
  styled_text word;
  auto flush = [&] {
    if (!word.text.empty()) rows.put_word(word);
    word = {};
  };
  for (std::size_t i = 0; i < text.text.size(); ++i) {
    const wchar_t c = text.text[i];
    const std::uint8_t style = i < text.styles.size() ? text.styles[i] : std::uint8_t{style_plain};
    if (c == L'\n') {
      flush();
      rows.new_row();
      continue;
    }
    const wchar_t d = drawn(c);
    if (d == L' ') {
      flush();
      rows.put_space(style);
    } else if (d != L'\0') {
      word.push(d, style);
    }
  }
  flush();
  return std::move(rows).finish();
}

std::vector<std::wstring> wrap_hanging(std::wstring_view lead, std::wstring_view text, int width) {
  std::vector<std::wstring> out;
  for (auto& row : wrap_hanging(lead, plain(text), width)) out.push_back(std::move(row.text));
  return out;
}

}  // namespace natter::cli
