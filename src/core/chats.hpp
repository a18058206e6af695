#pragma once
// Messages: send, edit, delete, history and sync.
//
// A send is acknowledged only after its transaction committed. Its event is
// published from the database writer thread right after the commit, so every
// member's sessions receive a conversation's messages in seq order.

#include <boost/asio/awaitable.hpp>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

struct chat_limits {
  std::size_t max_message_chars = 4000;
  rate_limit sends{60, 600};  // burst, per minute, per user
  int sync_limit = 1000;      // log entries per conversation in one sync
  int history_limit = 100;
};

class chats {
 public:
  chats(store::database& db, event_sink& sink, membership_cache& members, const clock& clock, chat_limits limits);

  // Errors: not_a_member, user_not_found, room_not_found, blocked,
  // request_declined, message_too_long, validation_failed, rate_limited.
  boost::asio::awaitable<result<protocol::message>> send(caller who, protocol::send_request req);
  // Own messages only. Errors: not_found, forbidden, message_too_long.
  boost::asio::awaitable<result<protocol::message>> edit(caller who, protocol::edit_request req);
  // Own messages; admins and owners also others' in their groups and rooms.
  boost::asio::awaitable<status> remove(caller who, protocol::delete_request req);
  // Errors: not_a_member.
  boost::asio::awaitable<result<protocol::history_reply>> history(caller who, protocol::history_request req);
  // Conversations and receipts; presence is added by the caller.
  boost::asio::awaitable<result<protocol::sync_reply>> sync(caller who, protocol::sync_request req);

  const chat_limits& limits() const { return limits_; }

 private:
  status validate_text(std::string_view text) const;

  store::database& db_;
  event_sink& sink_;
  membership_cache& members_;
  const clock& clock_;
  chat_limits limits_;
  rate_limiter sends_;
};

}  // namespace natter::core
