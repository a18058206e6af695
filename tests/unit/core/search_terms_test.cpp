#include "core/search_terms.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace natter::core {
namespace {

using words = std::vector<std::string>;

words terms_of(std::string_view text) {
  auto t = search_terms(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? t.value() : words{};
}

std::string refused_field(std::string_view text) {
  auto t = search_terms(text);
  return t.ok() ? "" : t.err().field;
}

TEST(search_terms, are_runs_of_letters_and_digits_lower_cased_each_once) {
  EXPECT_EQ(terms_of("Lunch at the HARBOUR, lunch!"), (words{"lunch", "at", "the", "harbour"}));
  EXPECT_EQ(terms_of("room 101"), (words{"room", "101"}));
  EXPECT_EQ(terms_of("don't"), (words{"don", "t"}));
}

TEST(search_terms, leave_every_engine_operator_as_a_plain_word_or_a_separator) {
  EXPECT_EQ(terms_of("\"quoted phrase\""), (words{"quoted", "phrase"}));
  EXPECT_EQ(terms_of("pre* -not (a OR b) NEAR(c d)"), (words{"pre", "not", "a", "or", "b", "near", "c", "d"}));
  EXPECT_EQ(terms_of("x:y ^z !w & v | u <-> t"), (words{"x", "y", "z", "w", "v", "u", "t"}));
  EXPECT_EQ(terms_of("'q' \\e {f} [g] \"h\"*"), (words{"q", "e", "f", "g", "h"}));
  EXPECT_EQ(terms_of("NEAR"), (words{"near"}));
  EXPECT_EQ(terms_of("\"unbalanced"), (words{"unbalanced"}));
}

TEST(search_terms, keep_letters_of_every_script_and_drop_symbols_and_emoji) {
  EXPECT_EQ(terms_of("Café naïve"), (words{"café", "naïve"}));
  EXPECT_EQ(terms_of("привет мир"), (words{"привет", "мир"}));
  EXPECT_EQ(terms_of("日本語 テキスト"), (words{"日本語", "テキスト"}));
  EXPECT_EQ(terms_of("hi 👋🏽 there — “friend” …"), (words{"hi", "there", "friend"}));
}

TEST(search_terms, refuse_no_word_too_long_too_many_words_and_bad_utf8) {
  EXPECT_EQ(refused_field(""), "q");
  EXPECT_EQ(refused_field("  \" * ( ) - : ^ "), "q");
  EXPECT_EQ(refused_field("👋"), "q");
  EXPECT_EQ(refused_field(std::string(257, 'a')), "q");
  EXPECT_EQ(refused_field(std::string(256, 'a')), "");
  EXPECT_EQ(refused_field("a b c d e f g h i"), "q");
  EXPECT_EQ(refused_field("a b c d e f g h a b"), "");  // 8 distinct words
  EXPECT_EQ(refused_field("\xff\xfe"), "q");
  EXPECT_EQ(refused_field("ok \xc3"), "q");
}

TEST(search_snippet, is_the_whole_text_when_short_and_a_bounded_cut_around_the_match_when_long) {
  EXPECT_EQ(search_snippet("short text", {"text"}, 200), "short text");
  std::string text;
  for (int i = 0; i < 100; ++i) text += "filler ";
  text += "Needle ";
  for (int i = 0; i < 100; ++i) text += "padding ";
  const auto snippet = search_snippet(text, {"needle"}, 100);
  EXPECT_LE(snippet.size(), 106U);
  EXPECT_NE(snippet.find("Needle"), std::string::npos);
  EXPECT_EQ(snippet.rfind("…", 0), 0U);
  EXPECT_EQ(snippet.substr(snippet.size() - 3), "…");
}

TEST(search_snippet, never_cuts_a_character_in_half) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "é";
  for (std::size_t max : {99U, 100U, 101U}) {
    const auto snippet = search_snippet(text, {"x"}, max);
    EXPECT_TRUE(snippet.size() <= max + 3) << max;
    EXPECT_EQ(snippet.substr(snippet.size() - 3), "…");
    EXPECT_EQ((snippet.size() - 3) % 2, 0U) << max;  // whole é's, then the …
  }
}

}  // namespace
}  // namespace natter::core
