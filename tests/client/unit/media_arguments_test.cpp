#include <gtest/gtest.h>

#include "clients/cli/media_arguments.hpp"

namespace natter::cli {
namespace {

using args = std::vector<std::string>;

TEST(is_media_id, takes_22_characters_of_the_url_safe_alphabet) {
  EXPECT_TRUE(is_media_id("q3Jx0m5v2cS8kq1Vb0aZ7w"));
  EXPECT_TRUE(is_media_id("-o_x0m5v2cS8kq1Vb0aZ7w"));
  EXPECT_FALSE(is_media_id("q3Jx0m5v2cS8kq1Vb0aZ7"));
  EXPECT_FALSE(is_media_id("q3Jx0m5v2cS8kq1Vb0aZ7w1"));
  EXPECT_FALSE(is_media_id("../../etc/passwd/xxxxxx"));
  EXPECT_FALSE(is_media_id("q3Jx0m5v2cS8kq1Vb0a.7w"));
}

TEST(media_ids_behind_double_dash, moves_an_id_that_looks_like_options_behind_a_double_dash) {
  EXPECT_EQ(media_ids_behind_double_dash({"natter", "download", "-3Jx0m5v2cS8kq1Vb0aZ7w"}),
            (args{"natter", "download", "--", "-3Jx0m5v2cS8kq1Vb0aZ7w"}));
  EXPECT_EQ(media_ids_behind_double_dash({"natter", "download", "-oJx0m5v2cS8kq1Vb0aZ7w", "-o", "x.png", "--force"}),
            (args{"natter", "download", "-o", "x.png", "--force", "--", "-oJx0m5v2cS8kq1Vb0aZ7w"}));
  EXPECT_EQ(media_ids_behind_double_dash(
                {"natter", "--server", "http://h:1", "download", "--force", "--Jx0m5v2cS8kq1Vb0aZ7w"}),
            (args{"natter", "--server", "http://h:1", "download", "--force", "--", "--Jx0m5v2cS8kq1Vb0aZ7w"}));
}

TEST(media_ids_behind_double_dash, skips_the_values_of_the_global_options) {
  EXPECT_EQ(media_ids_behind_double_dash(
                {"natter", "--ca-file", "ca.pem", "--as", "bob", "download", "-3Jx0m5v2cS8kq1Vb0aZ7w"}),
            (args{"natter", "--ca-file", "ca.pem", "--as", "bob", "download", "--", "-3Jx0m5v2cS8kq1Vb0aZ7w"}));
}

TEST(media_ids_behind_double_dash, leaves_everything_else_as_it_is) {
  const args plain{"natter", "download", "q3Jx0m5v2cS8kq1Vb0aZ7w", "-o", "-named_like_a_media_id"};
  EXPECT_EQ(media_ids_behind_double_dash(plain), plain);  // an -o value stays a value
  const args dashed{"natter", "download", "--", "-3Jx0m5v2cS8kq1Vb0aZ7w"};
  EXPECT_EQ(media_ids_behind_double_dash(dashed), dashed);
  const args other{"natter", "send", "@bob", "-3Jx0m5v2cS8kq1Vb0aZ7w"};
  EXPECT_EQ(media_ids_behind_double_dash(other), other);  // only download takes ids
  const args empty{"natter", "", "download"};
  EXPECT_EQ(media_ids_behind_double_dash(empty), empty);
}

}  // namespace
}  // namespace natter::cli

namespace natter::cli {
namespace {

TEST(media_ids_behind_double_dash, moves_a_session_id_that_looks_like_an_option_too) {
  EXPECT_EQ(media_ids_behind_double_dash({"natter", "sessions", "end", "-3Jx0m5v2cS8kq1Vb0aZ7w"}),
            (std::vector<std::string>{"natter", "sessions", "end", "--", "-3Jx0m5v2cS8kq1Vb0aZ7w"}));
  EXPECT_EQ(media_ids_behind_double_dash({"natter", "sessions", "end", "A3Jx0m5v2cS8kq1Vb0aZ7w"}),
            (std::vector<std::string>{"natter", "sessions", "end", "A3Jx0m5v2cS8kq1Vb0aZ7w"}));
  EXPECT_EQ(media_ids_behind_double_dash({"natter", "sessions", "end-others"}),
            (std::vector<std::string>{"natter", "sessions", "end-others"}));
}

}  // namespace
}  // namespace natter::cli
