#pragma once
// Turns what a user typed into the words a message search looks for, so
// that nothing a user types is ever query syntax: a word is a run of
// letters and digits; everything else (quotes, *, -, parentheses, colons,
// punctuation, symbols, emoji) only separates words. Operators of the
// engines (OR, NEAR, NOT) come out as plain words, which the store quotes.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace natter::core {

inline constexpr std::size_t max_search_bytes = 256;

// The distinct words of `text`, in order, ASCII letters lower-cased.
// Errors (validation_failed, field "q"): longer than max_search_bytes, not
// UTF-8, no word at all, more than store::max_search_words words.
result<std::vector<std::string>> search_terms(std::string_view text);

// At most max_bytes of text around the first place one of the words starts
// a word (the start of text when none is found), cut at code-point
// boundaries, with "…" where text was cut. text must be valid UTF-8.
std::string search_snippet(std::string_view text, const std::vector<std::string>& words, std::size_t max_bytes);

}  // namespace natter::core
