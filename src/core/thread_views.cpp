#include "core/thread_views.hpp"

#include <vector>

namespace natter::core {

thread_map threads_of(store::conversation_store& s, store::conversation_id c, const thread_reader& r,
                      std::span<const store::message_id> roots) {
  thread_map out;
  for (const auto& t : s.thread_summaries(roots)) {
    protocol::thread_info info{t.reply_count, t.last_reply_seq, t.last_reply_at, 0};
    if (r.user != 0 && t.last_reply_seq > r.floor) {
      info.unread = s.thread_unread(c, t.root, r.user, r.floor, protocol::max_thread_unread);
    }
    out.emplace(t.root, info);
  }
  return out;
}

thread_map threads_for(store::conversation_store& s, store::conversation_id c, const thread_reader& r,
                       std::span<const store::log_entry> entries) {
  std::vector<store::message_id> roots;
  for (const auto& e : entries) {
    const bool shows_message = e.kind == store::entry_kind::message || e.kind == store::entry_kind::edit;
    if (shows_message && e.message && !e.message->thread_id) roots.push_back(e.message->id);
  }
  return threads_of(s, c, r, roots);
}

void attach_thread(protocol::message& m, const thread_map& threads) {
  if (auto it = threads.find(m.id); it != threads.end()) m.thread = it->second;
}

void attach_threads(protocol::log_event& e, const thread_map& threads) {
  if (auto* msg = std::get_if<protocol::message_event>(&e)) {
    attach_thread(msg->msg, threads);
  } else if (auto* edited = std::get_if<protocol::message_edited_event>(&e)) {
    attach_thread(edited->msg, threads);
  }
}

}  // namespace natter::core
