// conversations: answering a group invitation.
#include "core/conversation_log.hpp"
#include "core/conversations.hpp"

namespace natter::core {

namespace asio = boost::asio;
using store::conversation_kind;
using store::member_role;

namespace {

// The caller's pending invitation to group c. Errors: not_found.
result<store::invitation_record> pending_invitation(store::store& s, const caller& who, store::conversation_id c) {
  auto invitation = s.invitation(c, who.id);
  if (!invitation || invitation->declined_at) return errc::not_found;
  auto group = s.conversation_by_id(c);
  if (!group || group->kind != conversation_kind::group) return errc::not_found;
  return std::move(*invitation);
}

}  // namespace

asio::awaitable<status> conversations::accept_invitation(caller who, store::conversation_id c) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, now](store::store& s) -> result<log_batch> {
    auto invitation = pending_invitation(s, who, c);
    if (!invitation) return std::move(invitation).err();
    if (s.member_ids(c).empty()) {  // everyone left meanwhile: nothing to join
      s.remove_invitation(c, who.id);
      return errc::not_found;
    }
    log_batch out{c, {}, {}};
    join(s, out, who.id, invitation->invited_by, member_role::member, now);
    out.audience = members_.refresh(c, s);
    return out;
  };
  auto joined = co_await db_.write(std::move(job), publisher(sink_));
  if (!joined) co_return std::move(joined).err();
  co_return ok;
}

asio::awaitable<status> conversations::decline_invitation(caller who, store::conversation_id c) {
  const unix_ms now = clock_.now_ms();
  auto job = [who, c, now](store::store& s) -> status {
    auto invitation = pending_invitation(s, who, c);
    if (!invitation) return std::move(invitation).err();
    // Turning down the group is turning down its inviter: their other pending
    // invitations go too, and they cannot send more.
    s.decline_invitations_from(who.id, invitation->invited_by, now);
    return ok;
  };
  co_return co_await db_.write(std::move(job));
}

}  // namespace natter::core
