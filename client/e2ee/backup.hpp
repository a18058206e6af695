#pragma once
// Key backup (docs/security.md, "Key backup"): the group session keys a
// device holds, sealed on the client under a key derived from a recovery
// passphrase, so that a new device can read old history. libsodium on both
// kinds of client (the web app's src/e2ee/backup.ts does the same):
// - the backup key: Argon2id (crypto_pwhash, ALG_ARGON2ID13) of the
//   passphrase with a random 16-byte salt, 32 bytes;
// - each entry: XChaCha20-Poly1305 (IETF) with a random 24-byte nonce, the
//   associated data "natter-backup-v1\n<entry id>", stored as unpadded
//   base64 of nonce || ciphertext;
// - auth_data, published with the backup: {"v":1,"alg":"natter.backup.v1",
//   "salt","ops","mem","check"}, where check is the seal of "" under the
//   entry id "check", so a wrong passphrase is told apart from a damaged
//   entry. The server stores auth_data and entries and can read neither.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace natter::client::e2ee {

struct argon2_cost {
  std::uint64_t ops = 3;                     // crypto_pwhash_OPSLIMIT_MODERATE
  std::size_t mem = std::size_t{64} << 20U;  // 64 MiB: fits a phone's browser
};

class backup_key {
 public:
  // A new backup: a random salt and the auth_data to publish with it.
  static std::pair<backup_key, std::string> create(std::string_view passphrase, argon2_cost cost = {});
  // The key of an existing backup; nullopt when the passphrase is wrong or
  // auth_data is not one this client knows.
  static std::optional<backup_key> open(std::string_view passphrase, std::string_view auth_data);

  ~backup_key();
  backup_key(const backup_key&) = default;
  backup_key& operator=(const backup_key&) = default;

  std::string seal(std::string_view entry_id, std::string_view plaintext) const;
  // nullopt when sealed was changed, belongs to another entry or another key.
  std::optional<std::string> unseal(std::string_view entry_id, std::string_view sealed) const;

  // The derived key as base64, to keep inside a device's sealed state
  // (state_file) so that new keys are backed up as they come; never in a
  // plain file. restore: nullopt when saved is not such a key.
  std::string save() const;
  static std::optional<backup_key> restore(std::string_view saved);

 private:
  backup_key() = default;
  std::string key_;  // 32 bytes
};

}  // namespace natter::client::e2ee
