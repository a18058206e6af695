// conversations: turning end-to-end encryption on (conversation.encrypt).
#include "core/accounts.hpp"
#include "core/conversation_log.hpp"
#include "core/conversations.hpp"

namespace natter::core {

namespace asio = boost::asio;
using store::conversation_kind;
using store::entry_kind;
using store::member_role;

namespace {

// Who may turn it on: either person of a direct chat, a group's owner and
// admins; nobody in a room, which anyone can join (so anyone could read).
status may_encrypt(const store::conversation_record& conv, const store::member_record& me) {
  if (conv.kind == conversation_kind::room) {
    return error(errc::forbidden, "A room anyone can join cannot be end-to-end encrypted.");
  }
  if (conv.kind == conversation_kind::group && me.role == member_role::member) return errc::forbidden;
  return ok;
}

}  // namespace

asio::awaitable<status> conversations::encrypt(caller who, store::conversation_id c) {
  if (auto wait = encryptions_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, now](store::store& s) -> result<log_batch> {
    auto conv = s.conversation_by_id(c);
    auto me = conv ? s.member(c, who.id) : std::nullopt;
    if (!me) return errc::not_a_member;
    if (auto allowed = may_encrypt(*conv, *me); !allowed) return std::move(allowed).err();
    if (!s.encrypt_conversation(c)) return log_batch{c, {}, {}};  // on already: nothing to tell
    log_batch out{c, {}, members_.refresh(c, s)};  // read in this transaction: another node may have changed it
    auto e = store::new_entry(c, entry_kind::updated, who.id, now);
    e.action = store::encrypted_action;
    out.entries.push_back(s.append(e).entry);
    s.append_audit_event(
        make_audit_event(clock_, who.id, "conversation.encrypt", {}, "conversation=" + std::to_string(c)));
    return out;
  };
  auto done = co_await db_.write(std::move(job), publisher(sink_));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

}  // namespace natter::core
