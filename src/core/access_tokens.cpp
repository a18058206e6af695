#include "core/access_tokens.hpp"

#include <jwt.h>

#include <charconv>
#include <climits>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/secrets.hpp"

namespace natter::core {
namespace {

constexpr std::size_t min_key_bytes = 32;
constexpr std::size_t jti_bytes = 16;
// Far larger than any token we issue; bounds the work an attacker can ask for.
constexpr std::size_t max_token_bytes = 4096;
// Claims above this (in seconds) would overflow when converted to ms.
constexpr long max_claim_seconds = std::numeric_limits<unix_ms>::max() / 1000;

struct jwt_deleter {
  void operator()(jwt_t* j) const noexcept { jwt_free(j); }
};
using jwt_ptr = std::unique_ptr<jwt_t, jwt_deleter>;

struct c_string_deleter {
  void operator()(char* s) const noexcept { std::free(s); }  // libjwt allocates with malloc
};

void check(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string("libjwt: ") + what + " failed");
}

// A claim that must be a JSON integer in [0, max_claim_seconds]. Read as JSON
// text because jwt_get_grant_int cannot tell 0 from a string or a missing claim
// in every libjwt release.
std::optional<long> seconds_claim(jwt_t* j, const char* name) {
  const std::unique_ptr<char, c_string_deleter> json(jwt_get_grants_json(j, name));
  if (!json) return std::nullopt;
  const std::string_view text(json.get());
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < 0 || value > max_claim_seconds) return std::nullopt;
  return value;
}

// sub must be a JSON string holding a positive decimal integer in canonical
// form, so that one user has exactly one spelling.
std::optional<store::user_id> subject_claim(jwt_t* j) {
  const char* sub = jwt_get_grant(j, "sub");
  if (sub == nullptr) return std::nullopt;
  const std::string_view text(sub);
  store::user_id id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  if (std::to_string(id) != text) return std::nullopt;
  return id;
}

// sid is optional (a token need not belong to a session), but when present it
// must be a non-empty string. Returns nullopt when it is malformed.
std::optional<std::string> session_claim(jwt_t* j) {
  const std::unique_ptr<char, c_string_deleter> json(jwt_get_grants_json(j, "sid"));
  if (!json) return std::string();
  const char* sid = jwt_get_grant(j, "sid");
  if (sid == nullptr || *sid == '\0') return std::nullopt;
  return std::string(sid);
}

// Every claim we require, or nullopt when any is missing or malformed.
std::optional<access_claims> read_claims(jwt_t* j) {
  const auto user = subject_claim(j);
  const auto iat = seconds_claim(j, "iat");
  const auto exp = seconds_claim(j, "exp");
  const char* jti = jwt_get_grant(j, "jti");
  auto session = session_claim(j);
  if (!user || !iat || !exp || jti == nullptr || *jti == '\0' || !session) return std::nullopt;
  return access_claims{*user, unix_ms{*iat} * 1000, unix_ms{*exp} * 1000, std::string(jti), std::move(*session)};
}

}  // namespace

access_tokens::access_tokens(std::string key, std::chrono::seconds ttl, const clock& clock)
    : key_(std::move(key)), ttl_(ttl), clock_(clock) {
  if (key_.size() < min_key_bytes) throw std::invalid_argument("access token key must be at least 32 bytes");
  if (key_.size() > static_cast<std::size_t>(INT_MAX)) throw std::invalid_argument("access token key too long");
  if (ttl_ <= std::chrono::seconds::zero()) throw std::invalid_argument("access token ttl must be positive");
}

issued_access_token access_tokens::issue(store::user_id user, std::string session) const {
  const long iat = static_cast<long>(clock_.now_ms() / 1000);
  const long exp = iat + static_cast<long>(ttl_.count());

  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::bad_alloc();
  const jwt_ptr j(raw);
  check(jwt_set_alg(j.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key_.data()),
                    static_cast<int>(key_.size())),
        "jwt_set_alg");

  access_claims claims{user, unix_ms{iat} * 1000, unix_ms{exp} * 1000, random_token(jti_bytes), std::move(session)};
  check(jwt_add_grant(j.get(), "sub", std::to_string(user).c_str()), "add sub");
  check(jwt_add_grant_int(j.get(), "iat", iat), "add iat");
  check(jwt_add_grant_int(j.get(), "exp", exp), "add exp");
  check(jwt_add_grant(j.get(), "jti", claims.jti.c_str()), "add jti");
  if (!claims.session.empty()) check(jwt_add_grant(j.get(), "sid", claims.session.c_str()), "add sid");

  const std::unique_ptr<char, c_string_deleter> encoded(jwt_encode_str(j.get()));
  if (!encoded) throw std::runtime_error("libjwt: jwt_encode_str failed");
  return issued_access_token{std::string(encoded.get()), ttl_, std::move(claims)};
}

result<access_claims> access_tokens::verify(std::string_view token) const {
  // libjwt reads a C string: an embedded NUL would hide whatever follows it.
  if (token.empty() || token.size() > max_token_bytes || token.find('\0') != std::string_view::npos) {
    return errc::unauthorized;
  }
  const std::string text(token);
  jwt_t* raw = nullptr;
  const int rc = jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(key_.data()),
                            static_cast<int>(key_.size()));
  const jwt_ptr j(raw);  // frees raw on every path, including a failed decode
  if (rc != 0 || !j) return errc::unauthorized;
  // jwt_decode verifies with whatever algorithm the header names; only ours is acceptable.
  if (jwt_get_alg(j.get()) != JWT_ALG_HS256) return errc::unauthorized;

  auto claims = read_claims(j.get());
  if (!claims) return errc::unauthorized;
  if (claims->expires_at <= clock_.now_ms()) return errc::token_expired;
  return std::move(*claims);
}

}  // namespace natter::core
