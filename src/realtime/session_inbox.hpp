#pragma once
// The live events on their way to one WebSocket session: pushed by the hub
// from any thread, taken on the session's strand. A push asks the session to
// schedule a drain only when none is pending, so a burst of events for one
// session (a group commit's worth, published one after another) costs one
// post and is handled in one turn of its strand, and leaves in one write.
//
// Bounded: with `limit` events waiting, further pushes are refused and the
// inbox reports the overflow at the next take; the session then closes with
// 4008 (slow consumer), as it does when its outbound queue is full.

#include <cstddef>
#include <mutex>
#include <vector>

#include "common/ids.hpp"
#include "delivery/frame.hpp"

namespace natter::realtime {

class session_inbox {
 public:
  struct event {
    conversation_id conversation;  // conversation events only
    seq_t seq;                     // conversation events: 0 when not in the log
    delivery::frame f;
    bool user_event;  // to the user, not through the session's gate
  };

  explicit session_inbox(std::size_t limit) : limit_(limit) {}

  // Adds e behind everything pushed before. True when the caller must
  // schedule a drain (the first push since the last take). Any thread.
  bool push(event e);

  // Moves every waiting event into out, in push order; the next push
  // schedules a new drain. True when pushes were refused since the last take
  // (the session must close with 4008). On the session's strand. out's
  // previous contents are dropped and its buffer becomes the inbox's, so a
  // session that passes the same vector every time allocates nothing per
  // burst (a buffer grown past retained_events by a large burst is freed).
  bool take(std::vector<event>& out);

 private:
  static constexpr std::size_t retained_events = 8;

  std::mutex mutex_;
  std::vector<event> events_;
  std::size_t limit_;
  bool scheduled_ = false;
  bool overflowed_ = false;
};

}  // namespace natter::realtime
