#include "core/receipts.hpp"

namespace natter::core {

namespace asio = boost::asio;

struct receipts::change {
  std::optional<store::member_record> before;
  store::member_record after;
  member_list audience;
  protocol::read_reply unread;
};

receipts::receipts(store::database& db, event_sink& sink, membership_cache& members)
    : db_(db), sink_(sink), members_(members) {}

asio::awaitable<result<protocol::read_reply>> receipts::advance(caller who, store::conversation_id c,
                                                                store::seq_t delivered, store::seq_t read) {
  auto job = [this, who, c, delivered, read](store::store& s) -> result<change> {
    change out;
    out.before = s.member(c, who.id);
    auto conv = s.conversation_by_id(c);
    if (!out.before || !conv) return errc::not_a_member;
    auto after = s.advance_receipts(c, who.id, delivered, read);
    if (!after) return errc::not_a_member;
    out.after = std::move(*after);
    out.unread = {s.unread_count(c, who.id), s.unread_mentions(c, who.id)};
    out.audience = conv->kind == store::conversation_kind::room
                       ? std::make_shared<const std::vector<store::user_id>>(1, who.id)
                       : members_.members(c, s);
    return out;
  };
  auto publish = [this](const result<change>& r) {
    const auto& before = *r->before;
    const auto& after = r->after;
    if (before.delivered_seq == after.delivered_seq && before.read_seq == after.read_seq) return;
    sink_.to_conversation(
        after.conversation, r->audience, 0,
        protocol::receipt_event{after.conversation, after.username, after.delivered_seq, after.read_seq, after.user});
  };
  auto changed = co_await db_.write(std::move(job), std::move(publish));
  if (!changed) co_return std::move(changed).err();
  co_return changed->unread;
}

asio::awaitable<status> receipts::delivered(caller who, store::conversation_id c, store::seq_t seq) {
  auto r = co_await advance(std::move(who), c, seq, 0);
  if (!r) co_return std::move(r).err();
  co_return ok;
}

asio::awaitable<result<protocol::read_reply>> receipts::read(caller who, store::conversation_id c, store::seq_t seq) {
  co_return co_await advance(std::move(who), c, seq, seq);
}

}  // namespace natter::core
