#pragma once
// The end-to-end encryption key directory (migration 20): devices, their
// one-time and fallback keys, and each user's signed device list. The store
// checks nothing about keys or signatures (core::e2ee_keys does); it keeps
// the counts and versions consistent within one transaction.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.hpp"

namespace natter::store {

class key_store {
 public:
  virtual ~key_store() = default;

  // The user's devices, device_id ascending, at most limit.
  virtual std::vector<device_record> devices_of(user_id u, int limit) = 0;
  virtual std::optional<device_record> device_of(user_id u, std::string_view device_id) = 0;
  // Adds a new device (its device_id must be free) and raises the user's
  // list version; returns the new version.
  virtual std::int64_t insert_device(const device_record& d) = 0;
  virtual void rename_device(user_id u, std::string_view device_id, std::string_view display_name) = 0;
  // Removes the devices bound to the session (refresh family) with their
  // keys, and raises their owner's list version. Returns how many went. The
  // refresh-token calls that end sessions (revoke_*) call it themselves.
  virtual int remove_devices_of_session(std::string_view family) = 0;

  // Adds one-time keys to a device; a key_id it already holds is kept as it
  // was. Returns the device's stock afterwards.
  virtual int add_one_time_keys(user_id u, std::string_view device_id, std::span<const device_key_record> keys) = 0;
  virtual int one_time_key_count(user_id u, std::string_view device_id) = 0;
  // Replaces the device's fallback key.
  virtual void set_fallback_key(user_id u, std::string_view device_id, const device_key_record& key) = 0;
  // Takes one one-time key of the device, deleting it in the same statement
  // so that no other claim (on any connection or node) gets it; when none
  // is left, its fallback key (not deleted); nothing when it has neither.
  virtual std::optional<claimed_key_record> claim_key(user_id u, std::string_view device_id) = 0;

  virtual key_owner_record key_owner(user_id u) = 0;
  // Publishes or replaces the user's self-signing key: raises the list
  // version and forgets the list signature. Returns the new version.
  virtual std::int64_t set_signing_key(user_id u, std::string_view ed25519) = 0;
  // Stores the signature over the list at version (with the lines signed)
  // if version is still the current one; false otherwise.
  virtual bool sign_device_list(user_id u, std::int64_t version, std::string_view signature,
                                std::string_view devices) = 0;
  // Forgets the user's signing key and list, and their key backup (account
  // deletion).
  virtual void erase_keys_of(user_id u) = 0;

  // The device bound to the session (refresh family), if it uploaded one.
  virtual std::optional<device_record> device_of_session(std::string_view family) = 0;
  // Device-to-device messages (migration 22): queued for the recipient device
  // unless it does not exist or holds max_queued already; they go with it.
  virtual to_device_queued queue_to_device(const to_device_record& m, int max_queued) = 0;
  // The device's messages with id > after, ascending, at most limit.
  virtual std::vector<to_device_record> to_device_after(user_id u, std::string_view device_id, std::int64_t after,
                                                        int limit) = 0;
  // Removes the device's messages with id <= up_to; returns how many.
  virtual int remove_to_device(user_id u, std::string_view device_id, std::int64_t up_to) = 0;

  // Key backup (migration 23): at most one current version per user.
  // The user's current backup, if there is one (a deleted one is not).
  virtual std::optional<key_backup_record> key_backup_of(user_id u) = 0;
  // Makes a new current backup holding auth_data, with a version above every
  // one the user had (deleted or not), and deletes the previous version's
  // entries. Returns the new version.
  virtual std::int64_t create_key_backup(user_id u, std::string_view auth_data, unix_ms now) = 0;
  // Deletes the backup and its entries if version is the current one; the
  // version number is kept, so it is never given out again. False otherwise.
  virtual bool delete_key_backup(user_id u, std::int64_t version) = 0;
  // Stores entries in version (last write wins per session_id) if it is the
  // current one and the backup holds at most max_entries afterwards; stores
  // nothing otherwise (other_version, no_backup, full).
  virtual key_backup_stored put_key_backup_entries(user_id u, std::int64_t version,
                                                   std::span<const key_backup_entry_record> entries,
                                                   std::int64_t max_entries) = 0;
  // The entries of version with session_id > after (bytewise), session_id
  // ascending, at most limit; none when version is not the current one.
  virtual std::vector<key_backup_entry_record> key_backup_entries_after(user_id u, std::int64_t version,
                                                                        std::string_view after, int limit) = 0;
};

}  // namespace natter::store
