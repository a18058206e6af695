#pragma once
// Records of conversations, their members and their logs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/ids.hpp"
#include "store/records.hpp"

namespace natter::store {

using natter::conversation_id;
using natter::message_id;
using natter::seq_t;

enum class conversation_kind { direct, group, room };
enum class member_role { owner, admin, member };
// A direct chat started by someone the recipient has not added as a contact
// is a request until accepted.
enum class request_state { none, pending, declined };

struct conversation_record {
  conversation_id id = 0;
  conversation_kind kind = conversation_kind::group;
  std::string name;    // groups and rooms; empty for direct chats
  std::string topic;   // rooms
  std::string avatar;  // groups: a media id of kind avatar; empty: none
  seq_t last_seq = 0;
  unix_ms created_at = 0;
  request_state request = request_state::none;  // direct chats only
  std::optional<user_id> requested_by;          // who started a direct chat request
  // End-to-end encrypted (migration 22): messages carry an envelope and no
  // text. Once on, never off.
  bool encrypted = false;
};

struct new_conversation {
  conversation_kind kind = conversation_kind::group;
  std::string name;
  std::string topic;
  unix_ms created_at = 0;
  // Direct chats: the two people; unique per pair.
  std::optional<std::pair<user_id, user_id>> direct_pair;
  request_state request = request_state::none;
  std::optional<user_id> requested_by;
  bool encrypted = false;  // created end-to-end encrypted (a direct chat whose first message is encrypted)
};

// A member_joined or member_left entry, as catch-ups need it.
struct membership_change {
  seq_t seq = 0;
  user_id user = 0;
  bool joined = false;  // else left
};

struct member_record {
  conversation_id conversation = 0;
  user_id user = 0;
  std::string username;
  member_role role = member_role::member;
  unix_ms joined_at = 0;
  seq_t delivered_seq = 0;
  seq_t read_seq = 0;
  // The first seq the member receives: the first entry of the transaction
  // that added them (every entry of it went to the membership after it).
  seq_t joined_seq = 0;
};

enum class entry_kind { message, edit, deletion, member_joined, member_left, updated };

// A picture or file a message carries: what its media row said when the
// message was sent (store/media_store.hpp), kept with the message so that
// history and sync need no second lookup.
struct attachment_record {
  std::string media;  // the media id
  std::string kind;   // "image" | "file"
  std::string name;
  std::string mime;
  std::int64_t size = 0;
  int width = 0;  // images only, like the three below
  int height = 0;
  int thumbnail_width = 0;
  int thumbnail_height = 0;
  std::string colour;
  bool operator==(const attachment_record&) const = default;
};

// A message as it stands now (edited text, or empty text once deleted).
struct message_record {
  message_id id = 0;
  conversation_id conversation = 0;
  seq_t seq = 0;
  user_id sender = 0;
  std::string sender_name;  // the sender's current username
  std::string text;
  std::string client_msg_id;
  std::optional<message_id> reply_to;
  unix_ms created_at = 0;
  std::optional<unix_ms> edited_at;
  bool deleted = false;
  std::vector<attachment_record> attachments;  // none once deleted
  // A forward: the original's sender (username when it was forwarded) and time.
  std::string forwarded_sender;  // empty: not a forward
  unix_ms forwarded_at = 0;
  std::optional<message_id> thread_id;  // a reply in the thread of this root message
  // An end-to-end encrypted message: its envelope as the client sent it
  // (serialised JSON the server does not read); text is then empty. Empty:
  // a plain message, or a deleted one.
  std::string envelope;
};

// --- threads (migration 19) ---
// The replies of the thread under a root message: how many (deleted ones
// included, as they stay in the thread), and the last one's seq and time.
struct thread_summary {
  message_id root = 0;
  std::int64_t reply_count = 0;
  seq_t last_reply_seq = 0;
  unix_ms last_reply_at = 0;
  bool operator==(const thread_summary&) const = default;
};
// --- end threads ---

// --- reactions and pins (migration 15) ---
// Who reacted or pinned: the id and current username.
struct reactor_record {
  user_id id = 0;
  std::string username;
  bool operator==(const reactor_record&) const = default;
};

// One emoji's reactions to one message: how many, and the earliest reactors
// (at most the number asked for).
struct reaction_summary {
  message_id message = 0;
  std::string emoji;
  std::int64_t count = 0;
  std::vector<reactor_record> users;
  bool operator==(const reaction_summary&) const = default;
};

// What the caps on reactions look at before one is added.
struct reaction_tally {
  int emoji_kinds = 0;     // distinct emoji on the message
  int by_user = 0;         // the user's reactions to the message
  bool has_emoji = false;  // the message has a reaction with this emoji already
};

// A pinned message (not deleted), who pinned it and when.
struct pin_record {
  message_record message;
  reactor_record by;
  unix_ms at = 0;
};

// The actions of `updated` log entries that record reactions and pins: the
// target is the message, and a reaction's text is its emoji. (They are
// `updated` entries because SQLite cannot widen the kind column's CHECK
// without rebuilding the log table; see docs/architecture.md.)
inline constexpr std::string_view reaction_added_action = "reaction.add";
inline constexpr std::string_view reaction_removed_action = "reaction.remove";
inline constexpr std::string_view pinned_action = "pin";
inline constexpr std::string_view unpinned_action = "unpin";
// --- end reactions and pins ---
// The action of the `updated` entry that records end-to-end encryption
// being turned on (migration 22).
inline constexpr std::string_view encrypted_action = "encrypt";

// --- mentions (migration 18) ---
// Someone a message mentions: a member of its conversation, with the
// username as the message has it; or everyone (@room, @here).
inline constexpr user_id mention_of_everyone = 0;
struct mention_record {
  message_id message = 0;
  user_id user = 0;      // mention_of_everyone: everyone
  std::string username;  // empty for everyone
  bool operator==(const mention_record&) const = default;
};
// --- end mentions ---

// One entry of a conversation's log; every entry has its own seq.
struct log_entry {
  std::int64_t id = 0;  // for kind message: the message id
  conversation_id conversation = 0;
  seq_t seq = 0;
  entry_kind kind = entry_kind::message;
  user_id actor = 0;       // sender, editor, who joined/added/removed/renamed
  std::string actor_name;  // current username of actor
  unix_ms at = 0;
  // message, edit: the message as it stands now. deletion: its id.
  std::optional<message_record> message;
  std::optional<message_id> target;
  // member_joined, member_left, updated (role change): whom it concerns
  std::optional<user_id> subject;
  std::string subject_name;
  std::string role;   // member_joined, updated: "owner" | "admin" | "member"
  std::string name;   // updated: new name
  std::string topic;  // updated: new topic
  // updated: the group's new avatar ("" when it was removed); nothing when
  // the avatar did not change.
  std::optional<std::string> avatar;
  // --- room moderation ---
  // member_left, updated: the moderation it records ("" none; "kick", "ban",
  // "unban", "mute", "unmute", "topic"), and the moderator's reason.
  std::string action;
  std::string reason;
  std::string emoji;  // updated with a reaction action: the emoji
};

// What to append. seq and id are assigned by the store.
struct new_log_entry {
  conversation_id conversation = 0;
  entry_kind kind = entry_kind::message;
  user_id actor = 0;
  unix_ms at = 0;
  std::string text;           // message: its text; edit: the new text
  std::string client_msg_id;  // message
  std::optional<message_id> reply_to;
  std::optional<message_id> target;  // edit, deletion
  std::optional<user_id> subject;
  std::string role;
  std::optional<std::string> name;
  std::optional<std::string> topic;
  std::vector<attachment_record> attachments;  // message
  std::optional<std::string> avatar;           // updated: a group's new avatar ("": none)
  std::string action;                          // room moderation: see log_entry::action
  std::string reason;
  std::string forwarded_sender;  // message: see message_record
  unix_ms forwarded_at = 0;
  std::string envelope;  // message: see message_record
};

// An entry of `kind` by actor at `at`; the caller fills in the rest.
inline new_log_entry new_entry(conversation_id c, entry_kind kind, user_id actor, unix_ms at) {
  new_log_entry e;
  e.conversation = c;
  e.kind = kind;
  e.actor = actor;
  e.at = at;
  return e;
}

// What append did. stored is false when e was a message whose (sender,
// client_msg_id) was seen before: entry is then that earlier message, which
// may even be in another conversation.
struct appended_entry {
  log_entry entry;
  bool stored = true;
};

// One message of a group of sends (conversation_store::append_messages).
struct new_message {
  conversation_id conversation = 0;
  user_id sender = 0;
  unix_ms at = 0;
  std::string text;
  std::string client_msg_id;  // empty: no idempotency key
  std::optional<message_id> reply_to;
  std::vector<attachment_record> attachments;
  // A reply in the thread of this message: a message of the same
  // conversation, not deleted, not itself in a thread.
  std::optional<message_id> thread_id = std::nullopt;
  std::string envelope = {};  // see message_record
};

// Why a message of a group was not appended; none: it was (or it was a
// retry, see message_append::stored).
enum class send_refusal {
  none,
  not_a_member,         // no such conversation, or the sender is not a member
  blocked,              // direct chat: a member blocked the sender
  request_declined,     // direct chat: the sender's chat request was declined
  no_such_reply_to,     // reply_to is not a message of the conversation
  muted,                // room: the sender has a mute sanction there
  no_such_thread,       // thread_id is not a message of the conversation that may have a thread
  encryption_required,  // the conversation is end-to-end encrypted: no envelope, or text or attachments
  not_encrypted,        // the message has an envelope and the conversation is not encrypted
};

// What append_messages did with one message. refused == none: entry is the
// stored message (stored) or, for a (sender, client_msg_id) seen before, the
// original one (!stored), as append() returns it.
struct message_append {
  send_refusal refused = send_refusal::none;
  appended_entry appended;
};

// One row of the user's conversation list.
struct conversation_summary {
  conversation_record conversation;
  member_record me;
  std::int64_t member_count = 0;
  std::int64_t unread = 0;           // others' messages after me.read_seq
  std::int64_t unread_mentions = 0;  // of those, the ones that mention me or everyone
  std::optional<message_record> last_message;
};

// An invitation to a group: pending until the invitee accepts (then it is
// removed and they join) or declines (then it stays, declined).
struct invitation_record {
  conversation_id conversation = 0;
  user_id user = 0;  // the invitee
  user_id invited_by = 0;
  std::string invited_by_name;  // the inviter's current username
  unix_ms invited_at = 0;
  std::optional<unix_ms> declined_at;
};

// --- room moderation ---
// A ban (the user may not join) or a mute (the user may not post) in a room.
// It outlives the membership: leaving and rejoining keeps a mute.
enum class sanction_kind { ban, mute };

struct sanction_record {
  conversation_id conversation = 0;
  user_id user = 0;
  sanction_kind kind = sanction_kind::ban;
  user_id by = 0;
  unix_ms at = 0;
  std::string reason;  // at most 200 characters; may be empty
};
// --- end room moderation ---

struct room_summary {
  conversation_id id = 0;
  std::string name;
  std::string topic;
  std::int64_t member_count = 0;
};

// The log entry of message m as stored with this id and seq, as the store's
// log_entry_by_id would read it back (for append_messages, which builds it
// from what it inserted instead of reading it).
log_entry stored_message_entry(const new_message& m, std::int64_t id, seq_t seq, std::string sender_name);

std::string_view to_string(conversation_kind k) noexcept;
std::string_view to_string(member_role r) noexcept;
std::string_view to_string(request_state r) noexcept;
std::string_view to_string(entry_kind k) noexcept;
std::string_view to_string(sanction_kind k) noexcept;
// The inverses of to_string; nothing for text that none of them gives.
std::optional<conversation_kind> conversation_kind_from(std::string_view s) noexcept;
std::optional<member_role> member_role_from(std::string_view s) noexcept;
std::optional<request_state> request_state_from(std::string_view s) noexcept;
std::optional<entry_kind> entry_kind_from(std::string_view s) noexcept;
std::optional<sanction_kind> sanction_kind_from(std::string_view s) noexcept;

}  // namespace natter::store
