#pragma once
// A client's end-to-end encryption over its session: the one object a C++
// client uses (docs/client-library.md, "End-to-end encryption in a client").
// It joins e2ee::device, trust_store and state_file to client::session:
//  - bootstrap: loads the device from its state file (or makes one), publishes
//    it with keys.upload and keeps its one-time keys stocked (keys.low);
//  - peers: keys.query each member's devices, checks them (trust.hpp: trust
//    on first use, key change warnings, sending held after a verified
//    contact's key changed), keys.claim + start_session where needed;
//  - sending: group_encrypt; a new group session's key goes over
//    to_device.send to every member device (and the user's other devices)
//    before the message; a membership change or a new device rotates it;
//  - receiving: device messages are opened, the state saved, and only then
//    acknowledged (to_device.ack); a device message opened before (listed
//    again after a crash before its acknowledgement) is refused by Olm as a
//    replay, which changes nothing, and acknowledged; a message whose group
//    key is missing is opened again when the key arrives (message_reopened).
//    Device message ids are not taken to grow across acknowledgements (a
//    store may give an acknowledged id again), so nothing is skipped by id.
//
// Threading: single owner. It makes blocking requests on its session (it
// waits on their futures), so it belongs to the thread that takes the
// session's events (next_event: a UI loop, a test) and must never be called
// from the session's own thread (an on_event handler, a reply callback).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "client/e2ee/backup.hpp"
#include "client/e2ee/device.hpp"
#include "client/e2ee/file_crypto.hpp"
#include "client/e2ee/state_file.hpp"
#include "client/e2ee/trust.hpp"
#include "client/outcome.hpp"
#include "client/session.hpp"

namespace natter::client::e2ee {

struct crypto_options {
  std::filesystem::path state_dir;           // e2ee.key and e2ee.state (state_file.hpp), under the client's config dir
  std::string device_id;                     // a new device's id; empty: a random one
  std::string display_name;                  // shown in device lists
  int one_time_keys = 20;                    // the stock kept on the server (at most protocol::max_keys_per_upload)
  std::chrono::milliseconds timeout{15000};  // per request
  argon2_cost backup_cost{};                 // a new key backup's key derivation (backup_setup)
};

// What the UI is told besides messages.
struct device_added {  // a new device of a contact (or of the user)
  user_id user = 0;
  std::string device_id;
};
struct keys_changed {  // a contact's self-signing key changed: warn (and hold sends when verified before)
  user_id user = 0;
  trust state = trust::changed;
};
struct message_reopened {  // a message that could not be read now opens
  protocol::message msg;
  std::string text;
};
struct key_request_refused {  // another device asked this one for a group key and was not answered
  std::string device_id;
  std::string reason;  // "not confirmed" (not in the user's signed list), "another user", "too many"
};
struct backup_problem {  // the key backup needs the user: replaced elsewhere, or no longer there
  std::string text;
};
using notice = std::variant<device_added, keys_changed, message_reopened, key_request_refused, backup_problem>;

// The user's key backup as /backup shows it.
struct backup_status_view {
  bool exists = false;       // the user has a backup on the server
  std::int64_t version = 0;  // its version
  std::int64_t count = 0;    // the entries it holds
  bool uploading = false;    // this device holds its key and puts every new group key in it
  std::size_t waiting = 0;   // keys of this device not uploaded yet (retried at the next connect)
};
struct restore_result {
  std::size_t imported = 0;  // group keys taken from the backup
  std::size_t skipped = 0;   // entries that did not open or parse
};

// A conversation message as the user sees it: its text, or why it cannot be read.
struct shown_text {
  std::string text;
  std::optional<unreadable> error;  // set: show "unable to decrypt: <describe(why)>"
  bool encrypted = false;
  // The plaintext's "files" (file_crypto.hpp), in order: an entry that is
  // not valid, or whose media id is not among the message's attachments as
  // the server sent them, has readable false ("a file that could not be
  // read"). Empty: none.
  std::vector<file_entry> files = {};
  // The plaintext's "files" exactly as received (null: none); an edit copies it.
  boost::json::value files_json = nullptr;
};

// A device as /devices lists it.
struct device_view {
  std::string device_id;
  std::string display_name;
  std::string fingerprint;       // its Ed25519 key, in groups of four
  bool signed_by_owner = false;  // in the list the user's self-signing key signed
  bool current = false;          // this device
};

inline constexpr std::size_t max_waiting_messages = 1000;
inline constexpr int max_key_answers = 100;               // key requests a device answers per run
inline constexpr std::size_t min_backup_passphrase = 10;  // characters

class crypto_session {
 public:
  // Bootstraps over s, which must be online (see the header comment). Throws
  // std::runtime_error when the state file cannot be read or belongs to
  // another user, or the server refuses the device.
  crypto_session(session& s, crypto_options o);
  ~crypto_session();
  crypto_session(const crypto_session&) = delete;
  crypto_session& operator=(const crypto_session&) = delete;

