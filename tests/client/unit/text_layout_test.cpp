#include "clients/cli/text_layout.hpp"

#include <gtest/gtest.h>

#include <clocale>

namespace natter::cli {
namespace {

using rows = std::vector<std::wstring>;

// Widths come from the locale, as in the chat (which takes the user's).
class text_layout : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::setlocale(LC_ALL, "C.UTF-8")) GTEST_SKIP() << "no C.UTF-8 locale";
  }
  void TearDown() override { std::setlocale(LC_ALL, "C"); }
};

TEST_F(text_layout, cjk_and_emoji_take_two_columns) {
  EXPECT_EQ(columns_of(L"abc"), 3);
  EXPECT_EQ(columns_of(L"中文"), 4);
  EXPECT_EQ(columns_of(L"\U0001F600"), 2);
  EXPECT_EQ(columns_of(L"e\u0301"), 1) << "a combining accent takes no column of its own";
  EXPECT_EQ(columns_of(L"a\nb\x1b"), 2) << "control characters are never drawn";
}

TEST_F(text_layout, fit_cuts_by_columns_and_never_splits_a_wide_character) {
  EXPECT_EQ(fit(L"中文字", 5), L"中文");
  EXPECT_EQ(fit(L"中文字", 6), L"中文字");
  EXPECT_EQ(fit(L"ab\ncd", 10), L"abcd");
  EXPECT_EQ(fit(L"a\tb", 10), L"a b");
}

TEST_F(text_layout, short_text_stays_on_one_row) {
  EXPECT_EQ(wrap_hanging(L"alice: ", L"hi there", 20), (rows{L"alice: hi there"}));
}

TEST_F(text_layout, long_text_wraps_between_words_under_a_hanging_indent) {
  EXPECT_EQ(wrap_hanging(L"bob: ", L"the quick brown fox jumps", 16),
            (rows{L"bob: the quick", L"     brown fox", L"     jumps"}));
}

TEST_F(text_layout, a_word_wider_than_a_row_is_cut) {
  EXPECT_EQ(wrap_hanging(L"b: ", L"abcdefghijklmnop", 10), (rows{L"b: abcdefg", L"   hijklmn", L"   op"}));
}

TEST_F(text_layout, newlines_start_indented_rows) {
  EXPECT_EQ(wrap_hanging(L"bob: ", L"one\ntwo\n\nthree", 20), (rows{L"bob: one", L"     two", L"", L"     three"}));
}

TEST_F(text_layout, wide_text_never_passes_the_width) {
  const auto out = wrap_hanging(L"10:02 alice: ", L"中文中文中文中文中文 \U0001F600\U0001F600\U0001F600 ok", 20);
  ASSERT_GT(out.size(), 1u);
  for (const auto& row : out) EXPECT_LE(columns_of(row), 20);
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_EQ(out[i].rfind(L"          ", 0), 0u) << "indented";
}

TEST_F(text_layout, the_indent_is_at_most_half_the_width) {
  const auto out = wrap_hanging(L"a-rather-long-name: ", L"word word", 24);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], L"            word");
}

TEST_F(text_layout, control_characters_in_text_are_left_out) {
  EXPECT_EQ(wrap_hanging(L"x: ", L"a\x1b[2Jb\rc", 20), (rows{L"x: a[2Jbc"}));
}

}  // namespace
}  // namespace natter::cli
