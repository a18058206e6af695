#pragma once
// What the hub needs of a WebSocket session. Every call may come from any
// thread and must not block: it only hands the work to the session's strand
// (a WebSocket session takes deliveries through a bounded inbox and posts
// at most once per burst).

#include <memory>
#include <string>
#include <vector>

#include "delivery/frame.hpp"
#include "store/conversation_records.hpp"

namespace natter::delivery {

class session_handle {
 public:
  virtual ~session_handle() = default;
  // A conversation event: sent once the session has synced; seq > 0 events
  // the session already sent are dropped.
  virtual void deliver_conversation(store::conversation_id c, store::seq_t seq, const frame& f) = 0;
  // A user event: always sent.
  virtual void deliver_user(const frame& f) = 0;
  // The session closes (4003) if it is authenticated with one of these
  // sessions (refresh-token families).
  virtual void end_if_session_in(std::shared_ptr<const std::vector<std::string>> families) = 0;
  // The session asks the session guard whether it is still open, and closes
  // (4003) if not.
  virtual void recheck_session() = 0;
};

}  // namespace natter::delivery
