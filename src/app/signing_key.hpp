#pragma once
#include <filesystem>
#include <string>

namespace natter::app {

// The JWT signing key: `configured` when given (at least 32 bytes), else the
// contents of key_file, created with 48 random bytes and mode 0600 on first
// use. Throws std::runtime_error when the key cannot be read or made.
std::string load_signing_key(const std::string& configured, const std::filesystem::path& key_file);

}  // namespace natter::app
