// conversations: the list, and groups.
#include "core/conversations.hpp"

#include "common/utf8.hpp"
#include "core/conversation_log.hpp"

namespace natter::core {

namespace asio = boost::asio;
using store::conversation_kind;
using store::entry_kind;
using store::member_role;

conversations::conversations(store::database& db, event_sink& sink, membership_cache& members, const clock& clock)
    : db_(db), sink_(sink), members_(members), clock_(clock) {}

asio::awaitable<result<std::vector<protocol::conversation>>> conversations::list(caller who) {
  auto query = [who](store::store& s) -> result<std::vector<protocol::conversation>> {
    std::vector<protocol::conversation> out;
    for (const auto& summary : s.conversations_of(who.id)) out.push_back(describe(s, summary, who.id));
    return out;
  };
  co_return co_await db_.read(std::move(query));
}

static status validate_group_name(std::string_view name) {
  auto chars = count_code_points(name);
  if (chars == 0 || chars > max_group_name_chars) return validation_error("name", "1 to 64 characters.");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return validation_error("name", "No control characters.");
  }
  return ok;
}

asio::awaitable<result<protocol::conversation>> conversations::group_create(caller who, std::string name,
                                                                            std::vector<std::string> usernames) {
  if (auto v = validate_group_name(name); !v) co_return std::move(v).err();
  if (usernames.size() > max_group_members) co_return validation_error("members", "Too many members.");
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, name, usernames, now](store::store& s) -> result<log_batch> {
    std::vector<store::user_record> people;
    for (const auto& username : usernames) {
      auto user = s.user_by_username(username);
      if (!user) return error(errc::user_not_found, "No user named " + username + ".", "members");
      if (user->id != who.id) people.push_back(std::move(*user));
    }
    auto conv = s.create_conversation({conversation_kind::group, name, {}, now, {}, {}, {}});
    if (!conv) return std::move(conv).err();
    log_batch out{conv->id, {}, {}};
    join(s, out, who.id, who.id, member_role::owner, now);
    for (const auto& person : people) {
      if (!s.member(conv->id, person.id)) join(s, out, person.id, who.id, member_role::member, now);
    }
    out.audience = members_.refresh(conv->id, s);
    return out;
  };
  auto created = co_await db_.write(std::move(job), publisher(sink_));
  if (!created) co_return std::move(created).err();
  co_return co_await describe_for(db_, created->conversation, who.id);
}

asio::awaitable<status> conversations::group_add(caller who, store::conversation_id c, std::string username) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, username, now](store::store& s) -> result<log_batch> {
    auto me = moderator_of(s, who.id, c, conversation_kind::group);
    if (!me) return std::move(me).err();
    auto user = s.user_by_username(username);
    if (!user) return errc::user_not_found;
    if (s.member(c, user->id)) return errc::already_member;
    log_batch out{c, {}, {}};
    join(s, out, user->id, who.id, member_role::member, now);
    out.audience = members_.refresh(c, s);
    return out;
  };
  auto added = co_await db_.write(std::move(job), publisher(sink_));
  if (!added) co_return std::move(added).err();
  co_return ok;
}

asio::awaitable<status> conversations::group_remove(caller who, store::conversation_id c, std::string username) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, username, now](store::store& s) -> result<log_batch> {
    auto me = moderator_of(s, who.id, c, conversation_kind::group);
    if (!me) return std::move(me).err();
    auto user = s.user_by_username(username);
    auto target = user ? s.member(c, user->id) : std::nullopt;
    if (!target) return errc::not_a_member;
    if (target->user == who.id) return validation_error("username", "Use group.leave to leave.");
    if (target->role == member_role::owner) return errc::forbidden;
    if (target->role == member_role::admin && me->role != member_role::owner) return errc::forbidden;
    // The removed member hears of it too: publish to the members before.
    log_batch out{c, {}, members_.members(c, s)};
    leave(s, out, target->user, who.id, now);
    members_.refresh(c, s);
    return out;
  };
  auto removed = co_await db_.write(std::move(job), publisher(sink_));
  if (!removed) co_return std::move(removed).err();
  co_return ok;
}

asio::awaitable<status> conversations::group_role(caller who, store::conversation_id c, std::string username,
                                                  std::string role) {
  auto wanted = store::member_role_from(role);
  if (!wanted || *wanted == member_role::owner) co_return validation_error("role", "admin or member.");
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, username, wanted, now](store::store& s) -> result<log_batch> {
    auto me = moderator_of(s, who.id, c, conversation_kind::group);
    if (!me) return std::move(me).err();
    auto user = s.user_by_username(username);
    auto target = user ? s.member(c, user->id) : std::nullopt;
    if (!target) return errc::not_a_member;
    if (target->role == member_role::owner) return errc::forbidden;
    const bool demoting_admin = target->role == member_role::admin && *wanted == member_role::member;
    if (demoting_admin && me->role != member_role::owner) return errc::forbidden;
    log_batch out{c, {}, members_.members(c, s)};
    if (target->role != *wanted) set_role(s, out, target->user, who.id, *wanted, now);
    return out;
  };
  auto changed = co_await db_.write(std::move(job), publisher(sink_));
  if (!changed) co_return std::move(changed).err();
  co_return ok;
}

asio::awaitable<status> conversations::group_rename(caller who, store::conversation_id c, std::string name) {
  if (auto v = validate_group_name(name); !v) co_return v;
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, name, now](store::store& s) -> result<log_batch> {
    auto me = moderator_of(s, who.id, c, conversation_kind::group);
    if (!me) return std::move(me).err();
    log_batch out{c, {}, members_.members(c, s)};
    store::new_log_entry e{c, entry_kind::updated, who.id, now, {}, {}, {}, {}, {}, {}, name, {}};
    out.entries.push_back(s.append(e).entry);
    return out;
  };
  auto renamed = co_await db_.write(std::move(job), publisher(sink_));
  if (!renamed) co_return std::move(renamed).err();
  co_return ok;
}

asio::awaitable<status> conversations::group_leave(caller who, store::conversation_id c) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, now](store::store& s) -> result<log_batch> {
    auto conv = s.conversation_by_id(c);
    if (!conv || conv->kind != conversation_kind::group || !s.member(c, who.id)) return errc::not_a_member;
    log_batch out{c, {}, members_.members(c, s)};
    leave(s, out, who.id, who.id, now);
    members_.refresh(c, s);
    return out;
  };
  auto left = co_await db_.write(std::move(job), publisher(sink_));
  if (!left) co_return std::move(left).err();
  co_return ok;
}

}  // namespace natter::core
