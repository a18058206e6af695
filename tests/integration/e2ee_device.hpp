#pragma once
// Client devices with real Ed25519 keys (libsodium) that sign what they
// upload as docs/protocol.md says ("Signed bytes"), like libolm's
// olm_account_sign would.

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <boost/json.hpp>
#include <stdexcept>
#include <string>

namespace natter::testing {

inline std::string b64(const unsigned char* bytes, std::size_t n) {
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(out.size() - 1);  // the NUL
  return out;
}

// An Ed25519 key pair that signs like libolm's olm_account_sign.
struct signer {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  signer() {
    if (sodium_init() < 0) throw std::runtime_error("sodium");
    crypto_sign_keypair(pk.data(), sk.data());
  }
  std::string public_key() const { return b64(pk.data(), pk.size()); }
  std::string sign(const std::string& message) const {
    std::array<unsigned char, crypto_sign_BYTES> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         sk.data());
    return b64(sig.data(), sig.size());
  }
};

inline std::string random_key() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return b64(bytes.data(), bytes.size());
}

// One client install: its identity keys and how it signs what it uploads.
struct test_device {
  std::int64_t user = 0;
  std::string id;
  signer ed;
  std::string curve = random_key();

  std::string device_bytes() const {
    return "natter-device-v1\n" + std::to_string(user) + "\n" + id + "\n" + curve + "\n" + ed.public_key();
  }
  boost::json::object key(const std::string& key_id) const {
    const auto k = random_key();
    return {{"key_id", key_id},
            {"curve25519", k},
            {"signature", ed.sign("natter-otk-v1\n" + std::to_string(user) + "\n" + id + "\n" + key_id + "\n" + k)}};
  }
  boost::json::array keys(int count, const std::string& prefix = "k") const {
    boost::json::array out;
    for (int i = 0; i < count; ++i) out.push_back(key(prefix + std::to_string(i)));
    return out;
  }
  // keys.upload of this device with count one-time keys (and a fallback key).
  boost::json::object upload(int count = 0, bool fallback = false) const {
    boost::json::object r{{"type", "keys.upload"},
                          {"device_id", id},
                          {"curve25519", curve},
                          {"ed25519", ed.public_key()},
                          {"signature", ed.sign(device_bytes())},
                          {"display_name", "Laptop"},
                          {"one_time_keys", keys(count)}};
    if (fallback) r["fallback_key"] = key("fallback");
    return r;
  }
};

}  // namespace natter::testing
