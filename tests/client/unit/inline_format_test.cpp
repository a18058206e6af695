#include "clients/cli/inline_format.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <string>

#include "clients/cli/text_layout.hpp"

namespace natter::cli {
namespace {

// The styled text as a string where every run of one style is bracketed:
// "[b:Plan] for [i:today]"; plain runs stand bare.
std::wstring marked(const styled_text& t) {
  std::wstring out;
  std::uint8_t current = style_plain;
  auto open = [&](std::uint8_t s) {
    if (s == style_plain) return;
    out += L"[";
    if (s & style_bold) out += L"b";
    if (s & style_italic) out += L"i";
    if (s & style_code) out += L"c";
    if (s & style_struck) out += L"s";
    if (s & style_link) out += L"l";
    if (s & style_quote) out += L"q";
    out += L":";
  };
  for (std::size_t i = 0; i < t.text.size(); ++i) {
    if (t.styles[i] != current) {
      if (current != style_plain) out += L"]";
      open(t.styles[i]);
      current = t.styles[i];
    }
    out += t.text[i];
  }
  if (current != style_plain) out += L"]";
  return out;
}

std::wstring shown(std::wstring_view source) {
  return marked(format_message(source));
}

class inline_format : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::setlocale(LC_ALL, "C.UTF-8")) GTEST_SKIP() << "no C.UTF-8 locale";
  }
  void TearDown() override { std::setlocale(LC_ALL, "C"); }
};

TEST_F(inline_format, bold_italic_struck_and_code_lose_their_markers) {
  EXPECT_EQ(shown(L"**Plan** for _today_ ~~tomorrow~~ with `make test`"),
            L"[b:Plan] for [i:today] [s:tomorrow] with [c:make test]");
  EXPECT_EQ(shown(L"__bold__ and *it*"), L"[b:bold] and [i:it]");
}

TEST_F(inline_format, markers_nest_and_code_is_literal) {
  EXPECT_EQ(shown(L"**very _much_ so**"), L"[b:very ][bi:much][b: so]");
  EXPECT_EQ(shown(L"`**not bold**`"), L"[c:**not bold**]");
}

TEST_F(inline_format, what_does_not_pair_stays_as_typed) {
  EXPECT_EQ(shown(L"2 * 3 * 4"), L"2 * 3 * 4");
  EXPECT_EQ(shown(L"my_var_name and snake_case"), L"my_var_name and snake_case");
  EXPECT_EQ(shown(L"**unclosed and `tick"), L"**unclosed and `tick");
  EXPECT_EQ(shown(L"\\*literal\\*"), L"*literal*");
}

TEST_F(inline_format, links_show_their_text_then_the_address_and_only_for_web_and_mail) {
  EXPECT_EQ(shown(L"see [the docs](https://example.com/docs)"), L"see [l:the docs] <https://example.com/docs>");
  EXPECT_EQ(shown(L"[x](javascript:alert(1))"), L"[x](javascript:alert(1))");
}

TEST_F(inline_format, quotes_get_a_bar_and_code_blocks_lose_their_fences) {
  EXPECT_EQ(shown(L"> quoted **line**\nafter"), L"[q:\u2502 quoted ][bq:line]\nafter");
  EXPECT_EQ(shown(L"```\nint main() {}\n```\ndone"), L"[c:int main() {}]\ndone");
}

TEST_F(inline_format, hostile_input_stays_bounded_and_plain) {
  const std::wstring deep(10000, L'>');
  const auto out = format_message(deep + L" deep");
  EXPECT_LT(out.text.size(), 40u) << "at most eight quote bars are drawn";
  std::wstring stars;
  for (int i = 0; i < 2000; ++i) stars += L"*a _b ~~c `d [e](f ";
  const auto many = format_message(stars);
  EXPECT_EQ(many.text.size(), many.styles.size());
  EXPECT_EQ(format_message(L"\x1b[31mred").text, L"\x1b[31mred") << "control characters are left to the wrapper";
}

TEST_F(inline_format, wrapping_keeps_each_character_s_style) {
  const auto wrapped = wrap_hanging(L"bob: ", format_message(L"one **two three** four"), 15);
  ASSERT_EQ(wrapped.size(), 2u);
  EXPECT_EQ(marked(wrapped[0]), L"bob: one [b:two]");
  EXPECT_EQ(marked(wrapped[1]), L"     [b:three] four");
}

}  // namespace
}  // namespace natter::cli
