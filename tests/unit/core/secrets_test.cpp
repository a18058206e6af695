#include "core/secrets.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace natter::core {
namespace {

class secrets : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { init_crypto(); }
};

bool is_base64url(const std::string& s) {
  return s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

TEST_F(secrets, init_crypto_can_be_called_twice) {
  EXPECT_NO_THROW(init_crypto());
  EXPECT_NO_THROW(init_crypto());
}

TEST_F(secrets, random_tokens_are_distinct_and_43_chars) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = random_token();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64 without padding
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST_F(secrets, random_token_is_base64url_without_padding) {
  for (const std::size_t bytes : {1u, 2u, 3u, 16u, 32u, 64u}) {
    const std::string token = random_token(bytes);
    EXPECT_TRUE(is_base64url(token)) << token;
    EXPECT_EQ(token.size(), (bytes * 4 + 2) / 3) << bytes;
  }
}

// Invite ids and reset tokens are typed on command lines, where a leading '-' reads as an
// option; with one byte, 64 draws per start character make a '-' all but certain to show
// up if the generator allowed it.
TEST_F(secrets, random_token_never_begins_with_a_dash) {
  std::set<char> first;
  for (int i = 0; i < 20000; ++i) first.insert(random_token(1).front());
  EXPECT_EQ(first.count('-'), 0u);
  EXPECT_EQ(first.count('_'), 1u);
  EXPECT_EQ(first.size(), 63u);
}

TEST_F(secrets, sha256_matches_known_vector) {
  // FIPS 180-2, appendix B.1, and the hash of the empty string.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(secrets, sha256_hex_is_lower_case) {
  const std::string hex = sha256_hex("natter");
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST_F(secrets, equal_secrets_accepts_identical_values) {
  EXPECT_TRUE(equal_secrets("s3cret-token", "s3cret-token"));
  EXPECT_TRUE(equal_secrets("", ""));
}

TEST_F(secrets, equal_secrets_rejects_different_content_of_same_length) {
  EXPECT_FALSE(equal_secrets("s3cret-token", "s3cret-tokeN"));
  EXPECT_FALSE(equal_secrets("a", "b"));
}

TEST_F(secrets, equal_secrets_rejects_different_lengths) {
  EXPECT_FALSE(equal_secrets("s3cret", "s3cret-token"));
  EXPECT_FALSE(equal_secrets("s3cret-token", "s3cret"));
  EXPECT_FALSE(equal_secrets("", "x"));
}

}  // namespace
}  // namespace natter::core