  const peer& self() const noexcept { return device_->self(); }

  // Give it every event of the session, in order. It acts on to_device,
  // keys.low, devices.changed, member.joined / member.left and
  // conversation.updated; messages are opened with open().
  std::vector<notice> handle(const protocol::event& e);
  // Both halves of a to_device event (handle does both): open it and save
  // the state (returns the id to acknowledge; nullopt: not this device's),
  // then acknowledge.
  std::optional<std::int64_t> receive(const protocol::to_device_event& e, std::vector<notice>& out);
  void acknowledge(std::int64_t up_to);
  // What was noticed outside handle() (the bootstrap, devices_of, send):
  // handed out once, here or by the next handle().
  std::vector<notice> take_notices() { return std::exchange(pending_, {}); }
  // Lists and handles the device messages waiting on the server: the
  // bootstrap does, and the owner calls it after every reconnect (a
  // state_change to online), since device messages are pushed live only.
  std::vector<notice> catch_up();

  // A message's text: decrypted when it is encrypted. A message that fails
  // for a missing group key is remembered and reopened when the key arrives.
  shown_text open(const protocol::message& m);
  bool is_encrypted(protocol::conversation_id c);
  // conversation.encrypt: turns it on for good.
  outcome<success> encrypt(protocol::conversation_id c);
  // message.send: encrypted where the conversation is. Errors: the server's;
  // local VERIFICATION_REQUIRED (a verified member's key changed: acknowledge
  // first), local KEYS_UNAVAILABLE (a member device could not be reached).
  outcome<protocol::message_reply> send(protocol::conversation_id c, std::string_view text);
  // The same for a whole message.send (r.conversation set; reply_to,
  // thread_id and client_msg_id kept): r.text goes into the envelope.
  // Attachments in an encrypted conversation go through the overload with
  // files: here they are refused (local ENCRYPTION_REQUIRED).
  outcome<protocol::message_reply> send(protocol::send_request r);
  // message.send with files sealed (seal_file) and uploaded with
  // purpose=encrypted: their entries go into the envelope's plaintext and
  // r.attachments is set from their media ids, in order (anything there
  // before is replaced). 1 to max_message_files files, else local
  // VALIDATION_FAILED; a conversation that is not encrypted: local
  // NOT_ENCRYPTED. Other errors as for send.
  outcome<protocol::message_reply> send(protocol::send_request r, const std::vector<encrypted_file>& files);
  // message.edit of message id in the encrypted conversation c: a new
  // envelope with text and original.files_json copied unchanged (editing
  // never drops or changes files). original is this client's opened copy of
  // the message (open()). Not encrypted: local NOT_ENCRYPTED (edit it
  // plainly); original not opened here: local NOT_READABLE. Errors as for
  // send.
  outcome<protocol::message_reply> edit(protocol::conversation_id c, protocol::message_id id, std::string_view text,
                                        const shown_text& original);
  // Shares c's current group key again with every member device (when one
  // reports a missing key).
  outcome<success> reshare(protocol::conversation_id c);

  std::vector<device_view> devices_of(user_id u);
  trust trust_of(user_id u) const { return trust_.state_of(u); }
  // The 60-digit safety number with u; nullopt when either has no self-signing key.
  std::optional<std::string> safety_number_with(user_id u);
  // The numbers matched: u is verified. False when u's key changed and the
  // change was not acknowledged first.
  bool verify(user_id u);
  // The user saw the key change warning: the new key is pinned, unverified.
  void acknowledge_change(user_id u);

  // Signs the user's current device list with device_id in it (keys.sign_list,
  // again on KEY_CONFLICT, 3 tries): the device is confirmed everywhere.
  // Errors: local NOT_ALLOWED (this device does not hold the user's
  // self-signing key), local NOT_FOUND (no such device of the user's, or its
  // own signature does not hold), local SIGNATURE_INVALID (another device in
  // the list fails its own signature: nothing is signed), the server's.
  outcome<success> approve_device(const std::string& device_id);

