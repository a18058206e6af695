#pragma once
// The identifiers every layer shares, defined once. The store, the protocol
// and the services all use these (each layer names them in its own namespace
// with a using-declaration, never a second definition).

#include <cstdint>

namespace natter {

// Milliseconds since the Unix epoch.
using unix_ms = std::int64_t;

using user_id = std::int64_t;
using conversation_id = std::int64_t;
using message_id = std::int64_t;
// A conversation log entry's place: 1, 2, 3... per conversation, gapless.
using seq_t = std::int64_t;

}  // namespace natter
