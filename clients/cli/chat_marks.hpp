#pragma once
// Small pieces of how the chat marks things: presence (a symbol each, so that
// it never rests on colour alone), day separators, and action messages.
//
// An action ("/me waves") travels as plain text beginning with "/me ", the
// convention of IRC clients: every client shows it as "* alice waves", and
// one that does not know the convention still shows something readable.

#include <optional>
#include <string>

#include "protocol/frames.hpp"

namespace natter::cli {

// "●" online, "◐" away, "⊘" busy, "○" offline (or not shared), " " for
// anything else (not a person).
std::string presence_mark(const std::string& status);

// Beside an end-to-end encrypted conversation, in the list and the title.
inline constexpr std::string_view lock_mark = "\xF0\x9F\x94\x92";  // U+1F512 LOCK

// The local calendar day of `ts`, "YYYY-MM-DD" (0: "").
std::string day_of(protocol::unix_ms ts);
// The separator shown before the first line of a day: "Sunday 6 December 2026".
std::string day_label(protocol::unix_ms ts);

// The separator to show before a line of `ts` after one of `previous` (0:
// it is the first line held): where the day changes, and above the first
// line when that is not from today (`now`). Nothing for a line of no time.
std::optional<std::string> day_separator(protocol::unix_ms previous, protocol::unix_ms ts, protocol::unix_ms now);

inline constexpr std::string_view action_prefix = "/me ";
// The action of "/me waves" ("waves"); nothing for other text.
std::optional<std::string> action_of(const std::string& text);
// "alice: hi" or, for an action, "* alice waves": how a line reads.
std::string said(const std::string& sender, const std::string& text);

}  // namespace natter::cli
