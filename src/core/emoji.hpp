#pragma once
// What a reaction may be: exactly one emoji, as docs/protocol.md ("Emoji")
// describes it. Inputs may be any bytes.

#include <string_view>

namespace natter::core {

inline constexpr std::size_t max_emoji_code_points = 16;

// True when s (at most protocol::max_emoji_bytes bytes of valid UTF-8) is
// one emoji: a flag (two regional indicators); a keycap ([0-9#*], U+FE0F
// optional, U+20E3); or up to 8 pictographic elements joined by U+200D (ZWJ),
// each a pictograph (Unicode's Extended_Pictographic ranges) or a skin-tone
// modifier, followed by at most an emoji presentation selector (U+FE0F) and
// a skin-tone modifier, and, after a black flag, a tag sequence
// (U+E0020-U+E007E, ended by U+E007F). At most max_emoji_code_points.
bool is_emoji(std::string_view s);

}  // namespace natter::core
