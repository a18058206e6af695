#pragma once
// Random tokens and their hashes (libsodium).

#include <string>
#include <string_view>

namespace natter::core {

// Initialises libsodium; call once at start-up. Throws std::runtime_error on failure.
void init_crypto();

// bytes random bytes (libsodium CSPRNG), base64url without padding; never begins with '-'.
std::string random_token(std::size_t bytes = 32);

// Lower-case hex SHA-256 of s. Refresh and reset tokens are stored only as this.
std::string sha256_hex(std::string_view s);

// Constant-time equality for secrets of possibly different lengths.
bool equal_secrets(std::string_view a, std::string_view b) noexcept;

}  // namespace natter::core
