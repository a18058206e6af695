#include "core/message_search.hpp"

#include <string>

#include "core/search_terms.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

// One more than a page is read, so that a full page knows whether another follows.
search_page page_of(std::vector<store::message_hit> hits, const store::message_search_query& q,
                    std::size_t snippet_bytes) {
  search_page page;
  const auto page_size = static_cast<std::size_t>(q.limit - 1);
  const bool more = hits.size() > page_size;
  if (more) hits.resize(page_size);
  for (auto& h : hits) {
    page.results.push_back({h.id, h.conversation, h.seq, std::move(h.sender_username), h.at,
                            search_snippet(h.text, q.words, snippet_bytes)});
  }
  if (more && !page.results.empty()) page.next_cursor = page.results.back().id;
  return page;
}

}  // namespace

message_search::message_search(store::database& db, const clock& clock, search_limits limits)
    : db_(db), limits_(limits), searches_(limits.per_user, clock) {}

asio::awaitable<result<search_page>> message_search::search(store::user_id who, search_request req) {
  if (req.limit < 1 || req.limit > limits_.max_page) {
    co_return validation_error("limit", "limit must be 1 to " + std::to_string(limits_.max_page) + ".");
  }
  auto words = search_terms(req.text);
  if (!words) co_return std::move(words).err();
  if (auto wait = searches_.acquire(std::to_string(who))) co_return rate_limited_error(*wait);
  store::message_search_query q;
  q.reader = who;
  q.words = std::move(*words);
  q.conversation = req.conversation;
  q.after = req.after;
  q.before = req.before;
  q.below_id = req.cursor;
  q.limit = req.limit + 1;
  auto query = [q = std::move(q), sender = std::move(req.sender),
                snippet_bytes = limits_.snippet_bytes](store::store& s) mutable -> result<search_page> {
    if (sender) {
      auto user = s.user_by_username(*sender);
      if (!user) return search_page{};
      q.sender = user->id;
    }
    return page_of(s.search_messages(q), q, snippet_bytes);
  };
  co_return co_await db_.read(std::move(query));
}

}  // namespace natter::core
