// conversations: what an operator does to rooms and groups (core/accounts_admin.hpp).
#include <algorithm>

#include "core/conversation_log.hpp"
#include "core/conversations.hpp"

namespace natter::core {

namespace asio = boost::asio;

// Everyone leaves (members see each removal, `by` the operator), the owner
// last so that ownership does not pass from one to the next.
void conversations::remove_everyone(store::store& s, log_batch& out, store::conversation_id c,
                                    std::optional<store::user_id> by, unix_ms now) {
  auto members = s.members(c);
  std::stable_partition(members.begin(), members.end(),
                        [](const store::member_record& m) { return m.role != store::member_role::owner; });
  for (const auto& m : members) leave(s, out, m.user, by.value_or(m.user), now);
  members_.refresh(c, s);
}

asio::awaitable<result<store::conversation_id>> conversations::room_delete(std::string name,
                                                                           std::optional<store::user_id> by) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, name, by, now](store::store& s) -> result<log_batch> {
    auto room = s.room_by_name(name);
    if (!room) return errc::room_not_found;
    // Read in this transaction (another node may have changed it); everyone
    // in it hears of every removal.
    log_batch out{room->id, {}, members_.refresh(room->id, s)};
    remove_everyone(s, out, room->id, by, now);
    s.delete_conversation(room->id, now);  // unlisted, its name free
    return out;
  };
  auto deleted = co_await db_.write(std::move(job), publisher(sink_));
  if (!deleted) co_return std::move(deleted).err();
  co_return deleted->conversation;
}

asio::awaitable<status> conversations::group_delete(store::conversation_id id, std::optional<store::user_id> by) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, id, by, now](store::store& s) -> result<log_batch> {
    auto group = s.conversation_by_id(id);
    // A group deleted before is not found again.
    if (!group || group->kind != store::conversation_kind::group || !s.delete_conversation(id, now))
      return errc::not_found;
    log_batch out{id, {}, members_.refresh(id, s)};
    remove_everyone(s, out, id, by, now);
    return out;
  };
  auto deleted = co_await db_.write(std::move(job), publisher(sink_));
  if (!deleted) co_return std::move(deleted).err();
  co_return ok;
}

}  // namespace natter::core
