#pragma once
// Storage of conversations, members, logs, contacts and blocks: the part of
// the store interface that real-time messaging uses. Same threading and error
// rules as store.hpp: one thread at a time, expected failures as values,
// anything else throws store::failure.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/conversation_records.hpp"
#include "store/search_records.hpp"

namespace natter::store {

class conversation_store {
 public:
  virtual ~conversation_store() = default;
  conversation_store() = default;
  conversation_store(const conversation_store&) = delete;
  conversation_store& operator=(const conversation_store&) = delete;

  // --- conversations ---
  // Errors: room_exists (a room name is taken), conflict on a direct pair that
  // exists already is not an error: the existing one is returned.
  virtual result<conversation_record> create_conversation(const new_conversation& c) = 0;
  virtual std::optional<conversation_record> conversation_by_id(conversation_id id) = 0;
  virtual std::optional<conversation_record> direct_conversation(user_id a, user_id b) = 0;
  virtual std::optional<conversation_record> room_by_name(std::string_view name) = 0;
  // Rooms by name, at most limit, after `after` (a name) for paging.
  virtual std::vector<room_summary> rooms(std::string_view after, int limit) = 0;
  virtual void set_request_state(conversation_id id, request_state state) = 0;
  // Turns c's end-to-end encryption on (migration 22); there is no way back.
  // Returns whether it changed (false: on already, or no such conversation).
  virtual bool encrypt_conversation(conversation_id c) = 0;

  // --- members ---
  virtual std::optional<member_record> member(conversation_id c, user_id u) = 0;
  // Ordered by joined_at, then user id.
  virtual std::vector<member_record> members(conversation_id c) = 0;
  virtual std::vector<user_id> member_ids(conversation_id c) = 0;
  // joined_seq: the first seq u is to receive (member_record::joined_seq).
  // u's delivered and read seqs start just before it (at most last_seq):
  // nothing from before the join is unread. Costs a count over the entries
  // from joined_seq on, which callers append in the same transaction.
  virtual void add_member(conversation_id c, user_id u, member_role role, unix_ms at, seq_t joined_seq) = 0;
  virtual void remove_member(conversation_id c, user_id u) = 0;
  virtual void set_member_role(conversation_id c, user_id u, member_role role) = 0;
  // Raise the member's delivered / read seq to at least seq (never lower it,
  // never past the conversation's last_seq; read also raises delivered).
  // Returns the member as it is afterwards, or nothing if not a member.
  // Keeps the unread count: constant cost when read reaches the newest
  // message, else a count of u's own and of deleted messages between the old
  // and the new read_seq (each counted once over u's membership).
  virtual std::optional<member_record> advance_receipts(conversation_id c, user_id u, seq_t delivered, seq_t read) = 0;
  // u's unread count in c: messages by others, not deleted, with seq above
  // u's read_seq (0 when u is not a member). Constant cost, whatever the
  // length of the log: kept by append, delete_message, add_member and
  // advance_receipts (see docs/architecture.md, "Unread counts").
  virtual std::int64_t unread_count(conversation_id c, user_id u) = 0;
  // One row of the user's conversation list, if the user is a member of c.
  virtual std::optional<conversation_summary> conversation_summary_of(conversation_id c, user_id u) = 0;
  // Every conversation the user is a member of, most recent activity first.
  virtual std::vector<conversation_summary> conversations_of(user_id u) = 0;

