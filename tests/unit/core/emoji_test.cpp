// What a reaction may be: one emoji (docs/protocol.md, "Emoji").

#include "core/emoji.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace natter::core {
namespace {

TEST(emoji, single_emoji_of_every_shape_pass) {
  const std::vector<std::string> ok{
      "👍",                                    // a pictograph
      "❤️",                               // with the emoji presentation selector
      "☺",                                    // a text-default pictograph alone
      "👍🏽",                             // with a skin tone
      "🏽",                                 // a skin tone alone
      "👨‍👩‍👧‍👦",            // a ZWJ family
      "👩🏻‍❤️‍💋‍👨🏼",  // ZWJ with selectors and tones
      "🇯🇵",                                   // a flag
      "1️⃣",
      "#⃣",
      "*️⃣",                       // keycaps
      "🏴󠁧󠁢󠁳󠁣󠁴󠁿",  // a subdivision flag (tag sequence)
      "©️",
      "🀄",
      "🫠",
  };
  for (const auto& e : ok) EXPECT_TRUE(is_emoji(e)) << e;
}

TEST(emoji, text_and_malformed_sequences_fail) {
  const std::vector<std::string> bad{
      "",
      "a",
      "A1",
      "1",
      "#",
      "👍👍",
      "👍 ",
      " ",
      "\u200d",
      "👍\u200d",
      "\u200d👍",
      "👍\u200d\u200d👍",
      "🇯",
      "🇯🇵🇫",
      "1\u20e3\u20e3",
      "👍\ufe0e",
      "\ufe0f",
      "🏴\U000E0067",
      "👍\U000E0067\U000E007F",
      "<",
      std::string("\xf0\x9f\x91", 3),  // truncated UTF-8
      std::string("\xc0\xaf", 2),      // overlong
      std::string("\0", 1),
  };
  for (const auto& e : bad) EXPECT_FALSE(is_emoji(e)) << e;
}

TEST(emoji, sequences_are_bounded) {
  std::string eight = "👍";
  for (int i = 1; i < 8; ++i) eight += "\u200d👍";
  EXPECT_TRUE(is_emoji(eight)) << "8 elements, 15 code points, 53 bytes";
  EXPECT_FALSE(is_emoji(eight + "\u200d👍")) << "9 elements";
  EXPECT_FALSE(is_emoji(std::string(100, 'x')));
}

}  // namespace
}  // namespace natter::core
