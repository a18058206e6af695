// conversations: the list, and groups.
#include "core/conversations.hpp"

#include "common/utf8.hpp"
#include "core/attachments.hpp"
#include "core/conversation_log.hpp"

namespace natter::core {

namespace asio = boost::asio;
using store::conversation_kind;
using store::entry_kind;
using store::member_role;

conversations::conversations(store::database& db, event_sink& sink, membership_cache& members, const clock& clock,
                             conversation_limits limits)
    : db_(db),
      sink_(sink),
      members_(members),
      clock_(clock),
      invitations_(invitation_rate, clock),
      encryptions_(encryption_rate, clock) {
  if (limits.groups) groups_created_.emplace(*limits.groups, clock);
  if (limits.rooms) rooms_created_.emplace(*limits.rooms, clock);
}

asio::awaitable<result<std::vector<protocol::conversation>>> conversations::list(caller who) {
  auto query = [who](store::store& s) -> result<std::vector<protocol::conversation>> {
    std::vector<protocol::conversation> out;
    for (const auto& invitation : s.invitations_of(who.id)) {
      auto group = s.conversation_by_id(invitation.conversation);
      if (group)
        out.push_back(invitation_view(*group, s.members(group->id), invitation.invited_by_name, invitation.invited_by));
    }
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

// What a group.create or group.add transaction did: the joins it logged, and
// whom it invited (told after the commit).
struct conversations::membership_change {
  log_batch batch;
  std::string group_name;
  std::vector<std::pair<store::user_id, std::string>> invited;  // newly invited: id, username
  bool pending = false;                                         // group.add: an invitation is (now) pending
};

// Admits one person to the change's group; a new invitation takes one from
// the inviter's budget. The error names the person.
status conversations::bring_in(store::store& s, membership_change& change, const caller& who,
                               const store::user_record& person, unix_ms now) {
  auto admitted = admit(s, change.batch, person.id, who.id, now);
  if (!admitted) {
    auto e = std::move(admitted).err();
    if (e.code != errc::rate_limited) e.message = "Cannot add " + person.username + ".";
    return e;
  }
  if (*admitted == admission::joined) return ok;
  change.pending = true;
  if (*admitted == admission::already_invited) return ok;
  if (auto wait = invitations_.acquire(std::to_string(who.id))) return rate_limited_error(*wait);
  change.invited.emplace_back(person.id, person.username);
  return ok;
}

void conversations::announce(const membership_change& change, const caller& who) {
  publish(sink_, change.batch);
  for (const auto& [user, username] : change.invited) {
    sink_.to_users({user},
                   protocol::group_invited_event{change.batch.conversation, change.group_name, who.username, who.id});
  }
}

asio::awaitable<result<protocol::group_create_reply>> conversations::group_create(caller who, std::string name,
                                                                                  std::vector<std::string> usernames) {
  if (auto v = validate_group_name(name); !v) co_return std::move(v).err();
  if (usernames.size() > max_group_members) co_return validation_error("members", "Too many members.");
  if (groups_created_) {
    if (auto wait = groups_created_->acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  }
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, name, usernames, now](store::store& s) -> result<membership_change> {
    std::vector<store::user_record> people;
    for (const auto& username : usernames) {
      auto user = s.user_by_username(username);
      if (!user) return error(errc::user_not_found, "No user named " + username + ".", "members");
      if (user->id != who.id) people.push_back(std::move(*user));
    }
    auto conv = s.create_conversation({conversation_kind::group, name, {}, now, {}, {}, {}});
    if (!conv) return std::move(conv).err();
    membership_change out{{conv->id, {}, {}}, name, {}, false};
    join(s, out.batch, who.id, who.id, member_role::owner, now);
    for (const auto& person : people) {
      if (s.member(conv->id, person.id)) continue;
      if (auto brought = bring_in(s, out, who, person, now); !brought) return std::move(brought).err();
    }
    out.batch.audience = members_.refresh(conv->id, s);
    return out;
  };
  auto announce_it = [this, who](const result<membership_change>& r) { announce(*r, who); };
  auto created = co_await db_.write(std::move(job), std::move(announce_it));
  if (!created) co_return std::move(created).err();
  auto conv = co_await describe_for(db_, created->batch.conversation, who.id);
  if (!conv) co_return std::move(conv).err();
  protocol::group_create_reply reply{std::move(*conv), {}};
  for (const auto& [user, username] : created->invited) reply.invited.push_back(username);
  co_return reply;
}

asio::awaitable<result<protocol::group_add_reply>> conversations::group_add(caller who, store::conversation_id c,
                                                                            std::string username) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, username, now](store::store& s) -> result<membership_change> {
    auto me = moderator_of(s, who.id, c, conversation_kind::group);
    if (!me) return std::move(me).err();
    auto user = s.user_by_username(username);
    if (!user) return errc::user_not_found;
    if (s.member(c, user->id)) return errc::already_member;
    membership_change out{{c, {}, {}}, s.conversation_by_id(c)->name, {}, false};
    if (auto brought = bring_in(s, out, who, *user, now); !brought) return std::move(brought).err();
    out.batch.audience = members_.refresh(c, s);
    return out;
  };
  auto announce_it = [this, who](const result<membership_change>& r) { announce(*r, who); };
  auto added = co_await db_.write(std::move(job), std::move(announce_it));
  if (!added) co_return std::move(added).err();
  co_return protocol::group_add_reply{added->pending};
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
    log_batch out{c, {}, members_.refresh(c, s)};  // read in this transaction: another node may have changed it
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
    // Room moderation: group.role appoints a room's admins too.
    auto conv = s.conversation_by_id(c);
    const auto kind =
        conv && conv->kind == conversation_kind::room ? conversation_kind::room : conversation_kind::group;
    auto me = moderator_of(s, who.id, c, kind);
    if (!me) return std::move(me).err();
    auto user = s.user_by_username(username);
    auto target = user ? s.member(c, user->id) : std::nullopt;
    if (!target) return errc::not_a_member;
    if (target->role == member_role::owner) return errc::forbidden;
    const bool demoting_admin = target->role == member_role::admin && *wanted == member_role::member;
    if (demoting_admin && me->role != member_role::owner) return errc::forbidden;
    log_batch out{c, {}, members_.refresh(c, s)};  // read in this transaction: another node may have changed it
    if (target->role != *wanted) set_role(s, out, target->user, who.id, *wanted, now);
    return out;
  };
  auto changed = co_await db_.write(std::move(job), publisher(sink_));
  if (!changed) co_return std::move(changed).err();
  co_return ok;
}

