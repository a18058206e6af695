// chats: the read side (history and sync).
#include <algorithm>

#include "core/chats.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

std::vector<protocol::log_event> views(const std::vector<store::log_entry>& entries) {
  std::vector<protocol::log_event> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(log_event_view(e));
  return out;
}

// At most limit entries after `after`; has_more when there were more.
protocol::sync_conversation backlog(store::store& s, const store::conversation_record& conv, store::seq_t after,
                                    int limit) {
  auto entries = s.log_after(conv.id, after, limit + 1);
  protocol::sync_conversation out{conv.id, conv.last_seq, false, {}};
  if (entries.size() > static_cast<std::size_t>(limit)) {
    entries.pop_back();
    out.has_more = true;
  }
  // Entries committed after conv was read still count: never report a
  // last_seq below what was sent.
  if (!entries.empty()) out.last_seq = std::max(out.last_seq, entries.back().seq);
  out.events = views(entries);
  return out;
}

void add_receipts(store::store& s, const store::conversation_record& conv, protocol::sync_reply& reply) {
  // Rooms have no read receipts: they would fan out to every member.
  if (conv.kind == store::conversation_kind::room) return;
  for (const auto& m : s.members(conv.id)) {
    reply.receipts.push_back({conv.id, m.username, m.delivered_seq, m.read_seq});
  }
}

}  // namespace

asio::awaitable<result<protocol::history_reply>> chats::history(caller who, protocol::history_request req) {
  const int limit = std::clamp(req.limit, 1, limits_.history_limit);
  auto query = [who, req, limit](store::store& s) -> result<protocol::history_reply> {
    auto conv = s.conversation_by_id(req.conversation);
    if (!conv || !s.member(conv->id, who.id)) return errc::not_a_member;
    protocol::history_reply out;
    std::vector<store::log_entry> entries;
    if (req.after_seq) {
      entries = s.log_after(conv->id, *req.after_seq, limit + 1);
      out.has_more = entries.size() > static_cast<std::size_t>(limit);
      if (out.has_more) entries.pop_back();
    } else {
      entries = s.log_before(conv->id, req.before_seq.value_or(conv->last_seq + 1), limit + 1);
      out.has_more = entries.size() > static_cast<std::size_t>(limit);
      if (out.has_more) entries.erase(entries.begin());
    }
    out.events = views(entries);
    return out;
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<protocol::sync_reply>> chats::sync(caller who, protocol::sync_request req) {
  const int limit = limits_.sync_limit;
  auto query = [who, req = std::move(req), limit](store::store& s) -> result<protocol::sync_reply> {
    protocol::sync_reply reply;
    for (const auto& summary : s.conversations_of(who.id)) {
      const auto& conv = summary.conversation;
      auto since = req.since.find(conv.id);
      if (since == req.since.end()) {
        reply.conversations.push_back({conv.id, conv.last_seq, false, {}});
      } else {
        reply.conversations.push_back(backlog(s, conv, since->second, limit));
      }
      add_receipts(s, conv, reply);
    }
    return reply;
  };
  co_return co_await db_.read(std::move(query));
}

}  // namespace natter::core
