#include "realtime/dispatcher.hpp"

#include "protocol/codec.hpp"

namespace natter::realtime {

namespace asio = boost::asio;
using namespace natter::protocol;

namespace {

reply_text answer(const std::string& id, const status& s) {
  if (!s) return {encode_error(id, s.err()), s.err().code};
  return {encode_reply(id, empty_reply{}), std::nullopt};
}

template <class T, class Make>
reply_text answer(const std::string& id, const result<T>& r, Make make) {
  if (!r) return {encode_error(id, r.err()), r.err().code};
  return {encode_reply(id, make(*r)), std::nullopt};
}

// One overload per request type handled here.
struct handlers {
  services& s;
  const core::caller& who;
  const std::string& session;
  const std::string& id;

  asio::awaitable<reply_text> operator()(send_request& r) {
    co_return answer(id, co_await s.chats.send(who, std::move(r)), [](auto& m) { return message_reply{m}; });
  }
  asio::awaitable<reply_text> operator()(edit_request& r) {
    co_return answer(id, co_await s.chats.edit(who, std::move(r)), [](auto& m) { return message_reply{m}; });
  }
  asio::awaitable<reply_text> operator()(delete_request& r) { co_return answer(id, co_await s.chats.remove(who, r)); }
  asio::awaitable<reply_text> operator()(history_request& r) {
    co_return answer(id, co_await s.chats.history(who, r), [](auto& h) { return h; });
  }
  asio::awaitable<reply_text> operator()(receipt_delivered_request& r) {
    co_return answer(id, co_await s.receipts.delivered(who, r.conversation, r.seq));
  }
  asio::awaitable<reply_text> operator()(receipt_read_request& r) {
    co_return answer(id, co_await s.receipts.read(who, r.conversation, r.seq), [](auto n) { return n; });
  }
  asio::awaitable<reply_text> operator()(typing_request& r) {
    co_return answer(id, co_await s.presence.typing(who, r.conversation));
  }
  asio::awaitable<reply_text> operator()(presence_set_request& r) {
    co_return answer(id, co_await s.presence.set_status(who, std::move(r.status)));
  }
  asio::awaitable<reply_text> operator()(conversations_list_request&) {
    co_return answer(id, co_await s.conversations.list(who), [](auto& c) { return conversations_reply{c}; });
  }
  asio::awaitable<reply_text> operator()(group_create_request& r) {
    co_return answer(id, co_await s.conversations.group_create(who, std::move(r.name), std::move(r.members)),
                     [](auto& c) { return c; });
  }
  asio::awaitable<reply_text> operator()(group_add_request& r) {
    co_return answer(id, co_await s.conversations.group_add(who, r.conversation, std::move(r.username)),
                     [](auto& a) { return a; });
  }
  asio::awaitable<reply_text> operator()(group_remove_request& r) {
    co_return answer(id, co_await s.conversations.group_remove(who, r.conversation, std::move(r.username)));
  }
  asio::awaitable<reply_text> operator()(group_role_request& r) {
    co_return answer(
        id, co_await s.conversations.group_role(who, r.conversation, std::move(r.username), std::move(r.role)));
  }
  asio::awaitable<reply_text> operator()(group_rename_request& r) {
    std::optional<std::string> name = std::move(r.name);
    std::optional<std::string> unchanged_avatar;
    co_return answer(
        id, co_await s.conversations.group_update(who, r.conversation, std::move(name), std::move(unchanged_avatar)));
  }
  asio::awaitable<reply_text> operator()(group_update_request& r) {
    co_return answer(
        id, co_await s.conversations.group_update(who, r.conversation, std::move(r.name), std::move(r.avatar)));
  }
  asio::awaitable<reply_text> operator()(group_leave_request& r) {
    co_return answer(id, co_await s.conversations.group_leave(who, r.conversation));
  }
  asio::awaitable<reply_text> operator()(room_list_request&) {
    co_return answer(id, co_await s.conversations.room_list(who), [](auto& r) { return rooms_reply{r}; });
  }
  asio::awaitable<reply_text> operator()(room_create_request& r) {
    co_return answer(id, co_await s.conversations.room_create(who, std::move(r.name), std::move(r.topic)),
                     [](auto& c) { return conversation_reply{c}; });
  }
  // --- room moderation ---
  template <room_action A>
  asio::awaitable<reply_text> operator()(room_moderation_request<A>& r) {
    co_return answer(
        id, co_await s.conversations.room_moderate(who, r.conversation, A, std::move(r.username), std::move(r.reason)));
  }
  asio::awaitable<reply_text> operator()(room_topic_request& r) {
    co_return answer(id, co_await s.conversations.room_topic(who, r.conversation, std::move(r.topic)));
  }
  // --- end room moderation ---
  asio::awaitable<reply_text> operator()(conversation_encrypt_request& r) {
    co_return answer(id, co_await s.conversations.encrypt(who, r.conversation));
  }
  asio::awaitable<reply_text> operator()(room_join_request& r) {
    co_return answer(id, co_await s.conversations.room_join(who, std::move(r.name)),
                     [](auto& c) { return conversation_reply{c}; });
  }
  asio::awaitable<reply_text> operator()(room_leave_request& r) {
    co_return answer(id, co_await s.conversations.room_leave(who, std::move(r.name)));
  }
  asio::awaitable<reply_text> operator()(contact_add_request& r) {
    co_return answer(id, co_await s.contacts.add(who, std::move(r.username)));
  }
  asio::awaitable<reply_text> operator()(contact_remove_request& r) {
    co_return answer(id, co_await s.contacts.remove(who, std::move(r.username)));
  }
  asio::awaitable<reply_text> operator()(contact_list_request&) {
    co_return answer(id, co_await s.contacts.list(who), [](auto& c) { return contacts_reply{c}; });
  }
  // A request is a group invitation or a direct chat request: whichever the
  // caller has pending in that conversation.
  asio::awaitable<reply_text> operator()(request_accept_request& r) {
    auto done = co_await s.conversations.accept_invitation(who, r.conversation);
    if (!done && done.err().code == errc::not_found) done = co_await s.contacts.accept_request(who, r.conversation);
    co_return answer(id, done);
  }
  asio::awaitable<reply_text> operator()(request_decline_request& r) {
    auto done = co_await s.conversations.decline_invitation(who, r.conversation);
    if (!done && done.err().code == errc::not_found) done = co_await s.contacts.decline_request(who, r.conversation);
    co_return answer(id, done);
  }
  asio::awaitable<reply_text> operator()(block_request& r) {
    co_return answer(id, co_await s.contacts.block(who, std::move(r.username)));
  }
  asio::awaitable<reply_text> operator()(unblock_request& r) {
    co_return answer(id, co_await s.contacts.unblock(who, std::move(r.username)));
  }
  asio::awaitable<reply_text> operator()(react_request& r) {
    co_return answer(id, co_await s.reactions.react(who, r.id, std::move(r.emoji), true));
  }
  asio::awaitable<reply_text> operator()(unreact_request& r) {
    co_return answer(id, co_await s.reactions.react(who, r.id, std::move(r.emoji), false));
  }
  asio::awaitable<reply_text> operator()(pin_request& r) {
    co_return answer(id, co_await s.reactions.pin(who, r.id, true));
  }
  asio::awaitable<reply_text> operator()(unpin_request& r) {
    co_return answer(id, co_await s.reactions.pin(who, r.id, false));
  }
  asio::awaitable<reply_text> operator()(pins_list_request& r) {
    co_return answer(id, co_await s.reactions.pins(who, std::move(r)), [](auto& p) { return p; });
  }
  asio::awaitable<reply_text> operator()(forward_request& r) {
    co_return answer(id, co_await s.chats.forward(who, std::move(r)), [](auto& m) { return message_reply{m}; });
  }
  asio::awaitable<reply_text> operator()(thread_history_request& r) {
    co_return answer(id, co_await s.chats.thread_history(who, r), [](auto& t) { return t; });
  }
  asio::awaitable<reply_text> operator()(thread_read_request& r) {
    co_return answer(id, co_await s.chats.thread_read(who, r), [](auto n) { return read_reply{n}; });
  }
  asio::awaitable<reply_text> operator()(keys_upload_request& r) {
    co_return answer(id, co_await s.keys.upload(who, session, std::move(r)), [](auto& k) { return k; });
  }
  asio::awaitable<reply_text> operator()(keys_signing_key_request& r) {
    co_return answer(id, co_await s.keys.set_signing_key(who, std::move(r)), [](auto& k) { return k; });
  }
  asio::awaitable<reply_text> operator()(keys_sign_list_request& r) {
    co_return answer(id, co_await s.keys.sign_list(who, std::move(r)));
  }
  asio::awaitable<reply_text> operator()(keys_query_request& r) {
    co_return answer(id, co_await s.keys.query(who, std::move(r)), [](auto& k) { return k; });
  }
  asio::awaitable<reply_text> operator()(keys_claim_request& r) {
    co_return answer(id, co_await s.keys.claim(who, std::move(r)), [](auto& k) { return k; });
  }
  asio::awaitable<reply_text> operator()(to_device_send_request& r) {
    co_return answer(id, co_await s.device_messages.send(who, session, std::move(r)), [](auto& m) { return m; });
  }
  asio::awaitable<reply_text> operator()(to_device_list_request& r) {
    co_return answer(id, co_await s.device_messages.list(who, session, r), [](auto& m) { return m; });
  }
  asio::awaitable<reply_text> operator()(to_device_ack_request& r) {
    co_return answer(id, co_await s.device_messages.ack(who, session, r));
  }
  asio::awaitable<reply_text> operator()(keys_backup_create_request& r) {
    co_return answer(id, co_await s.backup.create(who, std::move(r)), [](auto& b) { return b; });
  }
  asio::awaitable<reply_text> operator()(keys_backup_info_request&) {
    co_return answer(id, co_await s.backup.info(who), [](auto& b) { return b; });
  }
  asio::awaitable<reply_text> operator()(keys_backup_delete_request& r) {
    co_return answer(id, co_await s.backup.remove(who, r));
  }
  asio::awaitable<reply_text> operator()(keys_backup_put_request& r) {
    co_return answer(id, co_await s.backup.put(who, std::move(r)), [](auto& b) { return b; });
  }
  asio::awaitable<reply_text> operator()(keys_backup_get_request& r) {
    co_return answer(id, co_await s.backup.get(who, std::move(r)), [](auto& b) { return b; });
  }
  asio::awaitable<reply_text> operator()(ping_request&) { co_return answer(id, status(ok)); }
  // auth and sync are the session's own.
  asio::awaitable<reply_text> operator()(auth_request&) { co_return answer(id, status(errc::internal)); }
  asio::awaitable<reply_text> operator()(sync_request&) { co_return answer(id, status(errc::internal)); }
};

}  // namespace

asio::awaitable<reply_text> dispatcher::dispatch(const core::caller& who, const std::string& session,
                                                 const std::string& id, protocol::request req) {
  handlers h{s_, who, session, id};
  co_return co_await std::visit(h, req);
}

}  // namespace natter::realtime
