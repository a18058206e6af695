#pragma once
// The last seq this client holds per conversation: what `sync` sends after a
// reconnect, and the filter that lets every conversation event through
// exactly once and in order.
// Not thread-safe; the session uses it from its own thread only.

#include <map>

#include "protocol/frames.hpp"

namespace natter::client {

class seq_tracker {
 public:
  enum class verdict {
    fresh,      // the next seq (or the first one seen): deliver it
    duplicate,  // already held: drop it
    gap,        // seqs are missing before it: drop it and fetch the range
  };

  // Judges one conversation event and, when fresh, records its seq.
  verdict accept(protocol::conversation_id conversation, protocol::seq_t seq);

  // The server's last seq for a conversation the client only learnt of
  // (sync without a backlog): later events start after it. Never moves back.
  void advance_to(protocol::conversation_id conversation, protocol::seq_t seq);

  // The last seq held, 0 when the conversation is unknown.
  protocol::seq_t last(protocol::conversation_id conversation) const;
  bool knows(protocol::conversation_id conversation) const { return last_.contains(conversation); }

  // For the sync request.
  const std::map<protocol::conversation_id, protocol::seq_t>& since() const { return last_; }

 private:
  std::map<protocol::conversation_id, protocol::seq_t> last_;
};

}  // namespace natter::client
