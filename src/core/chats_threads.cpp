// chats: threads (docs/protocol.md, "Threads"). A reply in a thread is a
// message with a thread_id, sent like any other (chats::send) and so in the
// conversation's one seq order; this is the thread's own view of them.
#include <algorithm>
#include <array>
#include <limits>

#include "core/chats.hpp"
#include "core/reaction_views.hpp"
#include "core/thread_views.hpp"
#include "protocol/reply_budget.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

// The root of a thread in conversation c: a message of c that is not a
// reply in a thread itself (a deleted root keeps its thread).
std::optional<store::message_record> thread_root(store::store& s, store::conversation_id c, store::message_id id) {
  auto root = s.message_by_id(id);
  if (!root || root->conversation != c || root->thread_id) return std::nullopt;
  return root;
}

bool take_message(protocol::reply_budget& budget, const protocol::message& m) {
  const protocol::log_event event = protocol::message_event{m};
  return budget.take(event);
}

// Up to limit replies before `before`, newest first taken, as long as they
// fit; has_more when older ones are left.
void take_replies(store::store& s, const store::message_record& root, store::seq_t before, int limit,
                  protocol::reply_budget& budget, protocol::thread_reply& out) {
  auto entries = s.thread_replies_before(root.conversation, root.id, before, limit + 1);
  out.has_more = entries.size() > static_cast<std::size_t>(limit);
  if (out.has_more) entries.erase(entries.begin());
  const auto reactions = reactions_for(s, entries);
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    auto msg = message_view(*it->message);
    if (auto r = reactions.find(msg.id); r != reactions.end()) msg.reactions = r->second;
    if (!take_message(budget, msg)) {
      out.has_more = true;
      break;
    }
    out.replies.push_back(std::move(msg));
  }
  std::reverse(out.replies.begin(), out.replies.end());
}

}  // namespace

asio::awaitable<result<protocol::thread_reply>> chats::thread_history(caller who,
                                                                      protocol::thread_history_request req) {
  const int limit = std::clamp(req.limit, 1, limits_.history_limit);
  auto query = [who, req, limit](store::store& s) -> result<protocol::thread_reply> {
    auto me = s.member(req.conversation, who.id);
    if (!me) return errc::not_a_member;
    auto root = thread_root(s, req.conversation, req.thread_id);
    if (!root) return errc::not_found;
    protocol::thread_reply out;
    out.root = message_view(*root);
    const std::array ids{root->id};
    const thread_reader reader{who.id, me->joined_seq - 1};
    attach_thread(out.root, threads_of(s, req.conversation, reader, ids));
    if (!root->deleted) {
      const auto reactions = reactions_of(s, ids);
      if (auto r = reactions.find(root->id); r != reactions.end()) out.root.reactions = r->second;
    }
    out.read_seq = s.thread_read_seq(root->id, who.id);
    protocol::reply_budget budget(protocol::max_reply_bytes - protocol::reply_envelope_bytes);
    if (!take_message(budget, out.root)) return errc::internal;  // a message is far smaller than a reply
    const auto before = std::max<store::seq_t>(req.before_seq.value_or(std::numeric_limits<store::seq_t>::max()), 0);
    take_replies(s, *root, before, limit, budget, out);
    return out;
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<std::int64_t>> chats::thread_read(caller who, protocol::thread_read_request req) {
  if (req.seq < 0) co_return validation_error("seq", "At least 0.");
  auto change = [who, req](store::store& s) -> result<std::int64_t> {
    auto conv = s.conversation_by_id(req.conversation);
    auto me = conv ? s.member(conv->id, who.id) : std::nullopt;
    if (!me) return errc::not_a_member;
    auto root = thread_root(s, conv->id, req.thread_id);
    if (!root) return errc::not_found;
    s.mark_thread_read(root->id, who.id, std::min(req.seq, conv->last_seq));
    return s.thread_unread(conv->id, root->id, who.id, me->joined_seq - 1, protocol::max_thread_unread);
  };
  co_return co_await db_.write(std::move(change));
}

}  // namespace natter::core
