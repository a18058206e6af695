// conversations: what an operator does to rooms (core/accounts_admin.hpp).
#include <algorithm>

#include "core/conversation_log.hpp"
#include "core/conversations.hpp"

namespace natter::core {

namespace asio = boost::asio;

asio::awaitable<result<store::conversation_id>> conversations::room_delete(std::string name,
                                                                           std::optional<store::user_id> by) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, name, by, now](store::store& s) -> result<log_batch> {
    auto room = s.room_by_name(name);
    if (!room) return errc::room_not_found;
    // Read in this transaction (another node may have changed it); everyone
    // in it hears of every removal.
    log_batch out{room->id, {}, members_.refresh(room->id, s)};
    auto members = s.members(room->id);
    // The owner last, so that ownership does not pass from one to the next.
    std::stable_partition(members.begin(), members.end(),
                          [](const store::member_record& m) { return m.role != store::member_role::owner; });
    for (const auto& m : members) leave(s, out, m.user, by.value_or(m.user), now);
    s.delete_room(room->id, now);
    members_.refresh(room->id, s);
    return out;
  };
  auto deleted = co_await db_.write(std::move(job), publisher(sink_));
  if (!deleted) co_return std::move(deleted).err();
  co_return deleted->conversation;
}

}  // namespace natter::core
