// conversations: public rooms.
#include "core/conversation_log.hpp"
#include "core/conversations.hpp"

namespace natter::core {

namespace asio = boost::asio;
using store::conversation_kind;
using store::member_role;

static bool valid_room_name(std::string_view name) {
  if (name.size() < 2 || name.size() > 48) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

asio::awaitable<result<std::vector<protocol::room_summary>>> conversations::room_list(caller) {
  auto query = [](store::store& s) -> result<std::vector<protocol::room_summary>> {
    std::vector<protocol::room_summary> out;
    for (const auto& r : s.rooms("", 500)) out.push_back({r.name, r.topic, r.member_count, r.id});
    return out;
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<protocol::conversation>> conversations::room_create(caller who, std::string name,
                                                                           std::string topic) {
  if (!valid_room_name(name)) co_return validation_error("name", "2 to 48 characters: a-z, 0-9 and -.");
  if (topic.size() > max_room_topic_chars * 4) co_return validation_error("topic", "At most 200 characters.");
  if (rooms_created_) {
    if (auto wait = rooms_created_->acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  }
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, name, topic, now](store::store& s) -> result<log_batch> {
    auto conv = s.create_conversation({conversation_kind::room, name, topic, now, {}, {}, {}});
    if (!conv) return std::move(conv).err();
    log_batch out{conv->id, {}, {}};
    join(s, out, who.id, who.id, member_role::owner, now);
    out.audience = members_.refresh(conv->id, s);
    return out;
  };
  auto created = co_await db_.write(std::move(job), publisher(sink_));
  if (!created) co_return std::move(created).err();
  co_return co_await describe_for(db_, created->conversation, who.id);
}

asio::awaitable<result<protocol::conversation>> conversations::room_join(caller who, std::string name) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, name, now](store::store& s) -> result<log_batch> {
    auto room = s.room_by_name(name);
    if (!room) return errc::room_not_found;
    if (s.member(room->id, who.id)) return errc::already_member;
    if (s.sanction(room->id, who.id, store::sanction_kind::ban)) return errc::banned;  // room moderation
    log_batch out{room->id, {}, {}};
    join(s, out, who.id, who.id, member_role::member, now);
    out.audience = members_.refresh(room->id, s);
    return out;
  };
  auto joined = co_await db_.write(std::move(job), publisher(sink_));
  if (!joined) co_return std::move(joined).err();
  co_return co_await describe_for(db_, joined->conversation, who.id);
}

asio::awaitable<status> conversations::room_leave(caller who, std::string name) {
  const unix_ms now = clock_.now_ms();
  auto job = [this, who, name, now](store::store& s) -> result<log_batch> {
    auto room = s.room_by_name(name);
    if (!room) return errc::room_not_found;
    if (!s.member(room->id, who.id)) return errc::not_a_member;
    log_batch out{
        room->id, {}, members_.refresh(room->id, s)};  // read in this transaction: another node may have changed it
    leave(s, out, who.id, who.id, now);
    members_.refresh(room->id, s);
    return out;
  };
  auto left = co_await db_.write(std::move(job), publisher(sink_));
  if (!left) co_return std::move(left).err();
  co_return ok;
}

}  // namespace natter::core
