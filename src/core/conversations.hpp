#pragma once
// Groups, rooms and the conversation list.
//
// Membership changes are log entries of their conversation (member_joined,
// member_left, updated), written in the same transaction as the change and
// published after the commit to the members (for a removal: the members
// before it, so the removed person learns of it too).

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "core/event_sink.hpp"
#include "core/membership_cache.hpp"
#include "core/rate_limiter.hpp"
#include "core/views.hpp"
#include "store/database.hpp"

namespace natter::core {

inline constexpr std::size_t max_group_name_chars = 64;
inline constexpr std::size_t max_room_topic_chars = 200;
inline constexpr std::size_t max_group_members = 1000;

// How many groups and rooms one user may create (per hour, burst the same;
// nothing: no cap). Beyond: rate_limited with retry_after.
struct conversation_limits {
  std::optional<rate_limit> groups = rate_limit{30, 30.0 / 60};
  std::optional<rate_limit> rooms = rate_limit{10, 10.0 / 60};
};

class conversations {
 public:
  conversations(store::database& db, event_sink& sink, membership_cache& members, const clock& clock,
                conversation_limits limits = {});

  boost::asio::awaitable<result<std::vector<protocol::conversation>>> list(caller who);

  // The caller becomes owner. Errors: validation_failed, user_not_found, rate_limited.
  boost::asio::awaitable<result<protocol::conversation>> group_create(caller who, std::string name,
                                                                      std::vector<std::string> members);
  // Admins and the owner. Errors: not_a_member (caller), forbidden,
  // user_not_found, already_member, validation_failed (not a group).
  boost::asio::awaitable<status> group_add(caller who, store::conversation_id c, std::string username);
  // Admins remove members; the owner removes anyone but themself.
  // Errors: not_a_member (caller or target), forbidden.
  boost::asio::awaitable<status> group_remove(caller who, store::conversation_id c, std::string username);
  // role: "admin" or "member". Admins promote; only the owner demotes admins.
  boost::asio::awaitable<status> group_role(caller who, store::conversation_id c, std::string username,
                                            std::string role);
  boost::asio::awaitable<status> group_rename(caller who, store::conversation_id c, std::string name);
  // When the owner leaves, the longest-standing admin, else member, becomes owner.
  boost::asio::awaitable<status> group_leave(caller who, store::conversation_id c);

  boost::asio::awaitable<result<std::vector<protocol::room_summary>>> room_list(caller who);
  // name: [a-z0-9-]{2,48}. The creator becomes owner. Errors: validation_failed, room_exists,
  // rate_limited.
  boost::asio::awaitable<result<protocol::conversation>> room_create(caller who, std::string name, std::string topic);
  // Errors: room_not_found, already_member.
  boost::asio::awaitable<result<protocol::conversation>> room_join(caller who, std::string name);
  // Errors: room_not_found, not_a_member.
  boost::asio::awaitable<status> room_leave(caller who, std::string name);

 private:
  store::database& db_;
  event_sink& sink_;
  membership_cache& members_;
  const clock& clock_;
  std::optional<rate_limiter> groups_created_;  // by user id
  std::optional<rate_limiter> rooms_created_;   // by user id
};

}  // namespace natter::core
