#include "core/search_terms.hpp"

#include <algorithm>

#include "common/utf8.hpp"
#include "store/search_records.hpp"

namespace natter::core {
namespace {

// The code point at s[i] and its length in bytes; s is valid UTF-8.
std::pair<char32_t, std::size_t> code_point_at(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1};
  const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  char32_t cp = b & (0x3F >> (n - 1));
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, n};
}

bool in_block(char32_t cp, char32_t first, char32_t last) {
  return cp >= first && cp <= last;
}

// Letters and digits of every script count; the blocks of punctuation,
// symbols, arrows, emoji and their joiners and selectors do not (the
// engines' tokenizers split there too).
bool is_word_char(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return !(in_block(cp, 0x80, 0xBF) || cp == 0xD7 || cp == 0xF7 || in_block(cp, 0x2000, 0x2BFF) ||
           in_block(cp, 0x2E00, 0x2E7F) || in_block(cp, 0x3000, 0x303F) || in_block(cp, 0xFE00, 0xFE0F) ||
           in_block(cp, 0xFE10, 0xFE6F) || in_block(cp, 0xFF00, 0xFF0F) || in_block(cp, 0xFF1A, 0xFF20) ||
           in_block(cp, 0xFF3B, 0xFF40) || in_block(cp, 0xFF5B, 0xFF65) || in_block(cp, 0xFFF0, 0xFFFF) ||
           in_block(cp, 0x1F000, 0x1FAFF) || in_block(cp, 0xE0000, 0xE007F));
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_folded(std::string_view text, std::size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (ascii_lower(text[at + k]) != word[k]) return false;
  }
  return true;
}

// Where the first word of `words` starts a word of text; 0 when none does.
std::size_t first_match(std::string_view text, const std::vector<std::string>& words) {
  bool after_word = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, n] = code_point_at(text, i);
    const bool word = is_word_char(cp);
    if (word && !after_word) {
      for (const auto& w : words) {
        if (starts_with_folded(text, i, w)) return i;
      }
    }
    after_word = word;
    i += n;
  }
  return 0;
}

// The largest code-point boundary at or before i.
std::size_t boundary_before(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

}  // namespace

result<std::vector<std::string>> search_terms(std::string_view text) {
  if (text.size() > max_search_bytes) return validation_error("q", "A search is at most 256 bytes.");
  if (!is_valid_utf8(text)) return validation_error("q", "A search must be UTF-8.");
  std::vector<std::string> words;
  std::string word;
  auto end_word = [&] {
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, n] = code_point_at(text, i);
    if (is_word_char(cp)) {
      for (std::size_t k = 0; k < n; ++k) word += ascii_lower(text[i + k]);
    } else {
      end_word();
    }
    i += n;
  }
  end_word();
  if (words.empty()) return validation_error("q", "A search needs a word of letters or digits.");
  if (words.size() > store::max_search_words) return validation_error("q", "A search is at most 8 words.");
  return words;
}

std::string search_snippet(std::string_view text, const std::vector<std::string>& words, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  const std::size_t match = first_match(text, words);
  // A little context before the match, the rest after it.
  std::size_t start = boundary_before(text, match > max_bytes / 4 ? match - max_bytes / 4 : 0);
  if (text.size() - start < max_bytes) start = boundary_before(text, text.size() - max_bytes);
  const std::size_t end = boundary_before(text, std::min(text.size(), start + max_bytes));
  std::string out;
  if (start > 0) out += "…";
  out += text.substr(start, end - start);
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace natter::core
