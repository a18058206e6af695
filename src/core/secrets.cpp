#include "core/secrets.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace natter::core {

void init_crypto() {
  // 1 means "already initialised", which is fine: tests and the app may both call this.
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  // A token that begins with '-' reads as an option on a command line (natterd admin
  // revoke-invite, natter reset), so the first byte is drawn again until it does not
  // encode to '-'. That costs log2(64/63), about 0.02 bits.
  do {
    randombytes_buf(raw.data(), raw.size());
  } while (bytes > 0 && (raw[0] >> 2U) == 62U);
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  // The encoded length includes the terminating NUL that sodium writes.
  std::string encoded(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), raw.data(), raw.size(), variant);
  encoded.resize(encoded.size() - 1);
  sodium_memzero(raw.data(), raw.size());
  return encoded;
}

std::string sha256_hex(std::string_view s) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(s.data()), s.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.resize(digest.size() * 2);
  return hex;
}

bool equal_secrets(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    // Still walk the whole input so that the time taken depends only on the
    // lengths, never on where the contents would have differed.
    const int ignored = sodium_memcmp(a.data(), a.data(), a.size());
    static_cast<void>(ignored);
    return false;
  }
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace natter::core
