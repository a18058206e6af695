#include "core/key_signatures.hpp"

#include <sodium.h>

#include <array>

namespace natter::core {

namespace {

bool is_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Decodes unpadded standard base64 of exactly out.size() bytes.
bool decode_exact(std::string_view text, std::span<unsigned char> out) noexcept {
  std::size_t written = 0;
  const char* end = nullptr;
  const int rc = sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end,
                                   sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  return rc == 0 && written == out.size() && end == text.data() + text.size();
}

}  // namespace

bool is_key_name(std::string_view s) noexcept {
  if (s.empty() || s.size() > max_device_id_chars) return false;
  for (char c : s) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

bool is_public_key(std::string_view s) noexcept {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> bytes{};
  return s.size() == key_base64_chars && decode_exact(s, bytes);
}

bool is_signature(std::string_view s) noexcept {
  std::array<unsigned char, crypto_sign_BYTES> bytes{};
  return s.size() == signature_base64_chars && decode_exact(s, bytes);
}

std::string device_list_lines(std::span<const store::device_record> devices) {
  std::string out;
  for (const auto& d : devices) protocol::append_device_list_line(out, d.device_id, d.ed25519);
  return out;
}

bool signature_verifies(std::string_view ed25519_key, std::string_view signature, std::string_view message) {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> key{};
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  if (ed25519_key.size() != key_base64_chars || !decode_exact(ed25519_key, key)) return false;
  if (signature.size() != signature_base64_chars || !decode_exact(signature, sig)) return false;
  return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     key.data()) == 0;
}

}  // namespace natter::core
