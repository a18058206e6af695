#pragma once
// Delivery and read receipts. A receipt only ever moves forward; each change
// is published to the conversation's members (in rooms, only to the reader's
// own sessions: room receipts would fan out to everyone).

#include <boost/asio/awaitable.hpp>

#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

class receipts {
 public:
  receipts(store::database& db, event_sink& sink, membership_cache& members);

  // Errors: not_a_member.
  boost::asio::awaitable<status> delivered(caller who, store::conversation_id c, store::seq_t seq);
  // Returns how many messages by others remain unread, and how many of
  // those mention the caller (or everyone). Errors: not_a_member.
  boost::asio::awaitable<result<protocol::read_reply>> read(caller who, store::conversation_id c, store::seq_t seq);

 private:
  struct change;
  boost::asio::awaitable<result<protocol::read_reply>> advance(caller who, store::conversation_id c,
                                                               store::seq_t delivered, store::seq_t read);

  store::database& db_;
  event_sink& sink_;
  membership_cache& members_;
};

}  // namespace natter::core
