#pragma once
// Threads as protocol frames: the thread object a root message shows
// (protocol::thread_info), read apart for a whole page at once, with the
// reader's unread count, and attached to the views like reactions.

#include <span>
#include <unordered_map>

#include "protocol/frames.hpp"
#include "store/conversation_records.hpp"
#include "store/conversation_store.hpp"

namespace natter::core {

// Whose unread counts a page shows. floor: the seq before the reader
// joined (nothing before it is unread); user 0: nobody's (unread stays 0).
struct thread_reader {
  store::user_id user = 0;
  store::seq_t floor = 0;
};

using thread_map = std::unordered_map<store::message_id, protocol::thread_info>;

// The threads under the given messages (those with replies), with r's
// unread count in each: one query for the summaries, then one count (at most
// protocol::max_thread_unread rows) per thread with replies after r.floor.
thread_map threads_of(store::conversation_store& s, store::conversation_id c, const thread_reader& r,
                      std::span<const store::message_id> roots);
// The same for the messages that the entries show (messages and edits not
// in a thread).
thread_map threads_for(store::conversation_store& s, store::conversation_id c, const thread_reader& r,
                       std::span<const store::log_entry> entries);
void attach_thread(protocol::message& m, const thread_map& threads);
// Sets the thread a message or edit event's message shows.
void attach_threads(protocol::log_event& e, const thread_map& threads);

}  // namespace natter::core
