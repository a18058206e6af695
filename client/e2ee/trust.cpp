#include "client/e2ee/trust.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <stdexcept>

#include "protocol/key_formats.hpp"

namespace natter::client::e2ee {

namespace json = boost::json;

namespace {

std::string base64(const unsigned char* bytes, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Five decimal digits from five bytes (a 40-bit big-endian number mod 100000).
std::string five_digits(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 5; ++i) v = (v << 8U) | p[i];
  std::string out = std::to_string(v % 100000);
  return std::string(5 - out.size(), '0') + out;
}

constexpr int safety_iterations = 5200;

// 30 digits for one user: SHA-512 over "natter-safety-v1\n<user>\n<key>",
// then 5,199 more rounds over the previous hash followed by the key.
std::string fingerprint(user_id u, std::string_view key) {
  const std::string first = "natter-safety-v1\n" + std::to_string(u) + "\n" + std::string(key);
  std::array<unsigned char, crypto_hash_sha512_BYTES> h{};
  crypto_hash_sha512(h.data(), reinterpret_cast<const unsigned char*>(first.data()), first.size());
  std::string round;
  for (int i = 1; i < safety_iterations; ++i) {
    round.assign(reinterpret_cast<const char*>(h.data()), h.size());
    round.append(key);
    crypto_hash_sha512(h.data(), reinterpret_cast<const unsigned char*>(round.data()), round.size());
  }
  std::string out;
  for (int i = 0; i < 6; ++i) out += five_digits(h.data() + static_cast<std::ptrdiff_t>(5 * i));
  return out;
}

}  // namespace

checked_devices check_user_keys(const protocol::user_keys& k) {
  checked_devices out;
  const std::string ssk = k.signing_key.value_or("");
  const bool key_ok = !ssk.empty();
  out.list_valid = key_ok && k.signed_list && [&] {
    std::string lines;
    for (const auto& d : k.signed_list->devices) {
      protocol::append_device_list_line(lines, d.device_id, d.ed25519);
    }
    return signature_verifies(ssk, k.signed_list->signature,
                              protocol::device_list_signed_bytes(k.user_id, k.signed_list->version, lines));
  }();
  for (const auto& d : k.devices) {
    if (!signature_verifies(d.ed25519, d.signature,
                            protocol::device_signed_bytes(k.user_id, d.device_id, d.curve25519, d.ed25519))) {
      continue;
    }
    peer p{k.user_id, d.device_id, d.curve25519, d.ed25519};
    const bool listed =
        out.list_valid && std::any_of(k.signed_list->devices.begin(), k.signed_list->devices.end(), [&](const auto& s) {
          return s.device_id == d.device_id && s.ed25519 == d.ed25519;
        });
    (listed ? out.trusted : out.unsigned_).push_back(std::move(p));
  }
  return out;
}

std::string_view describe(trust t) noexcept {
  switch (t) {
    case trust::unknown:
      return "no keys yet";
    case trust::unverified:
      return "not verified";
    case trust::verified:
      return "verified";
    case trust::changed:
      return "their keys changed";
    case trust::changed_after_verify:
      return "their keys changed since you verified them: check before sending";
  }
  return "unknown";
}

trust trust_store::observe(user_id u, std::string_view signing_key) {
  if (signing_key.empty()) return state_of(u);
  auto [it, fresh] = users_.try_emplace(u);
  auto& e = it->second;
  if (fresh || e.pinned.empty()) {
    e.pinned = std::string(signing_key);
  } else {
    e.seen = signing_key == e.pinned ? std::string() : std::string(signing_key);
  }
  return state_of(u);
}

trust trust_store::state_of(user_id u) const {
  auto it = users_.find(u);
  if (it == users_.end() || it->second.pinned.empty()) return trust::unknown;
  const auto& e = it->second;
  if (!e.seen.empty()) return e.verified ? trust::changed_after_verify : trust::changed;
  return e.verified ? trust::verified : trust::unverified;
}

bool trust_store::mark_verified(user_id u) {
  auto it = users_.find(u);
  if (it == users_.end() || it->second.pinned.empty() || !it->second.seen.empty()) return false;
  it->second.verified = true;
  return true;
}

void trust_store::acknowledge_change(user_id u) {
  auto it = users_.find(u);
  if (it == users_.end() || it->second.seen.empty()) return;
  it->second.pinned = std::exchange(it->second.seen, std::string());
  it->second.verified = false;
}

const std::string& trust_store::pinned_key(user_id u) const {
  static const std::string none;
  auto it = users_.find(u);
  return it == users_.end() ? none : it->second.pinned;
}

std::string trust_store::save() const {
  json::object users;
  for (const auto& [u, e] : users_) {
    users[std::to_string(u)] = json::object{{"pinned", e.pinned}, {"verified", e.verified}, {"seen", e.seen}};
  }
  return json::serialize(json::object{{"v", 1}, {"users", std::move(users)}});
}

trust_store trust_store::restore(std::string_view saved) {
  const auto root = json::parse(saved).as_object();
  if (root.at("v").to_number<std::int64_t>() != 1) throw std::runtime_error("e2ee: unknown trust version");
  trust_store t;
  for (const auto& [u, v] : root.at("users").as_object()) {
    const auto& o = v.as_object();
    t.users_[std::stoll(std::string(u))] = entry{std::string(o.at("pinned").as_string()), o.at("verified").as_bool(),
                                                 std::string(o.at("seen").as_string())};
  }
  return t;
}

self_signing::self_signing() : secret_(crypto_sign_SECRETKEYBYTES, '\0') {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  crypto_sign_keypair(pk.data(), reinterpret_cast<unsigned char*>(secret_.data()));
  public_ = base64(pk.data(), pk.size());
}

self_signing::~self_signing() {
  sodium_memzero(secret_.data(), secret_.size());
}

std::string self_signing::sign(std::string_view bytes) const {
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                       reinterpret_cast<const unsigned char*>(secret_.data()));
  return base64(sig.data(), sig.size());
}

