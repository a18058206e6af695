#pragma once
// How a client decides whom to trust (docs/security.md, "End-to-end
// encryption: the clients"). Each user publishes a self-signing key and signs
// their device list with it; a client
// - checks a keys.query entry: which devices are in the list the user signed
//   (trusted) and which are not (new, or added by the server: warn);
// - pins each user's self-signing key the first time it sees it (trust on
//   first use) and notices when it changes: a loud warning, and for a user
//   verified before, no sending until the change is acknowledged;
// - compares safety numbers with a contact out of band (in person, on a
//   call) to mark them verified.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "client/e2ee/device.hpp"
#include "protocol/frames.hpp"

namespace natter::client::e2ee {

// A keys.query entry, checked.
struct checked_devices {
  std::vector<peer> trusted;    // in the list the user's self-signing key signed
  std::vector<peer> unsigned_;  // published but not (yet) in a signed list
  bool list_valid = false;      // the self-signing key and the list signature verify
};
// Devices whose own signature does not verify are left out entirely.
checked_devices check_user_keys(const protocol::user_keys& k);

enum class trust {
  unknown,               // no self-signing key seen yet
  unverified,            // pinned on first use
  verified,              // safety numbers compared
  changed,               // the key changed since it was pinned: warn
  changed_after_verify,  // changed after it was verified: warn, and do not send until acknowledged
};
std::string_view describe(trust t) noexcept;

class trust_store {
 public:
  // Records u's current self-signing key (from keys.query); returns what it
  // means. The first key seen is pinned.
  trust observe(user_id u, std::string_view signing_key);
  trust state_of(user_id u) const;
  // The safety numbers matched: the pinned key is verified. False when the
  // key changed and the change was not acknowledged first.
  bool mark_verified(user_id u);
  // The user saw the warning: the new key is pinned, unverified.
  void acknowledge_change(user_id u);
  bool may_send_to(user_id u) const { return state_of(u) != trust::changed_after_verify; }
  const std::string& pinned_key(user_id u) const;

  std::string save() const;
  static trust_store restore(std::string_view saved);

 private:
  struct entry {
    std::string pinned;
    bool verified = false;
    std::string seen;  // the key last observed, when it is not the pinned one
  };
  std::map<user_id, entry> users_;
};

// A user's self-signing key pair (Ed25519, libsodium). The device that made
// it keeps it in its state; it signs the user's device list.
class self_signing {
 public:
  self_signing();  // a new key pair
  ~self_signing();
  self_signing(const self_signing&) = default;
  self_signing& operator=(const self_signing&) = default;

  const std::string& public_key() const noexcept { return public_; }
  protocol::keys_signing_key_request publish(user_id u, bool replace) const;
  // keys.sign_list over the user's list at version (every device in it, as
  // keys.query returned them, sorted by device_id).
  protocol::keys_sign_list_request sign_list(user_id u, std::int64_t version,
                                             std::span<const protocol::device_info> devices) const;

  std::string save() const;  // the secret key, base64: store it inside the sealed state only
  static self_signing restore(std::string_view saved);

 private:
  std::string sign(std::string_view bytes) const;
  std::string secret_;  // 64 bytes
  std::string public_;  // unpadded base64 of 32 bytes
};

// The 60-digit safety number of two users' self-signing keys, in 12 groups
// of 5 digits: the same on both sides whichever asks (docs/security.md).
std::string safety_number(user_id a, std::string_view signing_key_a, user_id b, std::string_view signing_key_b);

}  // namespace natter::client::e2ee
