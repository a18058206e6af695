#pragma once
// A client install's end-to-end encryption: the one e2ee interface the C++
// clients use (docs/client-library.md, "End-to-end encryption"). It owns the
// device's Olm account, its Olm sessions with other devices and its Megolm
// group sessions, and speaks the envelope of docs/protocol.md ("End-to-end
// encryption: messages"):
//   olm.v1    {"v":1,"alg":"olm.v1","sender_device":D,
//              "ciphertexts":{"<user>:<device>":{"type":0|1,"body":B}}}
//   megolm.v1 {"v":1,"alg":"megolm.v1","sender_device":D,"session_id":S,"ciphertext":B}
// Every plaintext carries its sender's and (Olm) recipient's user, device and
// Ed25519 key, checked on decryption, so a ciphertext cannot be passed off as
// another device's or replayed to another recipient; a group key is accepted
// only over Olm from the device that owns it. libolm sits behind this class
// (olm_objects.hpp): a successor library speaking the same protocol replaces
// it here and nowhere else.
//
// Not thread-safe: one owner (the client's session thread) at a time.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.hpp"
#include "protocol/frames.hpp"

namespace natter::client::e2ee {

class olm_account;
class olm_session;
class megolm_outbound;
class megolm_inbound;

// Another device (or one of our own), as keys.query listed it.
struct peer {
  user_id user = 0;
  std::string device_id;
  std::string curve25519;
  std::string ed25519;
};

// Why a message could not be read: shown to the user ("unable to decrypt:
// ..."), never a blank bubble.
enum class failure {
  unsupported,          // an envelope version or algorithm this client does not know
  not_for_this_device,  // no ciphertext for this device (it was added after the message)
  no_session,           // a normal Olm message without the session it belongs to
  missing_group_key,    // no Megolm key for this session (yet): ask the sender's devices
  bad_message,          // corrupted, truncated or replayed ciphertext
  forged,               // the plaintext names another sender, recipient or conversation
};
std::string_view describe(failure f) noexcept;

struct unreadable {
  failure why;
  std::string detail;
};

// What a decrypted envelope held: a message body, or a group key now stored.
struct opened {
  std::string body;
  bool group_key = false;  // an Olm-shared Megolm key (no body to show)
  conversation_id conversation = 0;
  std::string session_id;  // the Megolm session a message or key belongs to
  // A payload the caller judges (crypto_session: who may ask for or forward
  // keys): "key_request" or "forwarded_key", with the whole payload (sender
  // and recipient checked). Empty for a message or a group key.
  std::string kind;
  boost::json::object payload;
  // A group message's "files" (file_crypto.hpp) exactly as its plaintext
  // held them, unchecked; null when it had none.
  boost::json::value files = nullptr;
};

// One group session key as a key backup holds it (backup_key seals json).
struct group_key_export {
  std::string session_id;  // the backup entry's id
  std::string json;        // {"v":1,"sender_key","session_id","conversation","owner","owner_device","key"}
};

struct decrypted {
  std::optional<opened> value;
  std::optional<unreadable> error;
  explicit operator bool() const noexcept { return value.has_value(); }
};

// When a group session is replaced: after this many messages or this age, and
// whenever the conversation's membership changes (rotate_group).
struct rotation {
  std::uint32_t max_messages = 100;
  unix_ms max_age_ms = 7LL * 24 * 3600 * 1000;
};

class device {
 public:
  device(user_id owner, std::string device_id, rotation r = {});  // a new identity
  ~device();
  device(device&&) noexcept;
  device& operator=(device&&) noexcept;

  // The device's whole state as JSON, its libolm parts pickled with key (32
  // bytes). Write it (state_file) before acknowledging what changed it.
  std::string save(std::string_view key) const;
  static device restore(std::string_view saved, std::string_view key);

  const peer& self() const noexcept { return self_; }
  std::string sign(std::string_view bytes) const;

  // keys.upload: the identity (signed), count new one-time keys and, when the
  // last one was used or there is none, a new fallback key. Call published()
  // once the server accepted it.
  protocol::keys_upload_request upload(int one_time_keys, std::optional<std::string> display_name = {});
  void published();

  bool has_session(const peer& p) const;
  // Starts an Olm session to p from a key keys.claim returned. False (and no
  // session) when the key's signature is not p's.
  bool start_session(const peer& p, const protocol::claimed_key& k);

  // An olm.v1 envelope of body for each of to (each needs a session).
  boost::json::object encrypt(std::string_view body, std::span<const peer> to);
  // Opens an olm.v1 envelope from sender (as keys.query lists it); a group
  // key inside is stored, if sender owns it.
  decrypted decrypt(const boost::json::object& envelope, const peer& sender);

  // A megolm.v1 envelope of body in conversation c, its plaintext with
  // "files" when files is not null (an array of file_crypto.hpp entries);
  // starts a group session (new_group_session() then says so) when there is
  // none or it is due.
  boost::json::object group_encrypt(conversation_id c, std::string_view body, unix_ms now,
                                    const boost::json::value& files = nullptr);
  // True when the last group_encrypt started a session: share_group_key it to
  // every member device before sending.
  bool new_group_session(conversation_id c) const;
  // The current group session's key for c, Olm-encrypted to each of to.
  boost::json::object share_group_key(conversation_id c, std::span<const peer> to);
  // The next group_encrypt in c starts a new session (membership changed).
  void rotate_group(conversation_id c);
  // Opens a megolm.v1 envelope of conversation c from sender, the message
  // message_id (the server's). A message index that opened another message
  // before is refused (bad_message: replayed); the same message opens again.
  decrypted group_decrypt(conversation_id c, std::int64_t message_id, const boost::json::object& envelope,
                          const peer& sender);

  // Every group session key this device holds, from the first index it
  // knows, for a key backup.
  std::vector<group_key_export> export_group_keys() const;
  // A key from a backup (json as export_group_keys wrote it); false when it
  // is malformed. A copy that reaches further back replaces the one held.
  bool import_group_key(std::string_view json);
  // One group session key as export_group_keys writes it (the key-backup
  // entry format); nullopt when this device does not hold it.
  std::optional<group_key_export> export_group_key(std::string_view sender_key, std::string_view session_id) const;
  // The Megolm session this device sends with in c (empty when none): its
  // sender key is self().curve25519.
  std::string outbound_session_id(conversation_id c) const;

  // An olm.v1 envelope of a payload of another kind (content holds "kind"
  // and its fields; sender and recipient are added) for each of to.
  boost::json::object encrypt_payload(const boost::json::object& content, std::span<const peer> to);

 private:
  device(peer self, rotation r, std::unique_ptr<olm_account> account);
  struct group_out;
  struct group_in;
  decrypted open_olm_payload(const std::string& plaintext, const peer& sender);
  olm_session* session_with(const std::string& curve25519);

  peer self_;
  rotation rotation_;
  std::unique_ptr<olm_account> account_;
  std::map<std::string, std::vector<olm_session>> sessions_;  // by their curve25519, newest first
  std::map<conversation_id, group_out> outbound_;
  std::map<std::string, group_in> inbound_;  // by "<their curve25519>|<session id>"
  bool fallback_published_ = false;
};

// True when signature (unpadded base64) is ed25519's signature of message.
bool signature_verifies(std::string_view ed25519, std::string_view signature, std::string_view message);

}  // namespace natter::client::e2ee
