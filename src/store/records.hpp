#pragma once
// Plain records the store reads and writes. No JSON, no HTTP.

#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "common/ids.hpp"

namespace natter::store {

using natter::user_id;

// A user as every module sees it: the profile, never the credentials.
struct user_record {
  user_id id = 0;
  std::string email;     // as entered; unique case-insensitively
  std::string username;  // lower case; unique
  std::string display_name;
  std::string bio;
  unix_ms created_at = 0;
  std::optional<unix_ms> last_seen;  // when the user last went offline
  std::string avatar;                // a media id of kind avatar; empty: none
};

// What proves a user's identity. Kept apart from user_record and read only by
// the store calls that name it (credentials_*), which only core::accounts
// makes: scripts/check_layers.py fails the build on any other use.
struct user_credentials {
  user_id user = 0;
  std::string password_hash;  // Argon2id encoded string (libsodium format)
};

struct new_user {
  std::string email;
  std::string username;
  std::string display_name;
  std::string password_hash;
  unix_ms created_at = 0;
};

// Fields left empty are not changed.
struct profile_update {
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> display_name;
  std::optional<std::string> bio;
  std::optional<std::string> avatar;  // "": remove it
};

// A refresh token as stored: only its hash, never the token itself.
struct refresh_token_record {
  std::int64_t id = 0;
  user_id user = 0;
  std::string family;      // random id shared by every rotation of one login
  std::string token_hash;  // hex SHA-256 of the token
  unix_ms created_at = 0;
  unix_ms expires_at = 0;
  std::optional<unix_ms> rotated_at;  // set when it was exchanged for a successor
  std::optional<unix_ms> revoked_at;  // set on logout, password change, reuse
  std::string user_agent;             // of the request that made it (at most 256 bytes)
  std::string remote_addr;
};

// What is left of a deleted account: the row stays (their messages keep a
// sender) under a name and an address no one can use.
struct account_erasure {
  std::string username;      // "deleted-<id>"
  std::string email;         // "<id>@deleted.invalid"
  std::string display_name;  // "Deleted user"
  unix_ms at = 0;
  unix_ms reserve_until = 0;  // the old username cannot be taken before then
};

// One open session (a refresh family), as its owner sees it in a list.
struct session_record {
  std::string family;
  unix_ms created_at = 0;    // the login
  unix_ms last_used_at = 0;  // the last refresh (or the login)
  unix_ms expires_at = 0;    // of its current refresh token
  std::string user_agent;    // of the last refresh
  std::string remote_addr;
};

// A password reset mailed to a user: its token is stored only as a hash and
// works once, until expires_at.
struct password_reset_record {
  std::string token_hash;  // hex SHA-256 of the token
  user_id user = 0;
  unix_ms created_at = 0;
  unix_ms expires_at = 0;
};

// A mailed link that confirms an address: a new one before it replaces the
// account's, or the account's own (verification).
struct email_confirmation_record {
  std::string token_hash;  // hex SHA-256 of the token
  user_id user = 0;
  std::string email;  // the address the link was mailed to
  unix_ms created_at = 0;
  unix_ms expires_at = 0;
};

// What the user sees of their own address.
struct email_state {
  bool verified = false;               // the current address was confirmed by a mailed link
  std::optional<std::string> pending;  // a new address waiting for its link, unexpired
};

struct audit_event {
  std::int64_t id = 0;  // assigned by the store
  unix_ms at = 0;
  std::optional<user_id> user;
  std::string kind;         // e.g. "login.ok", "refresh.reuse_detected"
  std::string remote_addr;  // may be empty
  std::string detail;       // short free text; never a secret or message body
};

// --- administration (migration 12) ---

// What an operator set on an account; both empty for an ordinary one (and for
// a user that does not exist).
struct account_state {
  std::optional<unix_ms> admin_since;  // a server administrator since then
  std::optional<unix_ms> disabled_at;  // disabled: no login, no refresh
};

// Which audit events to read: every given condition holds; newest first.
struct audit_filter {
  std::optional<user_id> user;
  std::optional<std::string> kind;
  int limit = 50;
};

// An invitation to register on an invite-only server. Its code is stored only
// as a hash and works once, until expires_at.
struct invite_record {
  std::string id;                     // random, public: how operators list and revoke it
  std::string code_hash;              // hex SHA-256 of the code
  std::optional<user_id> created_by;  // empty: made with natterd admin
  unix_ms created_at = 0;
  unix_ms expires_at = 0;
  std::optional<unix_ms> used_at;
  std::optional<user_id> used_by;
  std::optional<unix_ms> revoked_at;
};

// A group as an operator sees it in a list.
struct group_summary {
  natter::conversation_id id = 0;
  std::string name;
  unix_ms created_at = 0;
  std::int64_t member_count = 0;
};

// --- end administration ---

// --- end-to-end encryption keys (migration 20) ---
// Public keys only: the server never holds a private key (docs/security.md).

// One client install of a user, bound to the login session that uploaded it.
struct device_record {
  user_id user = 0;
  std::string device_id;   // chosen by the client: 1-32 of [A-Za-z0-9_-]
  std::string session;     // refresh-token family (claim sid): its end removes the device
  std::string curve25519;  // identity keys, unpadded base64 (43 characters)
  std::string ed25519;
  std::string signature;  // by ed25519 over the device's signed bytes
  std::string display_name;
  unix_ms created_at = 0;
};

// A one-time or fallback key of a device, signed by the device's ed25519 key.
struct device_key_record {
  std::string key_id;
  std::string curve25519;
  std::string signature;
};

// What a claim handed out for one device.
struct claimed_key_record {
  device_key_record key;
  bool fallback = false;  // the device had no one-time key left; the fallback key is kept
};

// A user's key directory state. A user who never published anything has
// version 0 and no signing key.
struct key_owner_record {
  std::string signing_key;          // the self-signing key (ed25519); empty: none
  std::int64_t list_version = 0;    // raised by every change of the device list or signing key
  std::int64_t signed_version = 0;  // the version the list signature covers; 0: never signed
  std::string list_signature;       // by the signing key over the list at signed_version
  std::string signed_devices;       // that list: "<device_id> <ed25519>\n" per device
};
// A message from one device to another (key shares, key requests): an
// Olm envelope the server keeps until the recipient device acknowledges it.
struct to_device_record {
  std::int64_t id = 0;  // ascending per recipient device; 0 before it is stored
  user_id recipient = 0;
  std::string recipient_device;
  user_id sender = 0;
  std::string sender_device;
  std::string envelope;  // the olm.v1 envelope, compact JSON; never read by the server
  unix_ms created_at = 0;
};
enum class to_device_outcome { queued, no_device, full };
struct to_device_queued {
  to_device_outcome outcome = to_device_outcome::no_device;
  std::int64_t id = 0;  // the stored message's id, when queued
};
// --- end end-to-end encryption keys ---

// --- key backup (migration 23) ---
// A user's current key backup: what the client published with it (salt,
// Argon2 parameters, a check value; never read by the server) and what its
// entries add up to.
struct key_backup_record {
  std::int64_t version = 0;  // per user, ascending; never reused
  std::string auth_data;     // a JSON object as compact text
  std::int64_t count = 0;    // entries held
  std::int64_t etag = 0;     // changes whenever an entry is stored
  unix_ms created_at = 0;
};
// One group session key, sealed by the client under the backup's key.
struct key_backup_entry_record {
  std::string session_id;
  std::string data;  // base64 of nonce || ciphertext; never read by the server
};
enum class key_backup_outcome { stored, no_backup, other_version, full };
struct key_backup_stored {
  key_backup_outcome outcome = key_backup_outcome::no_backup;
  std::int64_t version = 0;  // the current version (0: no backup)
  std::int64_t count = 0;    // entries held afterwards (or now, when refused)
  std::int64_t etag = 0;
};
// --- end key backup ---

}  // namespace natter::store
