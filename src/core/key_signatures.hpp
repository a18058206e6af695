#pragma once
// The checks of end-to-end encryption keys and of their signatures over the
// bytes protocol/key_formats.hpp defines. Keys and signatures are standard
// base64 without padding, as libolm prints them. Pure functions; any thread.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/ids.hpp"
#include "protocol/key_formats.hpp"
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

using protocol::device_list_signed_bytes;
using protocol::device_signed_bytes;
using protocol::key_signed_bytes;
using protocol::signing_key_signed_bytes;
// The lines of a device list (protocol::append_device_list_line), in the
// order given (the store's: device_id ascending, bytewise).
std::string device_list_lines(std::span<const store::device_record> devices);

// True when signature (base64) is ed25519_key's (base64) Ed25519 signature
// of message. False for anything malformed.
bool signature_verifies(std::string_view ed25519_key, std::string_view signature, std::string_view message);

}  // namespace natter::core
