#pragma once
// Reads a conversation's log into a reply, a chunk at a time, until the
// reply's byte budget or the count runs out: however far behind the client,
// the store reads little more than the page that goes out (chunks are sized
// to what is left of the budget at the average size taken so far).
//
// A page with room for one event always takes one: an event is little over
// 64 KiB at most (the request that made it was at most 64 KiB, and its text
// encodes no longer in the event than in the request), and a page's budget
// is several times that. Messages, edits and reactions carry the message's
// reactions as they stand now, read once per chunk (reaction_views.hpp);
// messages and edits their mentions, likewise (mentions.hpp); messages that
// have a thread carry it, with the reader's unread count (thread_views.hpp).

#include <vector>

#include "core/mentions.hpp"
#include "core/reaction_views.hpp"
#include "core/thread_views.hpp"
#include "protocol/frames.hpp"
#include "protocol/reply_budget.hpp"
#include "store/store.hpp"

namespace natter::core {

class log_pager {
 public:
  // Takes at most `limit` entries of c, each taken from `budget`.
  log_pager(store::store& s, store::conversation_id c, protocol::reply_budget& budget, int limit,
            thread_reader reader = {})
      : store_(s), conversation_(c), budget_(budget), limit_(limit), reader_(reader) {}

  // The entries after `after`, ascending, up to `last` (the conversation's
  // last_seq in the same snapshot).
  std::vector<protocol::log_event> after(store::seq_t after, store::seq_t last);
  // The entries before `before`, the newest first taken, returned ascending.
  std::vector<protocol::log_event> before(store::seq_t before);

  // The last seq taken going forward, the first going backward (where the
  // page ends); the starting point when nothing was taken.
  store::seq_t edge() const { return edge_; }
  // Whether an entry was left out for want of room (not of count).
  bool out_of_room() const { return out_of_room_; }

 private:
  int next_chunk() const;
  // Views and takes one entry (with the reactions, mentions and thread it
  // shows); false when it did not fit.
  bool take(const store::log_entry& e, const reaction_map& reactions, const mention_map& mentions,
            const thread_map& threads, std::vector<protocol::log_event>& out);

  store::store& store_;
  store::conversation_id conversation_;
  protocol::reply_budget& budget_;
  int limit_;
  thread_reader reader_;
  int taken_ = 0;
  std::size_t used_ = 0;
  store::seq_t edge_ = 0;
  bool out_of_room_ = false;
};

}  // namespace natter::core
