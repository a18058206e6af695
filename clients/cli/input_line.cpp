#include "clients/cli/input_line.hpp"

#include <curses.h>

#include <climits>
#include <cwchar>

namespace natter::cli {

namespace {

constexpr wint_t ctrl(char c) {
  return static_cast<wint_t>(c & 0x1f);
}

}  // namespace

std::optional<std::string> input_line::handle(wint_t key, bool is_key) {
  if ((!is_key && (key == L'\n' || key == L'\r')) || (is_key && key == KEY_ENTER)) {
    std::string entered = to_utf8(text_);
    if (!text_.empty()) history_.push_back(text_);
    if (history_.size() > history_limit) history_.erase(history_.begin());
    browsing_ = history_.size();
    text_.clear();
    cursor_ = 0;
    return entered;
  }
  if (is_key) {
    switch (key) {
      case KEY_LEFT:
        if (cursor_ > 0) --cursor_;
        break;
      case KEY_RIGHT:
        if (cursor_ < text_.size()) ++cursor_;
        break;
      case KEY_HOME:
        cursor_ = 0;
        break;
      case KEY_END:
        cursor_ = text_.size();
        break;
      case KEY_BACKSPACE:
        if (cursor_ > 0) text_.erase(--cursor_, 1);
        break;
      case KEY_DC:
        if (cursor_ < text_.size()) text_.erase(cursor_, 1);
        break;
      case KEY_UP:
        recall(-1);
        break;
      case KEY_DOWN:
        recall(1);
        break;
      default:
        break;
    }
    return std::nullopt;
  }
  if (key == ctrl('A'))
    cursor_ = 0;
  else if (key == ctrl('E'))
    cursor_ = text_.size();
  else if (key == ctrl('U')) {
    text_.erase(0, cursor_);
    cursor_ = 0;
  } else if (key == ctrl('K'))
    text_.erase(cursor_);
  else if (key == 127 || key == ctrl('H')) {
    if (cursor_ > 0) text_.erase(--cursor_, 1);
  } else if (key >= 32)
    text_.insert(cursor_++, 1, static_cast<wchar_t>(key));
  return std::nullopt;
}

void input_line::recall(int step) {
  if (history_.empty()) return;
  if (step < 0 && browsing_ > 0) --browsing_;
  if (step > 0 && browsing_ < history_.size()) ++browsing_;
  text_ = browsing_ < history_.size() ? history_[browsing_] : std::wstring();
  cursor_ = text_.size();
}

std::string to_utf8(const std::wstring& text) {
  std::string out;
  std::mbstate_t state{};
  char buffer[MB_LEN_MAX];
  for (wchar_t c : text) {
    const auto n = std::wcrtomb(buffer, c, &state);
    if (n != static_cast<std::size_t>(-1)) out.append(buffer, n);
  }
  return out;
}

std::wstring from_utf8(const std::string& text) {
  std::wstring out;
  std::mbstate_t state{};
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (at < end) {
    wchar_t c = 0;
    const auto n = std::mbrtowc(&c, at, static_cast<std::size_t>(end - at), &state);
    if (n == 0 || n > static_cast<std::size_t>(end - at)) {  // invalid or incomplete: skip a byte
      ++at;
      state = {};
      continue;
    }
    out.push_back(c);
    at += n;
  }
  return out;
}

}  // namespace natter::cli
