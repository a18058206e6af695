// conversations: room moderation (kick, ban, unban, mute, unmute, topic).
#include "common/utf8.hpp"
#include "core/accounts.hpp"
#include "core/conversation_log.hpp"
#include "core/conversations.hpp"

namespace natter::core {

namespace asio = boost::asio;
using protocol::room_action;
using store::conversation_kind;
using store::entry_kind;
using store::member_role;
using store::sanction_kind;

namespace {

std::string_view name_of(room_action a) noexcept {
  switch (a) {
    case room_action::kick:
      return "kick";
    case room_action::ban:
      return "ban";
    case room_action::unban:
      return "unban";
    case room_action::mute:
      return "mute";
    case room_action::unmute:
      return "unmute";
  }
  return "kick";
}

// Higher ranks moderate lower ones.
int rank_of(member_role r) noexcept {
  return r == member_role::owner ? 2 : r == member_role::admin ? 1 : 0;
}

// Short free text shown to the room: topics and reasons.
status validate_short_text(std::string_view text, std::string_view field) {
  if (count_code_points(text) > max_room_topic_chars)
    return validation_error(std::string(field), "At most 200 characters.");
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return validation_error(std::string(field), "No control characters.");
  }
  return ok;
}

// What one moderation request is about, checked in its transaction.
struct moderation_target {
  store::member_record moderator;
  store::user_record user;
  std::optional<store::member_record> membership;
};

result<moderation_target> moderation_target_of(store::store& s, const caller& who, store::conversation_id c,
                                               const std::string& username) {
  auto me = moderator_of(s, who.id, c, conversation_kind::room);
  if (!me) return std::move(me).err();
  auto user = s.user_by_username(username);
  if (!user) return errc::user_not_found;
  if (user->id == who.id) return validation_error("username", "You cannot moderate yourself.");
  auto membership = s.member(c, user->id);
  const auto their_rank = membership ? rank_of(membership->role) : rank_of(member_role::member);
  if (their_rank >= rank_of(me->role)) return errc::forbidden;
  return moderation_target{std::move(*me), std::move(*user), std::move(membership)};
}

// An updated entry about the target (unban, mute, unmute, a ban of a non-member).
void log_update(store::store& s, log_batch& out, const caller& who, const moderation_target& t, room_action action,
                const std::string& reason, unix_ms now) {
  auto e = store::new_entry(out.conversation, entry_kind::updated, who.id, now);
  e.subject = t.user.id;
  e.action = name_of(action);
  e.reason = reason;
  out.entries.push_back(s.append(e).entry);
}

// Makes the change in out's room; returns whether anything changed.
// Errors: not_a_member (kick, mute: the target is not in the room).
result<bool> apply(store::store& s, log_batch& out, const caller& who, const moderation_target& t, room_action action,
                   const std::string& reason, unix_ms now) {
  if ((action == room_action::kick || action == room_action::mute) && !t.membership) return errc::not_a_member;
  const bool about_ban = action == room_action::ban || action == room_action::unban;
  const store::sanction_record sanction{
      out.conversation, t.user.id, about_ban ? sanction_kind::ban : sanction_kind::mute, who.id, now, reason};
  switch (action) {
    case room_action::kick:
      leave(s, out, t.user.id, who.id, now, name_of(action), reason);
      return true;
    case room_action::ban:
    case room_action::mute: {
      const bool added = s.add_sanction(sanction);
      if (action == room_action::ban && t.membership) {
        leave(s, out, t.user.id, who.id, now, name_of(action), reason);
        return true;
      }
      if (added) log_update(s, out, who, t, action, reason, now);
      return added;
    }
    case room_action::unban:
    case room_action::unmute:
      if (!s.remove_sanction(out.conversation, t.user.id, sanction.kind)) return false;
      log_update(s, out, who, t, action, reason, now);
      return true;
  }
  return false;
}

}  // namespace

asio::awaitable<status> conversations::room_moderate(caller who, store::conversation_id c, room_action action,
                                                     std::string username, std::string reason) {
  if (auto v = validate_short_text(reason, "reason"); !v) co_return v;
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, action, username, reason, now](store::store& s) -> result<log_batch> {
    auto t = moderation_target_of(s, who, c, username);
    if (!t) return std::move(t).err();
    // Everyone in the room before the change hears of it, the target too.
    log_batch out{c, {}, members_.refresh(c, s)};  // read in this transaction: another node may have changed it
    auto changed = apply(s, out, who, *t, action, reason, now);
    if (!changed) return std::move(changed).err();
    if (!*changed) return out;
    members_.refresh(c, s);
    const auto detail = "conversation=" + std::to_string(c) + " user=" + std::to_string(t->user.id);
    s.append_audit_event(make_audit_event(clock_, who.id, "room." + std::string(name_of(action)), {}, detail));
    return out;
  };
  auto done = co_await db_.write(std::move(job), publisher(sink_));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

asio::awaitable<status> conversations::room_topic(caller who, store::conversation_id c, std::string topic) {
  if (auto v = validate_short_text(topic, "topic"); !v) co_return v;
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, topic, now](store::store& s) -> result<log_batch> {
    auto me = moderator_of(s, who.id, c, conversation_kind::room);
    if (!me) return std::move(me).err();
    log_batch out{c, {}, members_.refresh(c, s)};  // read in this transaction: another node may have changed it
    auto e = store::new_entry(c, entry_kind::updated, who.id, now);
    e.topic = topic;
    e.action = "topic";
    out.entries.push_back(s.append(e).entry);
    s.append_audit_event(make_audit_event(clock_, who.id, "room.topic", {}, "conversation=" + std::to_string(c)));
    return out;
  };
  auto done = co_await db_.write(std::move(job), publisher(sink_));
  if (!done) co_return std::move(done).err();
  co_return ok;
}

}  // namespace natter::core