  // Key backup (docs/client-library.md, "Key backup"). The status of the
  // user's backup (keys.backup.info).
  outcome<backup_status_view> backup_status();
  // A new backup under passphrase (at least min_backup_passphrase
  // characters: local VALIDATION_FAILED), replacing any other, with every
  // group key this device holds; from now on each new key is put to it as it
  // comes (a failure is retried at the next catch_up).
  outcome<backup_status_view> backup_setup(std::string_view passphrase);
  // Imports the backup's keys with passphrase (a wrong one: local
  // WRONG_PASSPHRASE, nothing imported; none: local NO_BACKUP); messages
  // waiting for them reopen (take_notices). This device then uploads to it.
  outcome<restore_result> backup_restore(std::string_view passphrase);

 private:
  struct known_user {
    std::vector<peer> devices;  // every published device whose own signature holds
    std::set<std::string> signed_ids;
    std::map<std::string, std::string> names;
    std::optional<std::string> signing_key;
    std::int64_t list_version = 0;
  };
  struct conversation_info {
    bool encrypted = false;
    std::vector<user_id> members;
  };

  template <class Request>
  outcome<reply_type_t<Request>> ask(Request r);
  void bootstrap();
  // Publishes a self-signing key when the user has none, or when this device
  // is the only one left of the user's (the one held before is gone with the
  // others), and signs the list that holds this device alone.
  void ensure_self_signing(user_id me);
  void top_up(std::int64_t stock);
  void save();
  void restore(const std::string& saved);
  std::vector<notice> refresh_user(user_id u);
  const peer* find_device(user_id u, const std::string& device_id);
  std::optional<conversation_info> conversation(protocol::conversation_id c);
  void load_conversations();
  outcome<success> ensure_sessions(const std::vector<peer>& to);
  outcome<success> share_key(protocol::conversation_id c, const conversation_info& info);
  // crypto_session_files.cpp: a message's envelope (megolm.v1) of text and
  // files (null: none) for c, its group key shared first when new.
  outcome<protocol::envelope> seal_message(protocol::conversation_id c, const conversation_info& info,
                                           std::string_view text, const boost::json::value& files);
  std::vector<notice> reopen(const std::string& session_id);
  // crypto_session_keys.cpp: key backup uploads, key requests, forwarded keys.
  void backup_mark(const std::string& sender_key, const std::string& session_id);
  outcome<success> backup_put(const std::vector<group_key_export>& keys);
  void backup_flush();
  void backup_forget(const std::string& why);
  bool request_key(protocol::conversation_id c, const std::string& session_id, const peer& owner);
  bool own_signed_device(const peer& p);
  outcome<success> send_payload(const std::vector<peer>& to, const boost::json::object& content);
  // Each device of `to` (an Olm session started where missing; unreachable
  // ones left out) gets what seal(device) returns, after the state is saved.
  outcome<success> send_sealed(std::vector<peer> to, const std::function<boost::json::object(const peer&)>& seal);
  void answer_key_request(const peer& from, const boost::json::object& payload, std::vector<notice>& out);
  void accept_forwarded_key(const peer& from, const boost::json::object& payload, std::vector<notice>& out);
  void save_backup(boost::json::object& state) const;
  void restore_backup(const boost::json::object& state);

  session& session_;
  crypto_options options_;
  state_file file_;
  std::optional<device> device_;  // set by bootstrap: loaded or new
  trust_store trust_;
  std::optional<self_signing> ssk_;  // held by the device that published the user's self-signing key
  std::map<user_id, known_user> users_;
  std::map<protocol::conversation_id, conversation_info> conversations_;
  // Messages that failed for a missing group key, by Megolm session id: at
  // most max_waiting_messages; past it the oldest is forgotten (it keeps
  // showing its failure and is not reopened by itself).
  std::map<std::string, std::vector<protocol::message>> waiting_for_key_;
  std::size_t waiting_ = 0;
  std::vector<notice> pending_;  // noticed while doing something else: handed out by the next handle()
  // The key backup this device uploads to (kept in the sealed state).
  std::optional<backup_key> backup_;
  std::int64_t backup_version_ = 0;
  std::set<std::string> backup_waiting_;  // "<sender key>|<session id>" of keys not uploaded yet
  // Key requests: the sessions asked for this run (true: some device was
  // asked), the requests answered, and how often the own list was refreshed
  // for an unknown asker.
  std::map<std::string, bool> requested_;
  std::set<std::string> answered_;
  int answers_ = 0;
  int asker_refreshes_ = 0;
};

template <class Request>
outcome<reply_type_t<Request>> crypto_session::ask(Request r) {
  auto reply = session_.call(std::move(r));
  if (reply.wait_for(options_.timeout) != std::future_status::ready) {
    return client::failure::local("TIMEOUT", "No reply in time.");
  }
  return reply.get();
}

}  // namespace natter::client::e2ee
