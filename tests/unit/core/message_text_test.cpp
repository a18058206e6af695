#include <gtest/gtest.h>

#include <string>

#include "core/validation.hpp"

namespace natter::core {
namespace {

using namespace std::string_literals;

errc code_of(std::string_view text, std::size_t max_chars = 4000) {
  auto s = validate_message_text(text, max_chars);
  return s ? errc::internal : s.err().code;
}

TEST(validate_message_text, ordinary_text_emoji_and_bidi_text_are_accepted_as_they_are) {
  EXPECT_TRUE(validate_message_text("hi", 4000));
  EXPECT_TRUE(validate_message_text("  padded  \n", 4000));
  EXPECT_TRUE(validate_message_text("\xF0\x9F\x91\x8B", 4000));                          // 👋
  EXPECT_TRUE(validate_message_text("\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", 4000));  // مرحبا
  EXPECT_TRUE(
      validate_message_text("abc \xE2\x80\xAE"
                            "cba",
                            4000));                                       // RLO inside text
  EXPECT_TRUE(validate_message_text("\xE2\x81\xA7x\xE2\x81\xA9", 4000));  // isolate around x
}

TEST(validate_message_text, text_with_nothing_visible_is_refused) {
  for (const std::string& blank :
       {""s, " "s, "\t\n\r "s, "\xE2\x80\x8B"s /* ZWSP */, "\xEF\xBB\xBF"s /* BOM */, "\xE2\x80\x8D"s /* ZWJ */,
        "\xE2\x80\xAE"s /* RLO */, "\xE2\x81\xA6\xE2\x81\xA9"s /* LRI PDI */, "\xE2\x80\x8F"s /* RLM */,
        "\xC2\xA0\xE3\x80\x80"s /* NBSP, ideographic space */, "\xE3\x85\xA4"s /* Hangul filler */,
        "\xE2\xA0\x80"s /* braille blank */, "\x01\x7F"s, "\xC2\xAD"s /* soft hyphen */}) {
    EXPECT_EQ(code_of(blank), errc::validation_failed) << blank.size();
  }
}

TEST(validate_message_text, nul_is_refused_anywhere) {
  EXPECT_EQ(code_of("a\0b"s), errc::validation_failed);
  EXPECT_EQ(code_of("\0"s), errc::validation_failed);
  EXPECT_EQ(validate_message_text("a\0b"s, 4000).err().field, "text");
}

TEST(validate_message_text, length_is_counted_in_code_points) {
  EXPECT_TRUE(validate_message_text("\xC3\xA9\xC3\xA9", 2));
  EXPECT_EQ(code_of("\xC3\xA9\xC3\xA9\xC3\xA9", 2), errc::message_too_long);
}

}  // namespace
}  // namespace natter::core
