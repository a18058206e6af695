#pragma once
// Events and messages as the readable lines natter prints.

#include <functional>
#include <string>

#include "protocol/frames.hpp"

namespace natter::cli {

// "@bob" for a direct chat, "#name" for a room, the group's name for a group.
std::string label_of(const protocol::conversation& c);
// Local time, "HH:MM".
std::string clock_time(protocol::unix_ms ts);
// Local date and time, "YYYY-MM-DD HH:MM".
std::string date_time(protocol::unix_ms ts);
// "[10:02] alice: hi", then a line per attachment (see with_attachments).
std::string message_line(const protocol::message& m);
// A message's reactions inline: "👍 2  🎉 1"; empty without any.
std::string reactions_line(const std::vector<protocol::reaction>& reactions);

// One line for an event (and one more per attachment of a message);
// `label` names a conversation by its id. Empty for events not worth a line
// (typing).
using label_lookup = std::function<std::string(protocol::conversation_id)>;
std::string describe(const protocol::event& e, const label_lookup& label);

}  // namespace natter::cli
