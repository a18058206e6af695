#pragma once
// Reactions and pins as protocol frames. A reaction or pin is logged as an
// `updated` entry with a reaction or pin action (store/conversation_records.hpp);
// the reactions a message or reaction event shows are read apart, for a
// whole page at once, and attached to the views.

#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "protocol/frames.hpp"
#include "store/conversation_records.hpp"
#include "store/conversation_store.hpp"

namespace natter::core {

// The event of a reaction or pin entry; nothing for any other entry.
std::optional<protocol::log_event> message_mark_view(const store::log_entry& e);

// Messages' reactions as the protocol shows them, by message id.
using reaction_map = std::unordered_map<store::message_id, std::vector<protocol::reaction>>;

// The message whose reactions an entry's event shows: a message's or an
// edit's message, a reaction's target; nothing for other entries.
std::optional<store::message_id> reactions_shown_by(const store::log_entry& e);
// The reactions of the messages that the entries show, in one store query.
reaction_map reactions_for(store::conversation_store& s, std::span<const store::log_entry> entries);
reaction_map reactions_of(store::conversation_store& s, std::span<const store::message_id> messages);
// Sets the reactions a message, edit or reaction event shows from m.
void attach_reactions(protocol::log_event& e, const reaction_map& m);

protocol::pinned_message pin_view(const store::pin_record& p, const reaction_map& m);

}  // namespace natter::core
