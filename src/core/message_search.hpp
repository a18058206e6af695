#pragma once
// Full-text search over the messages a user can read: those of the
// conversations they are a member of now (as history; a conversation they
// left or were removed from is no longer searched, as its history is no
// longer theirs to read). Newest first, paged by a cursor.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "core/rate_limiter.hpp"
#include "store/database.hpp"

namespace natter::core {

struct search_limits {
  int max_page = 50;                // results per page (default page: 20)
  rate_limit per_user{20, 60};      // searches: burst, per minute
  std::size_t snippet_bytes = 200;  // of text around the first match
};

struct search_request {
  std::string text;  // what the user typed (see search_terms)
  std::optional<conversation_id> conversation;
  std::optional<std::string> sender;  // a username
  std::optional<unix_ms> after;
  std::optional<unix_ms> before;
  int limit = 20;
  std::optional<message_id> cursor;  // next_cursor of the previous page
};

struct search_result {
  message_id id = 0;
  conversation_id conversation = 0;
  seq_t seq = 0;
  std::string sender;  // username
  unix_ms at = 0;
  std::string snippet;
};

struct search_page {
  std::vector<search_result> results;
  std::optional<message_id> next_cursor;  // nothing: this was the last page
};

class message_search {
 public:
  message_search(store::database& db, const clock& clock, search_limits limits);

  // Errors: validation_failed (field "q": see search_terms; "limit" outside
  // 1..max_page), rate_limited, busy, store_unavailable. An unknown sender
  // or a conversation the user is not in finds nothing.
  boost::asio::awaitable<result<search_page>> search(store::user_id who, search_request req);

 private:
  store::database& db_;
  search_limits limits_;
  rate_limiter searches_;
};

}  // namespace natter::core