asio::awaitable<status> conversations::group_update(caller who, store::conversation_id c,
                                                    std::optional<std::string> name,
                                                    std::optional<std::string> avatar) {
  if (!name && !avatar) co_return validation_error("name", "Nothing to change: give a name or an avatar.");
  if (name) {
    if (auto v = validate_group_name(*name); !v) co_return v;
  }
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, name, avatar, now](store::store& s) -> result<log_batch> {
    auto me = moderator_of(s, who.id, c, conversation_kind::group);
    if (!me) return std::move(me).err();
    if (avatar) {
      if (auto taken = take_avatar(s, who.id, *avatar); !taken) return std::move(taken).err();
    }
    log_batch out{c, {}, members_.refresh(c, s)};  // read in this transaction: another node may have changed it
    auto e = store::new_entry(c, entry_kind::updated, who.id, now);
    e.name = name;
    e.avatar = avatar;
    out.entries.push_back(s.append(e).entry);
    return out;
  };
  auto updated = co_await db_.write(std::move(job), publisher(sink_));
  if (!updated) co_return std::move(updated).err();
  co_return ok;
}

asio::awaitable<status> conversations::leave_all(store::user_id user) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, user, now](store::store& s) -> result<std::vector<log_batch>> {
    std::vector<log_batch> out;
    for (const auto& summary : s.conversations_of(user)) {
      const auto c = summary.conversation.id;
      if (summary.conversation.kind == conversation_kind::direct) continue;
      log_batch batch{c, {}, members_.refresh(c, s)};
      leave(s, batch, user, user, now);
      members_.refresh(c, s);
      out.push_back(std::move(batch));
    }
    return out;
  };
  auto publish_all = [this](const result<std::vector<log_batch>>& r) {
    for (const auto& batch : *r) publish(sink_, batch);
  };
  auto left = co_await db_.write(std::move(job), std::move(publish_all));
  if (!left) co_return std::move(left).err();
  co_return ok;
}

asio::awaitable<status> conversations::group_leave(caller who, store::conversation_id c) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, c, now](store::store& s) -> result<log_batch> {
    auto conv = s.conversation_by_id(c);
    if (!conv || conv->kind != conversation_kind::group || !s.member(c, who.id)) return errc::not_a_member;
    log_batch out{c, {}, members_.refresh(c, s)};  // read in this transaction: another node may have changed it
    leave(s, out, who.id, who.id, now);
    members_.refresh(c, s);
    return out;
  };
  auto left = co_await db_.write(std::move(job), publisher(sink_));
  if (!left) co_return std::move(left).err();
  co_return ok;
}

}  // namespace natter::core
