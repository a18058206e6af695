#pragma once
// Mentions (docs/protocol.md, "Mentions"): the @names a message's text holds,
// which of them are members of its conversation, and how they show in
// message views.
//
// A mention is `@` followed by a username (validation.cpp's characters, any
// case), not preceded by a username character (so bob@example.com is not
// one), with trailing dots left out ("thanks @bob." mentions bob). Nothing
// inside inline code (`...`) or a fenced code block (``` lines) counts.
// `@room` and `@here` mention everyone, when an admin or owner of a group or
// room writes them (core::chats also rate-limits them).

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/rate_limiter.hpp"
#include "protocol/frames.hpp"
#include "store/conversation_records.hpp"
#include "store/conversation_store.hpp"
#include "store/store.hpp"

namespace natter::core {

struct mention_names {
  std::vector<std::string> names;  // lower case, distinct, in order of first mention
  bool everyone = false;           // @room or @here
};

// The first max_names distinct @names of text (room and here are not names).
mention_names find_mentions(std::string_view text, std::size_t max_names);

// Finds and stores the mentions of message m, sent or edited (text: its
// new text) by its sender, replacing any it had; returns them. They are the
// named members of its conversation other than the sender (the first
// protocol::max_mentions distinct names are looked up, in one query), and
// everyone for @room or @here when the sender is an admin or owner of a
// group or room and `everyone` (per sender) lets them.
std::vector<store::mention_record> record_mentions(store::store& s, const store::message_record& m,
                                                   std::string_view text, rate_limiter& everyone, bool edited);

// Sets msg's mentions and mentions_all from the stored mentions of msg.
void show_mentions(protocol::message& msg, std::span<const store::mention_record> mentions);

// Stored mentions by message, for a page of views.
using mention_map = std::unordered_map<store::message_id, std::vector<store::mention_record>>;
mention_map mentions_for(store::conversation_store& s, std::span<const store::log_entry> entries);
// Sets the mentions of a message or edit event from m.
void attach_mentions(protocol::log_event& e, const mention_map& m);

}  // namespace natter::core
