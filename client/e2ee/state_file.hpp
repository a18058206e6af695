#pragma once
// A device's e2ee state at rest: two files in a directory only the user may
// read (mode 0700; files 0600). "e2ee.key" holds 32 random bytes; "e2ee.state"
// the state, sealed with XChaCha20-Poly1305 (libsodium) under a key derived
// from them. A state file copied without its key file (a backup, a synced
// folder) reads as noise; a changed byte is refused, not half-read. Writes go
// to a temporary file, are synced, then renamed over the old one, so a crash
// leaves the old state or the new one, never a mix.
//
// The key file is not protected from someone who can read the user's files:
// that would need the operating system's keyring (docs/security.md).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace natter::client::e2ee {

class state_file {
 public:
  // Creates dir (0700) and its key file when missing.
  explicit state_file(std::filesystem::path dir);

  // The key device::save pickles libolm's objects with (derived, 32 bytes).
  const std::string& pickle_key() const noexcept { return pickle_key_; }
  // The saved state; nullopt when none was saved. Throws std::runtime_error
  // when the file was changed or belongs to another key.
  std::optional<std::string> load() const;
  // Replaces the saved state durably (returns once it is on disk).
  void store(std::string_view state) const;

  const std::filesystem::path& path() const noexcept { return state_; }

 private:
  std::filesystem::path dir_;
  std::filesystem::path state_;
  std::string seal_key_;
  std::string pickle_key_;
};

}  // namespace natter::client::e2ee
