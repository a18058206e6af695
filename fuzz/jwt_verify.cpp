// Access-token verification (core::access_tokens::verify) with a fixed key
// and a clock that stands still, so that the signed tokens of the seed corpus
// (fuzz/jwt_seeds.py) stay valid.
//
// Properties: no crash or sanitizer report; a token verify accepts is signed
// with the key under HS256 — its signature is exactly the base64url
// HMAC-SHA256 of its header and payload, computed here with libsodium, so an
// unsigned token, alg "none", another algorithm or a tampered header or
// payload is never accepted; what it accepts names a user, a jti, and has not
// expired; a token issue() produced verifies to the claims it was issued with.

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "core/access_tokens.hpp"
#include "core/secrets.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace natter;
using fuzz::check;

// Shared with fuzz/jwt_seeds.py, which signs the seed tokens with it.
constexpr std::string_view key = "natter-fuzz-jwt-key-0123456789abcdef";
constexpr unix_ms now_ms = 1'700'000'000'000;

struct fixture {
  manual_clock clock{now_ms};
  core::access_tokens tokens{std::string(key), std::chrono::seconds(900), clock};
  std::vector<core::issued_access_token> issued;
};

fixture& state() {
  static fixture* f = [] {
    core::init_crypto();
    return new fixture;  // never freed: the fuzzer calls into it until exit
  }();
  return *f;
}

std::string base64url(const unsigned char* bytes, std::size_t size) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(size, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
  out.resize(out.size() - 1);  // sodium writes a terminating NUL
  return out;
}

// Whether token's third part is the HS256 signature of its first two with key.
bool signed_with_key(std::string_view token) {
  const auto first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return false;
  const auto second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return false;
  const auto signed_part = token.substr(0, second_dot);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state h;
  crypto_auth_hmacsha256_init(&h, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&h, reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size());
  crypto_auth_hmacsha256_final(&h, mac.data());
  return token.substr(second_dot + 1) == base64url(mac.data(), mac.size());
}

bool same_claims(const core::access_claims& a, const core::access_claims& b) {
  return a.user == b.user && a.issued_at == b.issued_at && a.expires_at == b.expires_at && a.jti == b.jti &&
         a.session == b.session;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto& f = state();
  f.issued.push_back(f.tokens.issue(1));
  f.issued.push_back(f.tokens.issue(42, "family-1"));
  f.issued.push_back(f.tokens.issue(9'007'199'254'740'993, "f"));
  for (const auto& t : f.issued) {
    auto claims = f.tokens.verify(t.token);
    check(claims.ok() && same_claims(*claims, t.claims), "an issued token verifies to its claims");
    check(signed_with_key(t.token), "the signature check agrees with libjwt");
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& f = state();
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  auto claims = f.tokens.verify(token);
  if (!claims) {
    const auto code = claims.err().code;
    check(code == errc::unauthorized || code == errc::token_expired, "a refused token is unauthorized or expired");
    for (const auto& t : f.issued) check(t.token != token, "an issued token verifies");
    return 0;
  }
  check(signed_with_key(token), "only tokens signed with the key under HS256 are accepted");
  check(claims->user > 0 && !claims->jti.empty() && claims->expires_at > now_ms, "accepted claims are complete");
  for (const auto& t : f.issued) {
    if (t.token == token) check(same_claims(*claims, t.claims), "an issued token verifies to its claims");
  }
  return 0;
}