protocol::keys_signing_key_request self_signing::publish(user_id u, bool replace) const {
  return {public_, sign(protocol::signing_key_signed_bytes(u, public_)), replace};
}

protocol::keys_sign_list_request self_signing::sign_list(user_id u, std::int64_t version,
                                                         std::span<const protocol::device_info> devices) const {
  std::string lines;
  for (const auto& d : devices) protocol::append_device_list_line(lines, d.device_id, d.ed25519);
  return {version, sign(protocol::device_list_signed_bytes(u, version, lines))};
}

std::string self_signing::save() const {
  return base64(reinterpret_cast<const unsigned char*>(secret_.data()), secret_.size());
}

self_signing self_signing::restore(std::string_view saved) {
  self_signing s;
  std::size_t written = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(s.secret_.data()), s.secret_.size(), saved.data(),
                        saved.size(), nullptr, &written, nullptr, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      written != s.secret_.size()) {
    throw std::runtime_error("e2ee: a damaged self-signing key");
  }
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  crypto_sign_ed25519_sk_to_pk(pk.data(), reinterpret_cast<const unsigned char*>(s.secret_.data()));
  s.public_ = base64(pk.data(), pk.size());
  return s;
}

std::string safety_number(user_id a, std::string_view signing_key_a, user_id b, std::string_view signing_key_b) {
  auto first = fingerprint(a, signing_key_a);
  auto second = fingerprint(b, signing_key_b);
  if (b < a) std::swap(first, second);
  const std::string digits = first + second;
  std::string out;
  for (std::size_t i = 0; i < digits.size(); i += 5) {
    if (!out.empty()) out += ' ';
    out += digits.substr(i, 5);
  }
  return out;
}

}  // namespace natter::client::e2ee
