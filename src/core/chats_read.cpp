// chats: the read side (history and sync). Both replies are built within
// protocol::max_reply_bytes (see log_pager): has_more says to ask again.
#include <algorithm>

#include "core/chats.hpp"
#include "core/log_pager.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

std::vector<protocol::receipt_event> receipts_of(store::store& s, const store::conversation_record& conv) {
  std::vector<protocol::receipt_event> out;
  // Rooms have no read receipts: they would fan out to every member.
  if (conv.kind == store::conversation_kind::room) return out;
  for (const auto& m : s.members(conv.id)) out.push_back({conv.id, m.username, m.delivered_seq, m.read_seq, m.user});
  return out;
}

// Takes room for a conversation's entry and receipts, all or nothing; except
// for the first conversation of a page, which goes in with the receipts that
// fit (a group of thousands of members), so that every page makes progress.
bool take_entry(protocol::reply_budget& budget, const protocol::sync_conversation& entry,
                std::vector<protocol::receipt_event>& receipts, bool first_of_page) {
  auto trial = budget;
  bool fits = trial.take_entry(entry);
  for (std::size_t i = 0; fits && i < receipts.size(); ++i) fits = trial.take(receipts[i]);
  if (fits) {
    budget = trial;
    return true;
  }
  if (!first_of_page || !budget.take_entry(entry)) return false;
  std::size_t kept = 0;
  while (kept < receipts.size() && budget.take(receipts[kept])) ++kept;
  receipts.resize(kept);
  return true;
}

// The conversations of a sync page, from after `req.after` in id order, with
// their backlog and receipts, until the budget runs out (then has_more).
protocol::sync_reply sync_page(store::store& s, store::user_id who, const protocol::sync_request& req, int limit) {
  auto summaries = s.conversations_of(who);
  std::sort(summaries.begin(), summaries.end(),
            [](const auto& a, const auto& b) { return a.conversation.id < b.conversation.id; });
  protocol::reply_budget budget(protocol::max_reply_bytes - protocol::reply_envelope_bytes -
                                protocol::max_sync_presence_bytes);
  protocol::sync_reply reply;
  for (const auto& summary : summaries) {
    const auto& conv = summary.conversation;
    if (conv.id <= req.after) continue;
    protocol::sync_conversation entry{conv.id, conv.last_seq, false, {}};
    auto receipts = receipts_of(s, conv);
    if (!take_entry(budget, entry, receipts, reply.conversations.empty())) {
      reply.has_more = true;
      break;
    }
    bool full = false;
    if (auto since = req.since.find(conv.id); since != req.since.end()) {
      log_pager pager(s, conv.id, budget, limit, {who, summary.me.joined_seq - 1});
      entry.events = pager.after(since->second, conv.last_seq);
      entry.has_more = pager.edge() < conv.last_seq;
      full = pager.out_of_room();
    }
    reply.conversations.push_back(std::move(entry));
    reply.receipts.insert(reply.receipts.end(), receipts.begin(), receipts.end());
    if (full) {
      reply.has_more = conv.id != summaries.back().conversation.id;  // the page ends here
      break;
    }
  }
  return reply;
}

}  // namespace

asio::awaitable<result<protocol::history_reply>> chats::history(caller who, protocol::history_request req) {
  const int limit = std::clamp(req.limit, 1, limits_.history_limit);
  auto query = [who, req, limit](store::store& s) -> result<protocol::history_reply> {
    auto conv = s.conversation_by_id(req.conversation);
    auto me = conv ? s.member(conv->id, who.id) : std::nullopt;
    if (!me) return errc::not_a_member;
    protocol::reply_budget budget(protocol::max_reply_bytes - protocol::reply_envelope_bytes);
    log_pager pager(s, conv->id, budget, limit, {who.id, me->joined_seq - 1});
    protocol::history_reply out;
    if (req.after_seq) {
      out.events = pager.after(*req.after_seq, conv->last_seq);
      out.has_more = pager.edge() < conv->last_seq;
    } else {
      out.events = pager.before(std::min(req.before_seq.value_or(conv->last_seq + 1), conv->last_seq + 1));
      out.has_more = pager.edge() > 1;
    }
    return out;
  };
  co_return co_await db_.read(std::move(query));
}

asio::awaitable<result<protocol::sync_reply>> chats::sync(caller who, protocol::sync_request req) {
  const int limit = limits_.sync_limit;
  auto query = [who, req = std::move(req), limit](store::store& s) -> result<protocol::sync_reply> {
    return sync_page(s, who.id, req, limit);
  };
  co_return co_await db_.read(std::move(query));
}

}  // namespace natter::core
