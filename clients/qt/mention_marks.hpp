#pragma once
// Mentions as the chat view shows them: the @names a message mentions (the
// server's list, never a guess from the text) marked in its text. (Whether
// a message mentions the user: mentions_me in chat_state.hpp.)

#include <QString>

#include "protocol/frames.hpp"

namespace natter::desktop {

// `escaped` (m's text, HTML-escaped) with each @name of m.mentions (and
// @room or @here when m.mentions_all) in bold and `colour`.
QString mark_mentions(const QString& escaped, const protocol::message& m, const QString& colour);

}  // namespace natter::desktop
