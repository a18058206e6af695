#pragma once
// The JSON protocol's dialect of websocket_session (docs/protocol.md part 2):
// one request frame per WebSocket message, each run as a request of its own;
// replies, events and errors as JSON frames; the session ends with a close
// code alone. Stateless: everything it needs is the session's.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/codec.hpp"
#include "realtime/websocket_session.hpp"
#include "realtime/websocket_session_delivery.hpp"

namespace natter::realtime {

class json_dialect {
 public:
  static constexpr std::string_view log_protocol = {};
  struct after_reply {};

  template <class Executor>
  json_dialect(const Executor& /*strand*/, const session_env& /*env*/) {}

  template <class WebSocket>
  void prepare(WebSocket& /*ws*/, const upgrade_request& /*upgrade*/) {}

  // hello first; signed in from the start when the upgrade carried credentials.
  template <class S>
  void opened(S& s, const std::optional<upgrade_identity>& identity) {
    s.enqueue(protocol::encode_hello({protocol::version, "natterd/0.1.0", s.env_.hello}));
    if (identity && !s.signed_in(*identity)) s.end(ending::too_many_sessions);
  }

  template <class S>
  boost::asio::awaitable<void> on_message(S& s, const boost::beast::flat_buffer& buffer);

  template <class S>
  boost::asio::awaitable<reply_text> sync(S& s, const std::string& id, protocol::sync_request req);

  template <class S>
  boost::asio::awaitable<void> answer(S& s, const std::string& /*id*/, const reply_text& reply, after_reply /*tail*/) {
    if (reply.text.empty()) co_return;
    co_await s.room_for(reply.text.size());
    s.enqueue_reply(reply.text);
  }

  template <class S>
  void push_user(S& s, const delivery::frame& f) {
    s.enqueue(*f);
  }
  template <class S>
  void push_conversation(S& s, conversation_id /*c*/, seq_t /*seq*/, const delivery::frame& f) {
    s.enqueue(*f);
  }

  template <class S>
  void end(S& s, ending why) {
    switch (why) {
      case ending::auth_timeout:
        return s.close_with(close_unauthorized, "authentication timeout");
      case ending::token_expired:
        return s.close_with(close_unauthorized, "token expired");
      case ending::session_ended:
        return s.close_with(close_session_ended, "session ended");
      case ending::too_many_sessions:
        return s.close_with(close_too_many_connections, "too many connections for this user");
    }
  }

  template <class S>
  void ended(S& /*s*/) {}
};

template <class S>
boost::asio::awaitable<void> json_dialect::on_message(S& s, const boost::beast::flat_buffer& buffer) {
  if (!s.ws_.got_text()) {
    s.close_with(static_cast<std::uint16_t>(boost::beast::websocket::close_code::unknown_data),
                 "binary frames are not supported");
    co_return;
  }
  std::string_view text(static_cast<const char*>(buffer.data().data()), buffer.size());
  ++s.requests_read_;
  auto decoded = protocol::decode_request(text);
  if (!decoded.body) {
    s.env_.counts.answered(std::nullopt, decoded.body.err().code);
    s.enqueue(protocol::encode_error(decoded.id, decoded.body.err()));
    co_return;
  }
  if (!s.user_ && !std::holds_alternative<protocol::auth_request>(*decoded.body)) {
    s.env_.counts.answered(decoded.body->index(), errc::unauthorized);
    s.enqueue(protocol::encode_error(decoded.id, error(errc::unauthorized, "Send auth first.")));
    co_return;
  }
  s.start_request(std::move(*decoded.id), std::move(*decoded.body), {});
  co_await s.wait_for_slot();  // the next message is read once a request slot is free
}

template <class S>
boost::asio::awaitable<reply_text> json_dialect::sync(S& s, const std::string& id, protocol::sync_request req) {
  co_await s.sync_started();
  const bool first_page = req.after == 0;
  auto reply = co_await s.env_.chats.sync(*s.user_, std::move(req));
  if (reply && first_page) {
    auto people = co_await s.env_.presence.visible_to(*s.user_);
    if (people) reply->presence = fitting_presence(std::move(*people));
  }
  std::string text;
  std::vector<std::pair<store::conversation_id, store::seq_t>> covered;
  if (reply) {
    text = protocol::encode_reply(id, *reply);
    co_await s.room_for(text.size());  // still holding live events: they follow the reply
    for (const auto& c : reply->conversations) covered.emplace_back(c.conversation, c.last_seq);
  }
  s.sync_ended(reply ? &covered : nullptr, [&] {
    if (reply) s.enqueue_reply(text);
  });
  if (!reply) co_return reply_text{protocol::encode_error(id, reply.err()), reply.err().code};
  co_return reply_text{};
}

}  // namespace natter::realtime
