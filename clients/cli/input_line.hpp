#pragma once
// The chat's input line: editing (arrows, Home/End, Ctrl-A/E/U/K, Backspace,
// Delete) and a history of what was entered (Up/Down).

#include <cstddef>
#include <cwchar>
#include <optional>
#include <string>
#include <vector>

namespace natter::cli {

class input_line {
 public:
  // Past this many entries the oldest is forgotten.
  static constexpr std::size_t history_limit = 500;

  // One key from get_wch: `is_key` for KEY_* codes. Returns the entered line
  // (UTF-8) on Enter.
  std::optional<std::string> handle(wint_t key, bool is_key);

  const std::wstring& text() const { return text_; }
  std::size_t cursor() const { return cursor_; }

 private:
  void recall(int step);

  std::wstring text_;
  std::size_t cursor_ = 0;
  std::vector<std::wstring> history_;
  std::size_t browsing_ = 0;  // == history_.size(): not browsing
};

// UTF-8 <-> wide characters in the current locale.
std::string to_utf8(const std::wstring& text);
std::wstring from_utf8(const std::string& text);

}  // namespace natter::cli