  // --- the log ---
  // Appends at last_seq + 1 and raises last_seq, in the caller's transaction;
  // a message also raises the counts that unread_count reads, in the same
  // step that takes the seq.
  // For a message: a (sender, client_msg_id) pair seen before is not stored
  // again; the original entry is returned with stored == false. That is the
  // only way to tell a retry: the conversation's last_seq may have moved
  // since the caller read it (another node's append committed meanwhile).
  virtual appended_entry append(const new_log_entry& e) = 0;
  // Appends a group of messages, in order, as append() would one by one,
  // after checking each the way a send must: the sender is a member and not
  // muted (a mute sanction in c); in a
  // direct chat nobody blocked them and their request was not declined;
  // reply_to is a message of the conversation; thread_id is a message of the
  // conversation, not deleted and not in a thread itself; in an encrypted
  // conversation it has an envelope and no text (encryption_required; its
  // attachments are files uploaded encrypted, which core checks), elsewhere no
  // envelope (not_encrypted). One result per message, in
  // order; a refused message changes nothing. Costs a few statements per
  // group and per conversation, not per message: this is the path of sends
  // under load (core::chats). Throws store::failure when the group could not
  // be appended whole (then nothing of it was, and the caller's savepoint
  // is to be rolled back).
  virtual std::vector<message_append> append_messages(std::span<const new_message> messages) = 0;
  virtual std::optional<message_record> message_by_id(message_id id) = 0;
  virtual void edit_message(message_id id, std::string_view text, unix_ms at) = 0;
  // An encrypted message's edit: its envelope is replaced and its text
  // emptied (a message sent before encryption was turned on loses its plain
  // text, in the search index too), as edit_message replaces text.
  virtual void edit_envelope(message_id id, std::string_view envelope, unix_ms at) = 0;
  // Clears the text and marks it deleted (once: a deleted message stays as
  // it is). It stops counting as unread for every member who had not read
  // it: one member row each is updated.
  virtual void delete_message(message_id id, unix_ms at) = 0;
  // Entries with seq > after, ascending, at most limit.
  virtual std::vector<log_entry> log_after(conversation_id c, seq_t after, int limit) = 0;
  // The last `limit` entries with seq < before, ascending.
  virtual std::vector<log_entry> log_before(conversation_id c, seq_t before, int limit) = 0;
  // True when c's log has a member_joined or member_left entry with
  // after < seq < before (membership_cache checks its entries with it).
  virtual bool membership_changed(conversation_id c, seq_t after, seq_t before) = 0;
  // The member_joined and member_left entries with seq > after, ascending.
  virtual std::vector<membership_change> membership_changes_after(conversation_id c, seq_t after) = 0;

  // --- message search (migration 15) ---
  // The messages matching q, newest first (descending id), at most q.limit:
  // not deleted, in conversations q.reader is a member of now (whatever
  // they could read before leaving one is no longer found) and that are not
  // end-to-end encrypted (nothing of theirs is found, not even what was
  // written before encryption was turned on). Edits and
  // deletions change what matches in the same transaction as the change.
  virtual std::vector<message_hit> search_messages(const message_search_query& q) = 0;

  // --- group invitations ---
  // Records a pending invitation of u to c unless u has one to c already
  // (pending or declined); returns whether it did.
  virtual bool add_invitation(conversation_id c, user_id u, user_id by, unix_ms at) = 0;
  virtual std::optional<invitation_record> invitation(conversation_id c, user_id u) = 0;
  // u's pending invitations, newest first.
  virtual std::vector<invitation_record> invitations_of(user_id u) = 0;
  virtual void remove_invitation(conversation_id c, user_id u) = 0;
  // Declines every pending invitation of u sent by `by`; returns how many.
  virtual int decline_invitations_from(user_id u, user_id by, unix_ms at) = 0;
  // True when u has declined an invitation from `by`.
  virtual bool declined_invitation_from(user_id u, user_id by) = 0;

  // --- room moderation ---
  // Records s unless its user has a sanction of its kind in its room already
  // (then nothing changes); returns whether it did.
  virtual bool add_sanction(const sanction_record& s) = 0;
  // Returns whether there was one to remove.
  virtual bool remove_sanction(conversation_id c, user_id u, sanction_kind kind) = 0;
  virtual std::optional<sanction_record> sanction(conversation_id c, user_id u, sanction_kind kind) = 0;
  // c's sanctions of `kind`, oldest first, at most limit.
  virtual std::vector<sanction_record> sanctions(conversation_id c, sanction_kind kind, int limit) = 0;
  // --- end room moderation ---

