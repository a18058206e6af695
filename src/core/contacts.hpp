#pragma once
// Contacts, blocks and chat requests.

#include <boost/asio/awaitable.hpp>

#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/presence.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

class contacts {
 public:
  contacts(store::database& db, event_sink& sink, presence& presence, const clock& clock);

  // Adding someone also accepts their chat request, pending or declined.
  // Errors: user_not_found, validation_failed (yourself).
  boost::asio::awaitable<status> add(caller who, std::string username);
  boost::asio::awaitable<status> remove(caller who, std::string username);
  // With each contact's current presence when the contact shares it with the
  // caller (presence.hpp), else "offline" with last_seen 0.
  boost::asio::awaitable<result<std::vector<protocol::contact>>> list(caller who);

  // From now on neither sees the other's presence: whichever of the two saw
  // the other's gets a presence event showing them offline with last_seen 0.
  // Errors: user_not_found, validation_failed (yourself).
  boost::asio::awaitable<status> block(caller who, std::string username);
  boost::asio::awaitable<status> unblock(caller who, std::string username);

  // The recipient of a request answers it. The requester gets a
  // request.declined event on decline, request.accepted on accept. A declined
  // request can still be accepted later by whoever declined it (so can
  // writing in the chat: core/chats.hpp). Errors: not_found (no request to
  // the caller in that conversation: accept wants it pending or declined,
  // decline wants it pending).
  boost::asio::awaitable<status> accept_request(caller who, store::conversation_id c);
  boost::asio::awaitable<status> decline_request(caller who, store::conversation_id c);

 private:
  store::database& db_;
  event_sink& sink_;
  presence& presence_;
  const clock& clock_;
};

}  // namespace natter::core
