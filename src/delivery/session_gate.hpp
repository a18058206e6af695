#pragma once
// Between one session and the live events of its conversations: what a
// WebSocket session sends, and when, so that its peer sees each
// conversation's log once, in order, without a gap at the sync/live handover.
//
//  - Before its first sync a session gets no conversation events (it does not
//    yet know where it stands).
//  - While a sync is under way, live events are held (at most hold_limit;
//    beyond that the session is a slow consumer and must close).
//  - A sync reply carries each conversation up to a seq; when the last sync
//    under way ends, the held events follow the reply, minus what it carried.
//  - A conversation event is sent at most once: any seq at or below the last
//    one sent for that conversation (live or in a reply) is dropped.
// Events without a seq (receipts, typing) are never dropped as duplicates.
//
// Not thread-safe: it lives on its session's strand.

#include <cstddef>
#include <utility>
#include <vector>

#include "common/ids.hpp"
#include "delivery/frame.hpp"

namespace natter::delivery {

class session_gate {
 public:
  enum class verdict { send, held, dropped, overflow };

  explicit session_gate(std::size_t hold_limit) : hold_limit_(hold_limit) {}

  // A live event of conversation c at seq (0: not in the log).
  verdict offer(conversation_id c, seq_t seq, const frame& f);

  // A sync begins (several may overlap).
  void sync_started();
  // A sync ends. `covered`: each conversation of its reply with the last seq
  // the reply vouches for; null when the sync failed. Returns what to send
  // right after the reply (empty while another sync is under way).
  std::vector<frame> sync_ended(const std::vector<std::pair<conversation_id, seq_t>>* covered);

  // The same, with each event's conversation and seq (a STOMP session sends
  // an event to the subscriptions of its conversation).
  struct held_event {
    conversation_id conversation;
    seq_t seq;
    frame f;
  };
  std::vector<held_event> sync_ended_events(const std::vector<std::pair<conversation_id, seq_t>>* covered);

  bool synced() const { return synced_; }
  std::size_t held() const { return held_.size(); }

 private:
  // False when seq was sent already; else records it as sent.
  bool first_time(conversation_id c, seq_t seq);
  // The last seq sent in c (0 when none), to read and raise.
  seq_t& sent_in(conversation_id c);
  // Raises what a sync reply covered, at most one sort for all of it.
  void note_covered(const std::vector<std::pair<conversation_id, seq_t>>& covered);

  std::size_t hold_limit_;
  int syncing_ = 0;
  bool synced_ = false;
  std::vector<held_event> held_;
  // The last seq sent per conversation, sorted by conversation: a lookup per
  // live event is a binary search in one block, no hashing, no node per
  // conversation.
  std::vector<std::pair<conversation_id, seq_t>> sent_seq_;
};

}  // namespace natter::delivery
