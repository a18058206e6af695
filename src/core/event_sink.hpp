#pragma once
// Where core services hand the events they produce. The real-time layer
// implements it (encode once, fan out to sessions); tests record.
// Calls come from the database writer thread (in commit order) or from I/O
// threads; implementations must be thread-safe and must not block.

#include <memory>
#include <string>
#include <vector>

#include "protocol/frames.hpp"
#include "store/conversation_records.hpp"

namespace natter::core {

using member_list = std::shared_ptr<const std::vector<store::user_id>>;

class event_sink {
 public:
  virtual ~event_sink() = default;

  // A conversation event for every session of every member that has synced.
  // seq is the event's place in the conversation log (0 for events outside the
  // log: receipts, typing); sessions use it to drop what they already sent.
  virtual void to_conversation(store::conversation_id conversation, const member_list& members, store::seq_t seq,
                               const protocol::event& e) = 0;

  // A user event for every session of these users.
  virtual void to_users(const std::vector<store::user_id>& users, const protocol::event& e) = 0;

  // These sessions (refresh-token families, claim sid) of the user ended:
  // their open WebSockets close (4003), on every node.
  virtual void sessions_ended(store::user_id user, const std::vector<std::string>& families) = 0;
};

}  // namespace natter::core