  // --- reactions and pins (migration 15) ---
  // Adds u's reaction `emoji` to message m; false when it was there already.
  virtual bool add_reaction(message_id m, user_id u, std::string_view emoji, unix_ms at) = 0;
  // False when there was none to remove.
  virtual bool remove_reaction(message_id m, user_id u, std::string_view emoji) = 0;
  virtual reaction_tally reaction_tally_of(message_id m, user_id u, std::string_view emoji) = 0;
  // The reactions to the given messages that are not deleted, grouped by
  // message then emoji (in order of each emoji's first reaction), each with
  // at most max_users reactors, earliest first. One query, whatever the
  // number of messages; its cost grows with the reactions to them.
  virtual std::vector<reaction_summary> reactions_on(std::span<const message_id> messages, int max_users) = 0;
  // Pins message m of c; false when it was pinned already.
  virtual bool pin_message(conversation_id c, message_id m, user_id by, unix_ms at) = 0;
  virtual bool unpin_message(conversation_id c, message_id m) = 0;
  // c's pinned messages that are not deleted, most recently pinned first, at
  // most limit.
  virtual std::vector<pin_record> pins_of(conversation_id c, int limit) = 0;
  // --- end reactions and pins ---

  // --- threads (migration 19) ---
  // A send with a thread_id (append_messages) raises its root's summary and
  // the sender's read mark in the thread, in the same step as its seq.
  // The summaries of the threads under the given messages that have any
  // reply; one query, whatever the number of messages.
  virtual std::vector<thread_summary> thread_summaries(std::span<const message_id> roots) = 0;
  // The last `limit` replies of the thread under root in c with seq < before,
  // ascending, as message entries (as they stand now). Costs the page, not
  // the thread or the log (an index on conversation, thread, seq).
  virtual std::vector<log_entry> thread_replies_before(conversation_id c, message_id root, seq_t before, int limit) = 0;
  // u's read mark in the thread under root; 0 when u never read it.
  virtual seq_t thread_read_seq(message_id root, user_id u) = 0;
  // Raises u's read mark in the thread under root to seq (never lowers it).
  virtual void mark_thread_read(message_id root, user_id u, seq_t seq) = 0;
  // The replies in the thread under root in c by others than u, not
  // deleted, with seq above both u's read mark there and `after`; counted
  // up to `cap` (the cost is that of the replies counted).
  virtual std::int64_t thread_unread(conversation_id c, message_id root, user_id u, seq_t after, std::int64_t cap) = 0;
  // --- end threads ---
  // --- mentions (migration 18) ---
  // The members of c whose usernames are among `usernames` (lower case), in
  // no particular order: one query, for the names a message mentions.
  virtual std::vector<member_record> members_named(conversation_id c, std::span<const std::string> usernames) = 0;
  // Replaces the mentions of message m (none: removes them), in this order.
  // A mention counts for its user (everyone: for every member but m's
  // sender) while m's seq is above their read_seq and m is not deleted.
  virtual void set_mentions(const message_record& m, std::span<const mention_record> mentions) = 0;
  // The mentions of the given messages, by message, each in the order set.
  // One query, whatever the number of messages.
  virtual std::vector<mention_record> mentions_on(std::span<const message_id> messages) = 0;
  // Messages of c, not by u and not deleted, with seq above u's read_seq,
  // that mention u or everyone (0 when u is not a member). Its cost grows
  // with those messages only, never with the log (index on user,
  // conversation, seq). conversation_summary::unread_mentions is the same.
  virtual std::int64_t unread_mentions(conversation_id c, user_id u) = 0;
  // --- end mentions ---

  // --- contacts, blocks, presence ---
  // Both return whether anything changed.
  virtual bool add_contact(user_id owner, user_id contact) = 0;
  virtual bool remove_contact(user_id owner, user_id contact) = 0;
  virtual bool is_contact(user_id owner, user_id other) = 0;
  virtual std::vector<user_record> contacts_of(user_id owner) = 0;
  virtual bool add_block(user_id blocker, user_id blocked) = 0;
  virtual bool remove_block(user_id blocker, user_id blocked) = 0;
  virtual bool is_blocked(user_id blocker, user_id blocked) = 0;
  // Who may see u's presence and last seen: the people u has as contacts, and
  // fellow members of u's groups and accepted direct chats (not rooms, not
  // chat requests); never anyone u blocked or who blocked u. Ascending ids,
  // never u itself.
  virtual std::vector<user_id> presence_audience(user_id u) = 0;
  // Whose presence v may see: the people in whose presence_audience v is.
  // Ascending ids, never v itself.
  virtual std::vector<user_id> presence_visible_to(user_id v) = 0;
  virtual void set_last_seen(user_id u, unix_ms at) = 0;
  virtual std::optional<unix_ms> last_seen(user_id u) = 0;
};

}  // namespace natter::store
