#include "core/access_tokens.hpp"

#include <gtest/gtest.h>
#include <jwt.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/secrets.hpp"

namespace natter::core {
namespace {

using namespace std::chrono_literals;

struct jwt_deleter {
  void operator()(jwt_t* j) const noexcept { jwt_free(j); }
};
using jwt_ptr = std::unique_ptr<jwt_t, jwt_deleter>;

struct free_deleter {
  void operator()(char* s) const noexcept { std::free(s); }
};

constexpr std::string_view key = "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk";  // 32 bytes, the minimum
constexpr std::string_view other_key = "oooooooooooooooooooooooooooooooo";

std::string base64url(std::string_view bytes) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    variant);
  out.resize(out.size() - 1);
  return out;
}

// Claims that would be accepted at the default manual_clock start.
std::string valid_claims_json() {
  return R"({"sub":"42","iat":1700000000,"exp":1700000900,"jti":"abc"})";
}

// Signs grants (a JSON object) with libjwt, independently of access_tokens.
std::string sign_with(jwt_alg_t alg, std::string_view signing_key, const std::string& grants) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new");
  const jwt_ptr j(raw);
  if (jwt_set_alg(j.get(), alg, reinterpret_cast<const unsigned char*>(signing_key.data()),
                  static_cast<int>(signing_key.size())) != 0 ||
      jwt_add_grants_json(j.get(), grants.c_str()) != 0) {
    throw std::runtime_error("jwt setup");
  }
  const std::unique_ptr<char, free_deleter> encoded(jwt_encode_str(j.get()));
  if (!encoded) throw std::runtime_error("jwt_encode_str");
  return encoded.get();
}

std::string part(const std::string& token, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
  return token.substr(start, token.find('.', start) - start);
}

void expect_error(const result<access_claims>& r, errc code) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, code);
}

class access_tokens_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { init_crypto(); }

  manual_clock clock_;
  access_tokens tokens_{std::string(key), 900s, clock_};
};

TEST_F(access_tokens_test, token_round_trips_claims) {
  const auto issued = tokens_.issue(42);
  EXPECT_EQ(issued.expires_in, 900s);
  EXPECT_EQ(issued.claims.user, 42);
  EXPECT_EQ(issued.claims.issued_at, 1'700'000'000'000);
  EXPECT_EQ(issued.claims.expires_at, 1'700'000'900'000);

  const auto verified = tokens_.verify(issued.token);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->user, 42);
  EXPECT_EQ(verified->issued_at, issued.claims.issued_at);
  EXPECT_EQ(verified->expires_at, issued.claims.expires_at);
  EXPECT_EQ(verified->jti, issued.claims.jti);
}

TEST_F(access_tokens_test, session_round_trips_as_sid) {
  const auto issued = tokens_.issue(42, "family-1");
  EXPECT_EQ(issued.claims.session, "family-1");
  const auto verified = tokens_.verify(issued.token);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->session, "family-1");
}

TEST_F(access_tokens_test, token_without_session_verifies_with_empty_session) {
  const auto verified = tokens_.verify(tokens_.issue(42).token);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->session, "");
}

TEST_F(access_tokens_test, sid_that_is_not_a_non_empty_string_is_unauthorized) {
  const char* const claims[] = {
      R"({"sub":"42","iat":1700000000,"exp":1700000900,"jti":"abc","sid":7})",
      R"({"sub":"42","iat":1700000000,"exp":1700000900,"jti":"abc","sid":""})",
      R"({"sub":"42","iat":1700000000,"exp":1700000900,"jti":"abc","sid":null})",
  };
  for (const char* c : claims) {
    SCOPED_TRACE(c);
    expect_error(tokens_.verify(sign_with(JWT_ALG_HS256, key, c)), errc::unauthorized);
  }
}

