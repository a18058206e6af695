#pragma once
// What message search asks the store and what it gets back (migration 15).

#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/ids.hpp"

namespace natter::store {

// Messages of the reader's conversations whose current text has every word
// of `words`, each as a whole word or (when prefix_of(word)) as the start
// of one, matched case-insensitively. Every given filter holds too.
struct message_search_query {
  user_id reader = 0;  // only conversations they are a member of now
  // Letters and digits only, at most max_search_words of them: core::search_terms
  // makes them; a backend still quotes each one as a literal.
  std::vector<std::string> words;
  std::optional<conversation_id> conversation;
  std::optional<user_id> sender;
  std::optional<unix_ms> after;        // occurred_at > after
  std::optional<unix_ms> before;       // occurred_at < before
  std::optional<message_id> below_id;  // the page after one that ended at this id
  int limit = 20;                      // <= 0: none
};

inline constexpr std::size_t max_search_words = 8;

// A word of one character matches only itself: as a prefix it would stand
// for a large part of the index.
inline bool prefix_of(const std::string& word) {
  return word.size() > 1;
}

struct message_hit {
  message_id id = 0;
  conversation_id conversation = 0;
  seq_t seq = 0;
  user_id sender = 0;
  std::string sender_username;
  unix_ms at = 0;
  std::string text;  // the whole current text (core cuts the snippet)
};

}  // namespace natter::store
