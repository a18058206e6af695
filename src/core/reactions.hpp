#pragma once
// Reactions to messages and pinned messages. Each change is logged (an
// `updated` entry with a reaction or pin action: it takes a seq, so history,
// sync and the resume after a reconnect carry it like an edit) and published
// after the commit to the conversation's members.

#include <boost/asio/awaitable.hpp>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

struct reaction_limits {
  int max_emoji_per_message = 20;   // distinct emoji on one message
  int max_reactions_per_user = 10;  // one user's emoji on one message
  int max_pins = 50;                // pinned messages per conversation
  rate_limit changes{30, 120};      // reactions and pins: burst, per minute, per user
};

class reactions {
 public:
  reactions(store::database& db, event_sink& sink, membership_cache& members, const clock& clock,
            reaction_limits limits = {});

  // Adds (add) or removes the caller's reaction `emoji` to message id of a
  // conversation the caller is a member of. Adding one that is there, or
  // removing one that is not, changes nothing and logs nothing.
  // Errors: validation_failed (field "emoji": not one emoji), not_found (no
  // such message, deleted, or not in a conversation of the caller's),
  // limit_reached, muted, blocked, request_declined, rate_limited.
  boost::asio::awaitable<status> react(caller who, store::message_id id, std::string emoji, bool add);
  // Pins or unpins message id: in groups and rooms the owner and admins, in
  // direct chats either person. Pinning a pinned message (or unpinning one
  // that is not) changes nothing. Errors: not_found, forbidden,
  // limit_reached, rate_limited.
  boost::asio::awaitable<status> pin(caller who, store::message_id id, bool pinned);
  // A page of the conversation's pinned messages, most recently pinned
  // first: at most r.limit, those after r.cursor when given (a cursor whose
  // pin is gone still places the page). Errors: not_a_member.
  boost::asio::awaitable<result<protocol::pins_reply>> pins(caller who, protocol::pins_list_request r);

 private:
  struct change;
  void publish(const change& c);

  store::database& db_;
  event_sink& sink_;
  membership_cache& members_;
  const clock& clock_;
  reaction_limits limits_;
  rate_limiter changes_;
};

}  // namespace natter::core
