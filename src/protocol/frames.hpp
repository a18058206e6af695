#pragma once
// Protocol v1 frames as typed structs: one definition shared by natterd and
// the client library, so the two sides cannot drift. docs/protocol.md is the
// prose version of this file. No JSON here; see codec.hpp.
// Every struct compares member-wise (==), so a decoded frame can be checked
// against the one that was sent.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/ids.hpp"

namespace natter::protocol {

inline constexpr int version = 1;

using natter::conversation_id;
using natter::message_id;
using natter::seq_t;
using natter::unix_ms;
using natter::user_id;

// ---------- shared objects ----------

struct user_summary {
  user_id id = 0;
  std::string username;
  std::string display_name;
  bool operator==(const user_summary&) const = default;
};

// The size of an image's thumbnail.
struct thumbnail_size {
  int width = 0;
  int height = 0;
  bool operator==(const thumbnail_size&) const = default;
};

// A Media object (docs/protocol.md, "Media"): an upload, and a picture or
// file a message carries.
struct media {
  std::string id;
  std::string kind;  // "image" | "file" | "avatar"
  std::string name;
  std::string mime;
  std::int64_t size = 0;
  std::optional<int> width;  // images and avatars, like the three below
  std::optional<int> height;
  std::optional<thumbnail_size> thumbnail;
  std::optional<std::string> colour;  // "#rrggbb"
  bool operator==(const media&) const = default;
};

// Who reacted to a message, or pinned it.
struct reactor {
  user_id id = 0;
  std::string username;
  bool operator==(const reactor&) const = default;
};

// One emoji's reactions to a message: how many, and the first reactors (at
// most max_reactors_shown, earliest first).
struct reaction {
  std::string emoji;
  std::int64_t count = 0;
  std::vector<reactor> users;
  bool operator==(const reaction&) const = default;
};

// A forwarded message's origin: who wrote it and when; never where.
struct forwarded_origin {
  std::string sender;
  unix_ms ts = 0;
  bool operator==(const forwarded_origin&) const = default;
};

// The thread under a root message (docs/protocol.md, "Threads"): how many
// replies (deleted ones included), the last one's seq and time, and how many
// of them the reader has not read (by others, not deleted, above the
// reader's read mark in the thread; counted up to max_thread_unread).
inline constexpr std::int64_t max_thread_unread = 100;
struct thread_info {
  std::int64_t replies = 0;
  seq_t last_reply_seq = 0;
  unix_ms last_reply_ts = 0;
  std::int64_t unread = 0;
  bool operator==(const thread_info&) const = default;
};

// An end-to-end encrypted message's envelope (docs/protocol.md, "End-to-end
// encryption: messages"): the JSON object as compact text. The codec checks
// the shape of one a client sends (check_envelope); the server keeps and
// relays it as it is and never reads it.
struct envelope {
  std::string json;
  bool operator==(const envelope&) const = default;
};

// Someone a message mentions (@username): their id, and the username as the
// message has it (a member of the conversation when it was sent or edited).
struct mention {
  natter::user_id user_id = 0;
  std::string username;
  bool operator==(const mention&) const = default;
};

struct message {
  message_id id = 0;
  conversation_id conversation = 0;
  seq_t seq = 0;
  std::string sender;  // username
  std::string text;
  unix_ms ts = 0;
  std::string client_msg_id;
  std::optional<message_id> reply_to;
  std::optional<unix_ms> edited_ts;
  bool deleted = false;
  std::vector<media> attachments;
  std::vector<reaction> reactions;  // in order of each emoji's first reaction
  std::optional<forwarded_origin> forwarded_from;
  natter::user_id sender_id = 0;                       // the sender (usernames change, ids do not)
  std::optional<message_id> thread_id = std::nullopt;  // a reply in the thread under this message
  std::optional<thread_info> thread = std::nullopt;    // a root with replies (history, sync, thread.history)
  std::vector<mention> mentions = {};                  // at most max_mentions, in order of first mention
  bool mentions_all = false;                           // @room or @here, by an admin or owner
  std::optional<envelope> encrypted = std::nullopt;    // end-to-end encrypted: text is ""
  bool operator==(const message&) const = default;
};

struct chat_request_state {
  std::string from;   // username of who started the chat
  std::string state;  // "pending" | "declined"
  natter::user_id from_id = 0;
  bool operator==(const chat_request_state&) const = default;
};

struct conversation {
  conversation_id id = 0;
  std::string kind;  // "direct" | "group" | "room"
  std::string name;
  std::string topic;
  std::optional<std::string> avatar;  // groups: a media id of kind avatar
  std::vector<std::string> members;   // empty for rooms
  std::int64_t member_count = 0;
  std::string role;  // the caller's: "owner" | "admin" | "member"
  seq_t last_seq = 0;
  seq_t read_seq = 0;
  seq_t delivered_seq = 0;
  std::int64_t unread = 0;
  std::optional<message> last_message;
  std::optional<chat_request_state> request;
  std::vector<natter::user_id> member_ids = {};  // the same people as members, in the same order
  std::int64_t unread_mentions = 0;              // unread messages that mention the caller (or all)
  bool encrypted = false;                        // end-to-end encrypted (never turned off)
  bool operator==(const conversation&) const = default;
};

struct room_summary {
  std::string name;
  std::string topic;
  std::int64_t members = 0;
  conversation_id conversation = 0;
  bool operator==(const room_summary&) const = default;
};

struct contact {
  std::string username;
  std::string display_name;
  std::string status;  // online | away | busy | offline
  unix_ms last_seen = 0;
  natter::user_id user_id = 0;
  bool operator==(const contact&) const = default;
};

// ---------- events (server -> client) ----------

struct message_event {
  message msg;
  bool operator==(const message_event&) const = default;
};
struct message_edited_event {
  conversation_id conversation = 0;
  seq_t seq = 0;
  message msg;
  bool operator==(const message_edited_event&) const = default;
};
struct message_deleted_event {
  conversation_id conversation = 0;
  seq_t seq = 0;
  message_id id = 0;
  std::optional<std::string> by;  // who deleted it (the sender, or a moderator)
  std::optional<natter::user_id> by_id = std::nullopt;
  bool operator==(const message_deleted_event&) const = default;
};
// A reaction added or removed; reactions: the message's reactions after it
// (history and sync: as they stand when the reply is made).
struct message_reaction_event {
  conversation_id conversation = 0;
  seq_t seq = 0;
  message_id id = 0;
  std::string emoji;
  std::string action;  // "add" | "remove"
  reactor by;
  std::vector<reaction> reactions;
  bool operator==(const message_reaction_event&) const = default;
};
struct message_pinned_event {
  conversation_id conversation = 0;
  seq_t seq = 0;
  message_id id = 0;
  bool pinned = false;  // false: unpinned
  reactor by;
  bool operator==(const message_pinned_event&) const = default;
};
struct member_joined_event {
  conversation_id conversation = 0;
  seq_t seq = 0;
  std::string user;
  std::string role;
  std::optional<std::string> by;
  natter::user_id user_id = 0;
  std::optional<natter::user_id> by_id = std::nullopt;
  bool operator==(const member_joined_event&) const = default;
};
struct member_left_event {
  conversation_id conversation = 0;
  seq_t seq = 0;
  std::string user;
  std::optional<std::string> by;
  std::optional<std::string> action;  // room moderation: "kick" | "ban"
  std::optional<std::string> reason;  // the moderator's, when they gave one
  natter::user_id user_id = 0;
  std::optional<natter::user_id> by_id = std::nullopt;
  bool operator==(const member_left_event&) const = default;
};
struct conversation_updated_event {
  conversation_id conversation = 0;
  seq_t seq = 0;
  std::optional<std::string> name;
  std::optional<std::string> topic;
  std::optional<std::string> user;  // with role: a role change
  std::optional<std::string> role;
  std::optional<std::string> avatar;  // "": removed
  // Room moderation: "ban" | "unban" | "mute" | "unmute" (with user) or
  // "topic" (with topic); by: the moderator. "encrypt": by turned end-to-end
  // encryption on.
  std::optional<std::string> action;
  std::optional<std::string> reason;
  std::optional<std::string> by;
  std::optional<natter::user_id> user_id = std::nullopt;  // with user
  std::optional<natter::user_id> by_id = std::nullopt;    // with by
  bool operator==(const conversation_updated_event&) const = default;
};
struct receipt_event {
  conversation_id conversation = 0;
  std::string user;
  seq_t delivered_seq = 0;
  seq_t read_seq = 0;
  natter::user_id user_id = 0;
  bool operator==(const receipt_event&) const = default;
};
struct typing_event {
  conversation_id conversation = 0;
  std::string user;
  natter::user_id user_id = 0;
  bool operator==(const typing_event&) const = default;
};
struct presence_event {
  std::string user;
  std::string status;
  unix_ms last_seen = 0;
  natter::user_id user_id = 0;
  bool operator==(const presence_event&) const = default;
};
struct request_event {
  conversation_id conversation = 0;
  std::string from;
  message msg;
  natter::user_id from_id = 0;
  bool operator==(const request_event&) const = default;
};
struct request_declined_event {
  conversation_id conversation = 0;
  std::string by;
  natter::user_id by_id = 0;
  bool operator==(const request_declined_event&) const = default;
};
struct request_accepted_event {
  conversation_id conversation = 0;
  std::string by;
  natter::user_id by_id = 0;
  bool operator==(const request_accepted_event&) const = default;
};
struct token_expiring_event {
  unix_ms expires_at = 0;
  bool operator==(const token_expiring_event&) const = default;
};
// To the invitee of a group: answer with request.accept / request.decline.
struct group_invited_event {
  conversation_id conversation = 0;
  std::string name;  // the group's
  std::string by;    // who invited
  natter::user_id by_id = 0;
  bool operator==(const group_invited_event&) const = default;
};
// Someone's username or display name changed: to every session of theirs and
// of the people who share a conversation (not a room) or a contact with them.
struct user_updated_event {
  natter::user_id user_id = 0;
  std::string username;
  std::string display_name;
  bool operator==(const user_updated_event&) const = default;
};

// End-to-end encryption keys (docs/protocol.md, "End-to-end encryption: keys").
// A user's device list or self-signing key changed: query their keys again.
// To their own sessions and to everyone who shares a conversation with them.
struct devices_changed_event {
  natter::user_id user_id = 0;
  bool operator==(const devices_changed_event&) const = default;
};
// To the sessions of a device's owner when a claim left its stock of one-time
// keys at or below the low mark: upload more.
struct keys_low_event {
  std::string device_id;
  std::int64_t one_time_key_count = 0;
  bool operator==(const keys_low_event&) const = default;
};

// A message from another device (docs/protocol.md, "End-to-end encryption:
// device messages"): to the sessions of the recipient device's owner, live;
// to_device.list returns the ones not acknowledged.
struct to_device_event {
  std::int64_t id = 0;    // ascending per recipient device
  std::string device_id;  // the recipient device (one of the user's)
  natter::user_id sender = 0;
  std::string sender_device;
  envelope sealed;  // the olm.v1 envelope
  bool operator==(const to_device_event&) const = default;
};

// Conversation log entries: what history and sync return, and what is pushed live.
using log_event =
    std::variant<message_event, message_edited_event, message_deleted_event, member_joined_event, member_left_event,
                 conversation_updated_event, message_reaction_event, message_pinned_event>;

using event = std::variant<message_event, message_edited_event, message_deleted_event, member_joined_event,
                           member_left_event, conversation_updated_event, receipt_event, typing_event, presence_event,
                           request_event, request_declined_event, request_accepted_event, token_expiring_event,
                           group_invited_event, message_reaction_event, message_pinned_event, user_updated_event,
                           devices_changed_event, keys_low_event, to_device_event>;

struct hello_limits {
  std::int64_t max_frame_bytes = 65536;
  std::int64_t max_message_chars = 4000;
  std::int64_t history_limit = 100;
  std::int64_t sync_limit = 1000;
  std::int64_t auth_timeout_ms = 10000;
  std::int64_t typing_ttl_ms = 5000;
  std::int64_t outbound_queue_frames = 1024;
  std::int64_t outbound_queue_bytes = 4 << 20;
  std::int64_t max_reply_bytes = 256 << 10;  // sync and history replies (reply_budget.hpp)
  bool operator==(const hello_limits&) const = default;
};
struct hello {
  int protocol = version;
  std::string server;
  hello_limits limits;
  bool operator==(const hello&) const = default;
};

// ---------- requests (client -> server) ----------

struct auth_request {
  std::string token;
  // false: this connection does not count toward the user's online presence
  // (a one-shot command). Taken from a connection's first auth only.
  std::optional<bool> presence;
  bool operator==(const auth_request&) const = default;
};
struct send_request {
  std::optional<conversation_id> conversation;
  std::optional<std::string> to;  // "@username" | "#room"
  std::string client_msg_id;
  std::string text;
  std::optional<message_id> reply_to;
  std::vector<std::string> attachments;                // media ids of the sender's uploads
  std::optional<message_id> thread_id = std::nullopt;  // with conversation_id only
  std::optional<envelope> encrypted = std::nullopt;    // then text is ""
  bool operator==(const send_request&) const = default;
};
struct edit_request {
  message_id id = 0;
  std::string text;
  std::optional<envelope> encrypted = std::nullopt;  // then text is ""
  bool operator==(const edit_request&) const = default;
};
struct delete_request {
  message_id id = 0;
  bool operator==(const delete_request&) const = default;
};
// Reactions, pins and forwards (docs/protocol.md, "Reactions, pins and forwards").
inline constexpr std::size_t max_emoji_bytes = 64;
inline constexpr int max_reactors_shown = 10;  // reaction::users
inline constexpr int max_mentions = 50;        // message::mentions
struct react_request {
  message_id id = 0;
  std::string emoji;
  bool operator==(const react_request&) const = default;
};
struct unreact_request {
  message_id id = 0;
  std::string emoji;
  bool operator==(const unreact_request&) const = default;
};
struct pin_request {
  message_id id = 0;
  bool operator==(const pin_request&) const = default;
};
struct unpin_request {
  message_id id = 0;
  bool operator==(const unpin_request&) const = default;
};
// Where a page of pins.list ends: the last pin it held (when it was pinned,
// and its message), written on the wire as "<at>.<message id>".
struct pin_cursor {
  unix_ms at = 0;
  message_id id = 0;
  bool operator==(const pin_cursor&) const = default;
};
inline constexpr int max_pins_page = 50;
struct pins_list_request {
  conversation_id conversation = 0;
  int limit = max_pins_page;         // 1..max_pins_page
  std::optional<pin_cursor> cursor;  // the previous page's next_cursor
  bool operator==(const pins_list_request&) const = default;
};
// A copy of message id into the conversation given as for message.send.
struct forward_request {
  message_id id = 0;
  std::optional<conversation_id> conversation;
  std::optional<std::string> to;
  std::string client_msg_id;
  bool operator==(const forward_request&) const = default;
};
// Threads (docs/protocol.md, "Threads").
struct thread_history_request {
  conversation_id conversation = 0;
  message_id thread_id = 0;
  std::optional<seq_t> before_seq;
  int limit = 50;
  bool operator==(const thread_history_request&) const = default;
};
struct thread_read_request {
  conversation_id conversation = 0;
  message_id thread_id = 0;
  seq_t seq = 0;
  bool operator==(const thread_read_request&) const = default;
};
struct history_request {
  conversation_id conversation = 0;
  std::optional<seq_t> before_seq;
  std::optional<seq_t> after_seq;
  int limit = 50;
  bool operator==(const history_request&) const = default;
};
struct sync_request {
  std::map<conversation_id, seq_t> since;
  conversation_id after = 0;  // a later page: only conversations with a greater id
  bool operator==(const sync_request&) const = default;
};
struct receipt_delivered_request {
  conversation_id conversation = 0;
  seq_t seq = 0;
  bool operator==(const receipt_delivered_request&) const = default;
};
struct receipt_read_request {
  conversation_id conversation = 0;
  seq_t seq = 0;
  bool operator==(const receipt_read_request&) const = default;
};
struct typing_request {
  conversation_id conversation = 0;
  bool operator==(const typing_request&) const = default;
};
struct presence_set_request {
  std::string status;
  bool operator==(const presence_set_request&) const = default;
};
struct conversations_list_request {
  bool operator==(const conversations_list_request&) const = default;
};
struct group_create_request {
  std::string name;
  std::vector<std::string> members;
  bool operator==(const group_create_request&) const = default;
};
struct group_add_request {
  conversation_id conversation = 0;
  std::string username;
  bool operator==(const group_add_request&) const = default;
};
struct group_remove_request {
  conversation_id conversation = 0;
  std::string username;
  bool operator==(const group_remove_request&) const = default;
};
struct group_role_request {
  conversation_id conversation = 0;
  std::string username;
  std::string role;
  bool operator==(const group_role_request&) const = default;
};
struct group_rename_request {
  conversation_id conversation = 0;
  std::string name;
  bool operator==(const group_rename_request&) const = default;
};
struct group_update_request {
  conversation_id conversation = 0;
  std::optional<std::string> name;
  std::optional<std::string> avatar;  // "": remove it
  bool operator==(const group_update_request&) const = default;
};
struct group_leave_request {
  conversation_id conversation = 0;
  bool operator==(const group_leave_request&) const = default;
};
struct room_list_request {
  bool operator==(const room_list_request&) const = default;
};
struct room_create_request {
  std::string name;
  std::string topic;
  bool operator==(const room_create_request&) const = default;
};
struct room_join_request {
  std::string name;
  bool operator==(const room_join_request&) const = default;
};
struct room_leave_request {
  std::string name;
  bool operator==(const room_leave_request&) const = default;
};
// --- room moderation ---
// What an owner or admin does to a member of a room (core/conversations.hpp).
enum class room_action { kick, ban, unban, mute, unmute };
inline constexpr std::size_t max_moderation_reason_chars = 200;

template <room_action A>
struct room_moderation_request {
  static constexpr room_action action = A;
  conversation_id conversation = 0;
  std::string username;
  std::string reason;  // optional on the wire; at most 200 characters
  bool operator==(const room_moderation_request&) const = default;
};
using room_kick_request = room_moderation_request<room_action::kick>;
using room_ban_request = room_moderation_request<room_action::ban>;
using room_unban_request = room_moderation_request<room_action::unban>;
using room_mute_request = room_moderation_request<room_action::mute>;
using room_unmute_request = room_moderation_request<room_action::unmute>;
struct room_topic_request {
  conversation_id conversation = 0;
  std::string topic;  // at most 200 characters; "" clears it
  bool operator==(const room_topic_request&) const = default;
};
// --- end room moderation ---
// End-to-end encryption: messages. Turns it on; there is no way back.
struct conversation_encrypt_request {
  conversation_id conversation = 0;
  bool operator==(const conversation_encrypt_request&) const = default;
};

struct contact_add_request {
  std::string username;
  bool operator==(const contact_add_request&) const = default;
};
struct contact_remove_request {
  std::string username;
  bool operator==(const contact_remove_request&) const = default;
};
struct contact_list_request {
  bool operator==(const contact_list_request&) const = default;
};
struct request_accept_request {
  conversation_id conversation = 0;
  bool operator==(const request_accept_request&) const = default;
};
struct request_decline_request {
  conversation_id conversation = 0;
  bool operator==(const request_decline_request&) const = default;
};
struct block_request {
  std::string username;
  bool operator==(const block_request&) const = default;
};
struct unblock_request {
  std::string username;
  bool operator==(const unblock_request&) const = default;
};
struct ping_request {
  bool operator==(const ping_request&) const = default;
};

// End-to-end encryption keys (docs/protocol.md, "End-to-end encryption: keys").
// Keys are unpadded standard base64 as libolm prints them: 43 characters for
// a 32-byte key, 86 for a 64-byte signature.
inline constexpr int max_keys_per_upload = 50;     // keys.upload one_time_keys
inline constexpr int max_key_query_users = 50;     // keys.query user_ids
inline constexpr int max_key_claim_devices = 100;  // keys.claim devices
inline constexpr std::size_t max_device_name_chars = 64;
// A one-time or fallback key of a device.
struct device_key {
  std::string key_id;  // 1-32 of [A-Za-z0-9_-]
  std::string curve25519;
  std::string signature;  // by the device's ed25519 key over natter-otk-v1
  bool operator==(const device_key&) const = default;
};
struct keys_upload_request {
  std::string device_id;  // 1-32 of [A-Za-z0-9_-]
  std::string curve25519;
  std::string ed25519;
  std::string signature;  // by ed25519 over natter-device-v1
  std::optional<std::string> display_name;
  std::vector<device_key> one_time_keys;
  std::optional<device_key> fallback_key;
  bool operator==(const keys_upload_request&) const = default;
};
struct keys_signing_key_request {
  std::string ed25519;    // the user's self-signing key
  std::string signature;  // by that key over natter-ssk-v1
  bool replace = false;   // must be true to replace a published one
  bool operator==(const keys_signing_key_request&) const = default;
};
struct keys_sign_list_request {
  std::int64_t version = 0;  // the list version signed (keys.query's list_version)
  std::string signature;     // by the self-signing key over natter-devices-v1
  bool operator==(const keys_sign_list_request&) const = default;
};
struct keys_query_request {
  std::vector<natter::user_id> user_ids;
  bool operator==(const keys_query_request&) const = default;
};
struct device_ref {
  natter::user_id user_id = 0;
  std::string device_id;
  bool operator==(const device_ref&) const = default;
};
struct keys_claim_request {
  std::vector<device_ref> devices;
  bool operator==(const keys_claim_request&) const = default;
};
// Device-to-device messages, sent from and to the device of the caller's session.
struct to_device_message {
  natter::user_id user_id = 0;
  std::string device_id;
  envelope sealed;  // an olm.v1 envelope (check_envelope, alg olm.v1)
  bool operator==(const to_device_message&) const = default;
};
struct to_device_send_request {
  std::vector<to_device_message> messages;
  bool operator==(const to_device_send_request&) const = default;
};
struct to_device_list_request {
  std::int64_t after = 0;  // the last id the device holds
  int limit = 100;         // 1-100
  bool operator==(const to_device_list_request&) const = default;
};
struct to_device_ack_request {
  std::int64_t up_to = 0;  // removes the device's messages with id <= up_to
  bool operator==(const to_device_ack_request&) const = default;
};
// Key backup (docs/protocol.md, "End-to-end encryption: key backup"): the
// caller's own, sealed by their client; the server reads neither auth_data
// nor an entry's data.
struct backup_entry {
  std::string session_id;  // the Megolm session whose key data seals
  std::string data;        // base64 of nonce || ciphertext
  bool operator==(const backup_entry&) const = default;
};
struct keys_backup_create_request {
  std::string auth_data;  // a JSON object as compact text
  bool operator==(const keys_backup_create_request&) const = default;
};
struct keys_backup_info_request {
  bool operator==(const keys_backup_info_request&) const = default;
};
struct keys_backup_delete_request {
  std::int64_t version = 0;
  bool operator==(const keys_backup_delete_request&) const = default;
};
struct keys_backup_put_request {
  std::int64_t version = 0;
  std::vector<backup_entry> entries;
  bool operator==(const keys_backup_put_request&) const = default;
};
struct keys_backup_get_request {
  std::int64_t version = 0;
  std::string after;  // the last session_id the client holds; "" from the start
  int limit = 100;    // 1-500
  bool operator==(const keys_backup_get_request&) const = default;
};

using request = std::variant<
    auth_request, send_request, edit_request, delete_request, history_request, sync_request, receipt_delivered_request,
    receipt_read_request, typing_request, presence_set_request, conversations_list_request, group_create_request,
    group_add_request, group_remove_request, group_role_request, group_rename_request, group_update_request,
    group_leave_request, room_list_request, room_create_request, room_join_request, room_leave_request,
    room_kick_request, room_ban_request, room_unban_request, room_mute_request, room_unmute_request, room_topic_request,
    contact_add_request, contact_remove_request, contact_list_request, request_accept_request, request_decline_request,
    block_request, unblock_request, ping_request, react_request, unreact_request, pin_request, unpin_request,
    pins_list_request, forward_request, thread_history_request, thread_read_request, keys_upload_request,
    keys_signing_key_request, keys_sign_list_request, keys_query_request, keys_claim_request, to_device_send_request,
    to_device_list_request, to_device_ack_request, conversation_encrypt_request, keys_backup_create_request,
    keys_backup_info_request, keys_backup_delete_request, keys_backup_put_request, keys_backup_get_request>;

// ---------- replies (server -> client) ----------

struct empty_reply {
  bool operator==(const empty_reply&) const = default;
};
struct auth_reply {
  user_summary user;
  unix_ms expires_at = 0;
  std::string status = "online";  // the status the user chose (presence.set); kept across sessions

