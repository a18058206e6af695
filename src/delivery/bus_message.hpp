#pragma once
// What travels on the bus: one header line, then the event frame exactly as
// sessions receive it (encoded once by the origin node, never re-encoded).
//
//   N1 <origin node> <kind> <conversation> <seq> <flags> <extra users,comma-separated or ->\n<frame>
//
// kind: 'c' a conversation event (channel <prefix>:c:<conversation>),
//       'u' a user event (channel <prefix>:u:<user>),
//       'm' a membership notice (channel <prefix>:members, no frame): the
//           members of <conversation> changed at <seq>; nodes holding a member
//           subscribe to the conversation and catch up from the store.
//       's' sessions ended (channel <prefix>:sessions): the extra user's
//           sessions named in the frame (refresh-token families, separated
//           by commas) ended; every node refuses their tokens and closes their
//           WebSockets.
// flags: 1 = the event changes membership (receivers forget their cached
//        member list first); 2 = the extra users are the exact audience.
// extra users: with flag 2, exactly who gets the event (small audiences);
//        otherwise, besides the current members, who else gets it (a member
//        who just left hears of it). For a user event, its user.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/conversation_records.hpp"

namespace natter::delivery {

enum class message_kind : char { conversation = 'c', user = 'u', membership = 'm', sessions = 's' };

inline constexpr unsigned flag_membership = 1;
inline constexpr unsigned flag_exact = 2;

struct bus_message {
  std::string origin;
  message_kind kind = message_kind::conversation;
  store::conversation_id conversation = 0;
  store::seq_t seq = 0;
  unsigned flags = 0;
  std::vector<store::user_id> extra;
  std::string frame;
};

std::string encode(const bus_message& m);
// Null when the payload is not a bus message of this version.
std::optional<bus_message> decode(std::string_view payload);

// Channel names under a key prefix.
struct channels {
  std::string prefix;
  std::string conversation(store::conversation_id c) const { return prefix + ":c:" + std::to_string(c); }
  std::string user(store::user_id u) const { return prefix + ":u:" + std::to_string(u); }
  std::string membership() const { return prefix + ":members"; }
  std::string sessions() const { return prefix + ":sessions"; }
};

}  // namespace natter::delivery
