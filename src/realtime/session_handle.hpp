#pragma once
// What the hub needs of a WebSocket session. Both calls may come from any
// thread; they only post to the session's strand.

#include "realtime/frame.hpp"
#include "store/conversation_records.hpp"

namespace natter::realtime {

class session_handle {
 public:
  virtual ~session_handle() = default;
  // A conversation event: sent once the session has synced; seq > 0 events
  // the session already sent are dropped.
  virtual void deliver_conversation(store::conversation_id c, store::seq_t seq, const frame& f) = 0;
  // A user event: always sent.
  virtual void deliver_user(const frame& f) = 0;
};

}  // namespace natter::realtime
