#pragma once
// Messages: send, edit, delete, history and sync.
//
// A send is acknowledged only after its transaction committed. Its event is
// published from the database writer thread right after the commit, so every
// member's sessions receive a conversation's messages in seq order.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <span>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/mentions.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

struct chat_limits {
  std::size_t max_message_chars = 4000;
  // An encrypted message's envelope, serialised (docs/protocol.md, "End-to-end
  // encryption: messages"): under the 64 KiB frame, with room for the rest.
  std::size_t max_envelope_bytes = std::size_t{60} * 1024;
  rate_limit sends{60, 600};  // burst, per minute, per user
  int sync_limit = 1000;      // log entries per conversation in one sync
  int history_limit = 100;
  // @room / @here by an admin or owner (core/mentions.hpp): burst, per
  // minute, per user. Past it they are plain text; the message still goes.
  rate_limit everyone_mentions{3, 0.5};
};

// What a send transaction decided.
struct send_outcome {
  store::log_entry entry;
  bool duplicate = false;
  member_list members;
  std::optional<store::user_id> new_request_to;  // recipient of a new chat request
  std::optional<store::user_id> reopened_for;    // the requester of a declined chat the sender reopened
  std::vector<store::mention_record> mentions;   // whom the message mentions (core/mentions.hpp)
};

// Runs sends to conversations known by id in groups
// (store::conversation_store::append_messages), as the writer finds them
// next to each other in its queue.
class send_batcher final : public store::batcher<store::new_message, result<send_outcome>> {
 public:
  send_batcher(membership_cache& members, rate_limiter& everyone_mentions)
      : members_(members), everyone_mentions_(everyone_mentions) {}
  std::vector<result<send_outcome>> run(store::store& s, std::span<store::new_message* const> sends) override;

 private:
  membership_cache& members_;
  rate_limiter& everyone_mentions_;
};

class chats {
 public:
  chats(store::database& db, event_sink& sink, membership_cache& members, const clock& clock, chat_limits limits);

  // A message from whoever declined a direct chat's request accepts it: both
  // get request.accepted, and the requester may write again. In an
  // end-to-end encrypted conversation a message is an envelope (req.encrypted)
  // with no text and no attachments; elsewhere it has no envelope. A send to
  // @user with an envelope creates a new direct chat encrypted.
  // Errors: not_a_member, user_not_found, room_not_found, blocked,
  // request_declined, message_too_long (text, or the envelope over
  // max_envelope_bytes), encryption_required, validation_failed (field
  // "encrypted": an envelope where encryption is off), rate_limited.
  boost::asio::awaitable<result<protocol::message>> send(caller who, protocol::send_request req);
  // A copy of message req.id (which the caller can read: not deleted, in a
  // conversation of theirs) sent by the caller to the conversation req names
  // (as for send), with forwarded_from: the original's sender and time only.
  // Errors: not_found (the source), encryption_required (from or into an
  // encrypted conversation: clients encrypt a copy anew), and send's.
  boost::asio::awaitable<result<protocol::message>> forward(caller who, protocol::forward_request req);
  // Own messages only; in an encrypted conversation the edit is an envelope
  // (as for send). Errors: not_found, forbidden, message_too_long,
  // encryption_required, validation_failed.
  boost::asio::awaitable<result<protocol::message>> edit(caller who, protocol::edit_request req);
  // Own messages; admins and owners also others' in their groups and rooms.
  boost::asio::awaitable<status> remove(caller who, protocol::delete_request req);
  // Errors: not_a_member.
  boost::asio::awaitable<result<protocol::history_reply>> history(caller who, protocol::history_request req);
  // Threads (chats_threads.cpp). A page of the thread under req.thread_id
  // (a message of the conversation not in a thread itself): its root and
  // replies before req.before_seq, newest last. Errors: not_a_member,
  // not_found.
  boost::asio::awaitable<result<protocol::thread_reply>> thread_history(caller who,
                                                                        protocol::thread_history_request req);
  // Raises the caller's read mark in the thread to req.seq (at most the
  // conversation's last seq) and returns the thread's unread count after it.
  // Errors: not_a_member, not_found, validation_failed (a negative seq).
  boost::asio::awaitable<result<std::int64_t>> thread_read(caller who, protocol::thread_read_request req);
  // Conversations and receipts; presence is added by the caller.
  boost::asio::awaitable<result<protocol::sync_reply>> sync(caller who, protocol::sync_request req);

  const chat_limits& limits() const { return limits_; }

 private:
  status validate_text(std::string_view text) const;
  // What can be checked before the conversation is known: the text's length,
  // or the envelope's size (text beside an envelope is refused by the
  // conversation's rule: body_fits).
  status validate_body(std::string_view text, bool has_attachments,
                       const std::optional<protocol::envelope>& encrypted) const;
  // A send to a conversation named by @user or #room (may create the chat).
  boost::asio::awaitable<result<send_outcome>> send_by_name(caller who, protocol::send_request req, unix_ms now);
  void publish_send(const caller& who, const send_outcome& sent);
  struct edit_outcome;

  store::database& db_;
  event_sink& sink_;
  membership_cache& members_;
  const clock& clock_;
  chat_limits limits_;
  rate_limiter sends_;
  rate_limiter everyone_mentions_;
  send_batcher batcher_;
};

}  // namespace natter::core
