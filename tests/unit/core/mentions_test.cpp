#include "core/mentions.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace natter::core {
namespace {

using names = std::vector<std::string>;

names names_in(std::string_view text, std::size_t max = 50) {
  return find_mentions(text, max).names;
}

TEST(mentions, an_at_name_is_a_mention_in_any_case_and_listed_once_in_order) {
  EXPECT_EQ(names_in("@Carol and @bob, then @carol again"), (names{"carol", "bob"}));
  EXPECT_EQ(names_in("(@bob) @bob: hi"), (names{"bob"}));
}

TEST(mentions, addresses_short_and_long_names_are_not_mentions) {
  EXPECT_EQ(names_in("mail bob@example.com"), names{});
  EXPECT_EQ(names_in("@al @" + std::string(33, 'a')), names{});
  EXPECT_EQ(names_in("@" + std::string(32, 'a')), names{std::string(32, 'a')});
  EXPECT_EQ(names_in("@ bob @"), names{});
}

TEST(mentions, trailing_dots_end_the_sentence_not_the_name) {
  EXPECT_EQ(names_in("thanks @bob."), (names{"bob"}));
  EXPECT_EQ(names_in("ask @bob.smith..."), (names{"bob.smith"}));
}

TEST(mentions, nothing_in_inline_code_or_fenced_blocks_counts) {
  EXPECT_EQ(names_in("`@bob` @carol"), (names{"carol"}));
  EXPECT_EQ(names_in("``a ` @bob`` @carol"), (names{"carol"})) << "a run closes only on a run of its length";
  EXPECT_EQ(names_in("`open @bob"), (names{"bob"})) << "an unclosed backtick is text";
  EXPECT_EQ(names_in("```\n@bob\n```\n@carol"), (names{"carol"}));
  EXPECT_EQ(names_in("  ```js\n@bob\n"), names{}) << "an unclosed fence runs to the end";
}

TEST(mentions, room_and_here_mention_everyone_and_are_not_names) {
  const auto r = find_mentions("@room @here @bob", 50);
  EXPECT_TRUE(r.everyone);
  EXPECT_EQ(r.names, (names{"bob"}));
  EXPECT_FALSE(find_mentions("`@room`", 50).everyone);
  EXPECT_FALSE(find_mentions("@roomy", 50).everyone);
  EXPECT_TRUE(find_mentions("hey @HERE", 50).everyone);
  EXPECT_FALSE(find_mentions("me@here.org", 50).everyone);
}

TEST(mentions, names_past_the_cap_are_not_collected_but_room_still_is) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "@user" + std::to_string(i) + " ";
  const auto r = find_mentions(text + "@room", 50);
  EXPECT_EQ(r.names.size(), 50U);
  EXPECT_EQ(r.names.back(), "user49");
  EXPECT_TRUE(r.everyone);
}

TEST(mentions, a_text_of_only_at_signs_has_no_mentions) {
  const auto r = find_mentions(std::string(4000, '@'), 50);
  EXPECT_TRUE(r.names.empty());
  EXPECT_FALSE(r.everyone);
}

}  // namespace
}  // namespace natter::core