TEST_F(access_tokens_test, claims_carry_whole_seconds) {
  clock_.advance(1'999ms);
  const auto issued = tokens_.issue(7);
  EXPECT_EQ(issued.claims.issued_at, 1'700'000'001'000);
  EXPECT_EQ(tokens_.verify(issued.token)->issued_at, 1'700'000'001'000);
}

TEST_F(access_tokens_test, subject_is_a_decimal_string) {
  const auto issued = tokens_.issue(1234567890123);
  jwt_t* raw = nullptr;
  ASSERT_EQ(jwt_decode(&raw, issued.token.c_str(), reinterpret_cast<const unsigned char*>(key.data()),
                       static_cast<int>(key.size())),
            0);
  const jwt_ptr j(raw);
  ASSERT_NE(jwt_get_grant(j.get(), "sub"), nullptr);
  EXPECT_STREQ(jwt_get_grant(j.get(), "sub"), "1234567890123");
  EXPECT_EQ(jwt_get_alg(j.get()), JWT_ALG_HS256);
}

TEST_F(access_tokens_test, each_token_has_its_own_jti) {
  EXPECT_NE(tokens_.issue(1).claims.jti, tokens_.issue(1).claims.jti);
}

TEST_F(access_tokens_test, token_is_valid_until_just_before_exp) {
  const auto issued = tokens_.issue(42);
  clock_.advance(899'999ms);
  EXPECT_TRUE(tokens_.verify(issued.token).ok());
}

TEST_F(access_tokens_test, expired_token_reports_token_expired) {
  const auto issued = tokens_.issue(42);
  clock_.advance(900s);
  expect_error(tokens_.verify(issued.token), errc::token_expired);
}

TEST_F(access_tokens_test, expiry_follows_the_injected_clock_not_the_wall_clock) {
  manual_clock past(1'000'000'000'000);  // 2001: every token it issues is long expired by wall time
  const access_tokens tokens{std::string(key), 60s, past};
  EXPECT_TRUE(tokens.verify(tokens.issue(5).token).ok());
}

TEST_F(access_tokens_test, token_signed_with_other_key_is_unauthorized) {
  manual_clock same_time;
  const access_tokens forger{std::string(other_key), 900s, same_time};
  expect_error(tokens_.verify(forger.issue(42).token), errc::unauthorized);
}

TEST_F(access_tokens_test, alg_none_token_is_rejected) {
  const std::string token = base64url(R"({"alg":"none","typ":"JWT"})") + "." + base64url(valid_claims_json()) + ".";
  expect_error(tokens_.verify(token), errc::unauthorized);
}

TEST_F(access_tokens_test, alg_none_token_with_a_signature_is_rejected) {
  const std::string signed_token = tokens_.issue(42).token;
  const std::string token =
      base64url(R"({"alg":"none","typ":"JWT"})") + "." + part(signed_token, 1) + "." + part(signed_token, 2);
  expect_error(tokens_.verify(token), errc::unauthorized);
}

TEST_F(access_tokens_test, hs512_token_is_rejected) {
  expect_error(tokens_.verify(sign_with(JWT_ALG_HS512, key, valid_claims_json())), errc::unauthorized);
}

TEST_F(access_tokens_test, hs384_token_is_rejected) {
  expect_error(tokens_.verify(sign_with(JWT_ALG_HS384, key, valid_claims_json())), errc::unauthorized);
}

TEST_F(access_tokens_test, hand_signed_hs256_token_with_all_claims_is_accepted) {
  // Guards the rejection tests below: they fail for their one missing claim only.
  const auto verified = tokens_.verify(sign_with(JWT_ALG_HS256, key, valid_claims_json()));
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->user, 42);
  EXPECT_EQ(verified->jti, "abc");
}

TEST_F(access_tokens_test, tampered_payload_is_rejected) {
  const std::string token = tokens_.issue(42).token;
  const std::string forged_payload = base64url(R"({"sub":"1","iat":1700000000,"exp":1700000900,"jti":"abc"})");
  const std::string tampered = part(token, 0) + "." + forged_payload + "." + part(token, 2);
  expect_error(tokens_.verify(tampered), errc::unauthorized);
}

TEST_F(access_tokens_test, tampered_signature_is_rejected) {
  std::string token = tokens_.issue(42).token;
  token.back() = token.back() == 'A' ? 'B' : 'A';
  expect_error(tokens_.verify(token), errc::unauthorized);
}

TEST_F(access_tokens_test, token_missing_a_claim_is_unauthorized) {
  const char* const claims[] = {
      R"({"iat":1700000000,"exp":1700000900,"jti":"abc"})",
      R"({"sub":"42","exp":1700000900,"jti":"abc"})",
      R"({"sub":"42","iat":1700000000,"jti":"abc"})",
      R"({"sub":"42","iat":1700000000,"exp":1700000900})",
  };
  for (const char* c : claims) {
    SCOPED_TRACE(c);
    expect_error(tokens_.verify(sign_with(JWT_ALG_HS256, key, c)), errc::unauthorized);
  }
}

TEST_F(access_tokens_test, subject_must_be_a_positive_integer_string) {
  const char* const claims[] = {
      R"({"sub":42,"iat":1700000000,"exp":1700000900,"jti":"abc"})",
      R"({"sub":"0","iat":1700000000,"exp":1700000900,"jti":"abc"})",
      R"({"sub":"-4","iat":1700000000,"exp":1700000900,"jti":"abc"})",
      R"({"sub":"042","iat":1700000000,"exp":1700000900,"jti":"abc"})",
      R"({"sub":"42x","iat":1700000000,"exp":1700000900,"jti":"abc"})",
      R"({"sub":"","iat":1700000000,"exp":1700000900,"jti":"abc"})",
  };
  for (const char* c : claims) {
    SCOPED_TRACE(c);
    expect_error(tokens_.verify(sign_with(JWT_ALG_HS256, key, c)), errc::unauthorized);
  }
}

TEST_F(access_tokens_test, times_must_be_integers) {
  const char* const claims[] = {
      R"({"sub":"42","iat":1700000000,"exp":"1700000900","jti":"abc"})",
      R"({"sub":"42","iat":1700000000,"exp":1700000900.5,"jti":"abc"})",
      R"({"sub":"42","iat":"now","exp":1700000900,"jti":"abc"})",
      R"({"sub":"42","iat":1700000000,"exp":99999999999999999,"jti":"abc"})",
  };
  for (const char* c : claims) {
    SCOPED_TRACE(c);
    expect_error(tokens_.verify(sign_with(JWT_ALG_HS256, key, c)), errc::unauthorized);
  }
}

TEST_F(access_tokens_test, malformed_tokens_are_unauthorized) {
  for (const char* t : {"", "abc", "a.b", "a.b.c", "...", "Bearer x.y.z"}) {
    SCOPED_TRACE(t);
    expect_error(tokens_.verify(t), errc::unauthorized);
  }
}

TEST_F(access_tokens_test, bytes_after_an_embedded_nul_are_not_ignored) {
  std::string token = tokens_.issue(42).token;
  token += std::string("\0junk", 5);
  expect_error(tokens_.verify(token), errc::unauthorized);
}

TEST(access_tokens_construction, key_shorter_than_32_bytes_is_refused) {
  manual_clock clock;
  EXPECT_THROW(static_cast<void>(access_tokens(std::string(31, 'k'), 900s, clock)), std::invalid_argument);
  EXPECT_NO_THROW(static_cast<void>(access_tokens(std::string(32, 'k'), 900s, clock)));
}

}  // namespace
}  // namespace natter::core