  bool operator==(const auth_reply&) const = default;
};
struct message_reply {
  message msg;
  bool operator==(const message_reply&) const = default;
};
struct history_reply {
  std::vector<log_event> events;
  bool has_more = false;
  bool operator==(const history_reply&) const = default;
};
struct sync_conversation {
  conversation_id conversation = 0;
  seq_t last_seq = 0;
  bool has_more = false;
  std::vector<log_event> events;
  bool operator==(const sync_conversation&) const = default;
};
struct sync_reply {
  std::vector<sync_conversation> conversations;  // ascending conversation id
  std::vector<receipt_event> receipts;
  std::vector<presence_event> presence;
  bool has_more = false;  // more conversations follow: ask again with after = the last one here
  bool operator==(const sync_reply&) const = default;
};
struct read_reply {
  std::int64_t unread = 0;
  std::int64_t unread_mentions = 0;
  bool operator==(const read_reply&) const = default;
};
struct conversations_reply {
  std::vector<conversation> conversations;
  bool operator==(const conversations_reply&) const = default;
};
struct conversation_reply {
  conversation conv;
  bool operator==(const conversation_reply&) const = default;
};
// group.create: the group as its creator sees it, and who was invited rather
// than added (they join when they accept).
struct group_create_reply {
  conversation conv;
  std::vector<std::string> invited;
  bool operator==(const group_create_reply&) const = default;
};
struct group_add_reply {
  bool invited = false;  // an invitation was sent; not a member until accepted
  bool operator==(const group_add_reply&) const = default;
};
struct rooms_reply {
  std::vector<room_summary> rooms;
  bool operator==(const rooms_reply&) const = default;
};
struct contacts_reply {
  std::vector<contact> contacts;
  bool operator==(const contacts_reply&) const = default;
};

struct pinned_message {
  message msg;
  reactor by;
  unix_ms ts = 0;  // when it was pinned
  bool operator==(const pinned_message&) const = default;
};
struct pins_reply {
  std::vector<pinned_message> pins;       // most recently pinned first
  bool has_more = false;                  // older pins follow (limit, or max_reply_bytes)
  std::optional<pin_cursor> next_cursor;  // where the next page starts; set exactly when has_more
  bool operator==(const pins_reply&) const = default;
};

// thread.history: the root (with its thread), a page of replies ascending,
// has_more: older replies did not fit; read_seq: the caller's read mark.
struct thread_reply {
  message root;
  std::vector<message> replies;
  bool has_more = false;
  seq_t read_seq = 0;
  bool operator==(const thread_reply&) const = default;
};

// keys.upload: the device's stock of one-time keys after the upload, and
// the owner's device list version.
struct keys_upload_reply {
  std::int64_t one_time_key_count = 0;
  std::int64_t list_version = 0;
  bool operator==(const keys_upload_reply&) const = default;
};
// keys.signing_key: the device list version after the change.
struct keys_version_reply {
  std::int64_t list_version = 0;
  bool operator==(const keys_version_reply&) const = default;
};
struct device_info {
  std::string device_id;
  std::string curve25519;
  std::string ed25519;
  std::string signature;
  std::string display_name;
  unix_ms created_at = 0;
  bool operator==(const device_info&) const = default;
};
struct signed_device {
  std::string device_id;
  std::string ed25519;
  bool operator==(const signed_device&) const = default;
};
// The owner's signature over their device list at one version, with the
// devices it covers (sorted by device_id, bytewise).
struct signed_device_list {
  std::int64_t version = 0;
  std::string signature;
  std::vector<signed_device> devices;
  bool operator==(const signed_device_list&) const = default;
};
struct user_keys {
  natter::user_id user_id = 0;
  std::optional<std::string> signing_key;  // null: none published
  std::int64_t list_version = 0;
  std::vector<device_info> devices;               // sorted by device_id
  std::optional<signed_device_list> signed_list;  // null: never signed since the signing key was set
  bool operator==(const user_keys&) const = default;
};
struct keys_query_reply {
  std::vector<user_keys> users;  // in the order asked, each once
  bool operator==(const keys_query_reply&) const = default;
};
struct claimed_key {
  natter::user_id user_id = 0;
  std::string device_id;
  std::string key_id;
  std::string curve25519;
  std::string signature;
  bool fallback = false;
  bool operator==(const claimed_key&) const = default;
};
struct keys_claim_reply {
  std::vector<claimed_key> keys;  // devices without any key are left out
  bool operator==(const keys_claim_reply&) const = default;
};

struct to_device_send_reply {
  std::int64_t queued = 0;
  std::vector<device_ref> missing;  // no such device (or not one the caller may write to)
  std::vector<device_ref> full;     // its queue is full: it has not been online for long
  bool operator==(const to_device_send_reply&) const = default;
};
struct to_device_list_reply {
  std::vector<to_device_event> messages;  // ascending id
  bool has_more = false;
  bool operator==(const to_device_list_reply&) const = default;
};
struct keys_backup_create_reply {
  std::int64_t version = 0;
  bool operator==(const keys_backup_create_reply&) const = default;
};
struct keys_backup_info_reply {
  std::int64_t version = 0;
  std::string auth_data;  // a JSON object as compact text
  std::int64_t count = 0;
  std::int64_t etag = 0;  // changes whenever the backup or its entries change
  bool operator==(const keys_backup_info_reply&) const = default;
};
struct keys_backup_put_reply {
  std::int64_t count = 0;
  std::int64_t etag = 0;
  bool operator==(const keys_backup_put_reply&) const = default;
};
struct keys_backup_get_reply {
  std::vector<backup_entry> entries;  // session_id ascending
  bool has_more = false;
  bool operator==(const keys_backup_get_reply&) const = default;
};

using reply =
    std::variant<empty_reply, auth_reply, message_reply, history_reply, sync_reply, read_reply, conversations_reply,
                 conversation_reply, group_create_reply, group_add_reply, rooms_reply, contacts_reply, pins_reply,
                 thread_reply, keys_upload_reply, keys_version_reply, keys_query_reply, keys_claim_reply,
                 to_device_send_reply, to_device_list_reply, keys_backup_create_reply, keys_backup_info_reply,
                 keys_backup_put_reply, keys_backup_get_reply>;

}  // namespace natter::protocol
