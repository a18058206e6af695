#pragma once
// What a session tells its user: protocol events (each conversation event
// once, in seq order) and changes of its connection state.

#include <optional>
#include <string_view>
#include <variant>

#include "client/outcome.hpp"
#include "protocol/frames.hpp"

namespace natter::client {

enum class connection_state {
  connecting,    // the first connection is being made
  online,        // authenticated and synced: requests can be sent
  reconnecting,  // the connection dropped; waiting or trying again (sends are kept)
  stopped,       // stop() was called, or the session gave up (see `reason`)
};

std::string_view to_string(connection_state state) noexcept;

struct state_change {
  connection_state state = connection_state::connecting;
  std::optional<failure> reason;  // why it stopped or dropped, when known
};

using session_event = std::variant<protocol::event, state_change>;

}  // namespace natter::client
