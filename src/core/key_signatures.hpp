#pragma once
// The bytes end-to-end encryption keys are signed over, and their checks.
// Signed bytes are fixed UTF-8 strings with fields separated by "\n" (no
// canonical JSON), the same in every language (docs/protocol.md, "Signed
// bytes"). Keys and signatures are standard base64 without padding, as
// libolm prints them. Pure functions; any thread.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/ids.hpp"
#include "store/records.hpp"

namespace natter::core {

inline constexpr std::size_t key_base64_chars = 43;        // 32 bytes
inline constexpr std::size_t signature_base64_chars = 86;  // 64 bytes
inline constexpr std::size_t max_device_id_chars = 32;     // also key ids

// 1 to 32 of [A-Za-z0-9_-]: device ids and key ids.
bool is_key_name(std::string_view s) noexcept;
// Unpadded base64 of a 32-byte key.
bool is_public_key(std::string_view s) noexcept;
// Unpadded base64 of a 64-byte signature.
bool is_signature(std::string_view s) noexcept;

// "natter-device-v1\n<user_id>\n<device_id>\n<curve25519>\n<ed25519>"
std::string device_signed_bytes(user_id u, std::string_view device_id, std::string_view curve25519,
                                std::string_view ed25519);
// "natter-otk-v1\n<user_id>\n<device_id>\n<key_id>\n<curve25519>" (one-time and fallback keys)
std::string key_signed_bytes(user_id u, std::string_view device_id, std::string_view key_id,
                             std::string_view curve25519);
// "natter-ssk-v1\n<user_id>\n<ed25519>", signed by that key itself.
std::string signing_key_signed_bytes(user_id u, std::string_view ed25519);
// The lines of a device list: "<device_id> <ed25519>\n" per device, in the
// order given (the store's: device_id ascending, bytewise).
std::string device_list_lines(std::span<const store::device_record> devices);
// "natter-devices-v1\n<user_id>\n<version>\n" followed by those lines.
std::string device_list_signed_bytes(user_id u, std::int64_t version, std::string_view lines);

// True when signature (base64) is ed25519_key's (base64) Ed25519 signature
// of message. False for anything malformed.
bool signature_verifies(std::string_view ed25519_key, std::string_view signature, std::string_view message);

}  // namespace natter::core
