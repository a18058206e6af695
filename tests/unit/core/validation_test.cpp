#include "core/validation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace natter::core {
namespace {

using namespace std::string_literals;

// The failure's field, or "" when the status is ok, so that a wrong field and
// an unexpected success both show up in the assertion message.
std::string failed_field(const status& s) {
  return s.ok() ? "" : s.err().field;
}

void expect_rejected(const status& s, std::string_view field) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.err().code, errc::validation_failed);
  EXPECT_EQ(s.err().field, field);
  EXPECT_FALSE(s.err().message.empty());
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

// --- email ---

TEST(validate_email, accepts_ordinary_addresses) {
  EXPECT_TRUE(validate_email("alice@example.com").ok());
  EXPECT_TRUE(validate_email("a.b+tag@mail.example-host.co.uk").ok());
  EXPECT_TRUE(validate_email("UPPER@Example.COM").ok());
}

TEST(validate_email, rejects_missing_or_repeated_at) {
  expect_rejected(validate_email("alice.example.com"), "email");
  expect_rejected(validate_email("alice@@example.com"), "email");
  expect_rejected(validate_email("a@b@example.com"), "email");
}

TEST(validate_email, rejects_empty_local_part_or_domain) {
  expect_rejected(validate_email(""), "email");
  expect_rejected(validate_email("@example.com"), "email");
  expect_rejected(validate_email("alice@"), "email");
}

TEST(validate_email, rejects_domain_without_dot) {
  expect_rejected(validate_email("alice@localhost"), "email");
}

TEST(validate_email, rejects_bad_domain_labels) {
  expect_rejected(validate_email("alice@-example.com"), "email");
  expect_rejected(validate_email("alice@example-.com"), "email");
  expect_rejected(validate_email("alice@example..com"), "email");
  expect_rejected(validate_email("alice@.example.com"), "email");
  expect_rejected(validate_email("alice@example.com."), "email");
  expect_rejected(validate_email("alice@exa_mple.com"), "email");
}

TEST(validate_email, rejects_spaces_and_control_characters) {
  expect_rejected(validate_email("al ice@example.com"), "email");
  expect_rejected(validate_email("alice@example.com "), "email");
  expect_rejected(validate_email("alice\t@example.com"), "email");
  expect_rejected(validate_email("alice\r\n@example.com"), "email");
  expect_rejected(validate_email("alice\0@example.com"s), "email");
  expect_rejected(validate_email("alice\x7f@example.com"), "email");
}

TEST(validate_email, rejects_non_ascii) {
  expect_rejected(validate_email("caf\xC3\xA9@example.com"), "email");
  expect_rejected(validate_email("alice@exampl\xC3\xA9.com"), "email");
}

TEST(validate_email, accepts_254_bytes_and_rejects_255) {
  const std::string domain = "@" + repeat("a", 60) + "." + repeat("b", 60) + ".com";
  const std::string at_limit = repeat("x", max_email_bytes - domain.size()) + domain;
  ASSERT_EQ(at_limit.size(), 254u);
  EXPECT_TRUE(validate_email(at_limit).ok()) << failed_field(validate_email(at_limit));
  expect_rejected(validate_email("x" + at_limit), "email");
}

// --- username ---

TEST(normalize_username, lower_cases_ascii_only) {
  EXPECT_EQ(normalize_username("Alice_Smith-99"), "alice_smith-99");
  EXPECT_EQ(normalize_username("\xC3\x89MILE"), "\xC3\x89mile");  // É is left alone
}

TEST(validate_username, accepts_allowed_characters) {
  EXPECT_TRUE(validate_username("alice").ok());
  EXPECT_TRUE(validate_username("a.b_c-9").ok());
}

TEST(validate_username, username_rejects_uppercase_before_normalization) {
  expect_rejected(validate_username("Alice"), "username");
  EXPECT_TRUE(validate_username(normalize_username("Alice")).ok());
}

TEST(validate_username, accepts_3_to_32_characters) {
  expect_rejected(validate_username("ab"), "username");
  EXPECT_TRUE(validate_username("abc").ok());
  EXPECT_TRUE(validate_username(repeat("a", 32)).ok());
  expect_rejected(validate_username(repeat("a", 33)), "username");
}

TEST(validate_username, rejects_other_characters) {
  expect_rejected(validate_username("al ice"), "username");
  expect_rejected(validate_username("alice@home"), "username");
  expect_rejected(validate_username("caf\xC3\xA9"), "username");
  expect_rejected(validate_username("alice\0x"s), "username");
}

// --- password ---

TEST(validate_password, accepts_8_to_256_characters) {
  expect_rejected(validate_password("1234567"), "password");
  EXPECT_TRUE(validate_password("12345678").ok());
  EXPECT_TRUE(validate_password(repeat("p", 256)).ok());
  expect_rejected(validate_password(repeat("p", 257)), "password");
}

TEST(validate_password, password_length_counts_code_points) {
  const std::string euro = "\xE2\x82\xAC";
  // 7 euro signs are 21 bytes but only 7 characters: too short.
  expect_rejected(validate_password(repeat(euro, 7)), "password");
  EXPECT_TRUE(validate_password(repeat(euro, 8)).ok());
  // 256 euro signs are 768 bytes but within the limit.
  EXPECT_TRUE(validate_password(repeat(euro, 256)).ok());
  expect_rejected(validate_password(repeat(euro, 257)), "password");
}

TEST(validate_password, rejects_invalid_utf8) {
  expect_rejected(validate_password("passw\xC0\xAFord"), "password");
}

TEST(validate_password, names_the_given_field) {
  expect_rejected(validate_password("short", "new_password"), "new_password");
}

// --- display name ---

TEST(validate_display_name, accepts_empty_and_unicode) {
  EXPECT_TRUE(validate_display_name("").ok());
  EXPECT_TRUE(validate_display_name("Zo\xC3\xAB \xF0\x9F\x98\x80").ok());
}

TEST(validate_display_name, display_name_length_counts_code_points) {
  const std::string e_acute = "\xC3\xA9";
  EXPECT_TRUE(validate_display_name(repeat(e_acute, 64)).ok());
  expect_rejected(validate_display_name(repeat(e_acute, 65)), "display_name");
}

TEST(validate_display_name, rejects_control_characters) {
  expect_rejected(validate_display_name("Al\nice"), "display_name");
  expect_rejected(validate_display_name("Al\tice"), "display_name");
  expect_rejected(validate_display_name("Al\x7fice"), "display_name");
  expect_rejected(validate_display_name("Al\xC2\x85ice"), "display_name");  // U+0085 NEL
}

TEST(validate_display_name, rejects_invalid_utf8) {
  expect_rejected(validate_display_name("\xED\xA0\x80"), "display_name");
}

// --- bio ---

TEST(validate_bio, allows_newlines) {
  EXPECT_TRUE(validate_bio("").ok());
  EXPECT_TRUE(validate_bio("line one\nline two\n").ok());
}

TEST(validate_bio, rejects_other_control_characters) {
  expect_rejected(validate_bio("tab\there"), "bio");
  expect_rejected(validate_bio("bell\a"), "bio");
  expect_rejected(validate_bio("nul\0"s), "bio");
}

TEST(validate_bio, bio_length_counts_code_points) {
  const std::string euro = "\xE2\x82\xAC";
  EXPECT_TRUE(validate_bio(repeat(euro, 500)).ok());
  expect_rejected(validate_bio(repeat(euro, 501)), "bio");
}

TEST(validate_bio, rejects_invalid_utf8) {
  expect_rejected(validate_bio("trunc\xE2\x82"), "bio");
}

}  // namespace
}  // namespace natter::core
