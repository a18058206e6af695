#pragma once
// Everything a WebSocket session needs, owned elsewhere and outliving it.

#include <string>

#include "common/connection_limiter.hpp"
#include "common/connection_registry.hpp"
#include "common/metrics.hpp"
#include "core/accounts.hpp"
#include "core/chats.hpp"
#include "core/presence.hpp"
#include "core/session_guard.hpp"
#include "delivery/hub.hpp"
#include "protocol/frames.hpp"
#include "realtime/dispatcher.hpp"
#include "realtime/session_metrics.hpp"

namespace natter::realtime {

struct session_limits {
  std::size_t outbound_frames = 1024;            // queued frames; beyond: close 4008
  std::size_t outbound_bytes = 4 * 1024 * 1024;  // queued bytes; beyond: close 4008
  std::size_t sync_buffer = 4096;                // live events held during a sync; beyond: close 4008
  int in_flight_requests = 32;                   // more: stop reading until one finishes
  std::chrono::milliseconds auth_timeout{10000};
  std::chrono::seconds expiry_warning{60};        // token.expiring this long before expiry
  std::chrono::milliseconds idle_timeout{60000};  // a ping at half of it; no answer by then: dropped
  std::size_t sessions_per_user = 32;             // authenticated sessions of one user on this node; 0: no cap
};

struct session_env {
  core::accounts& accounts;
  core::session_guard& guard;
  core::chats& chats;
  core::presence& presence;
  dispatcher& requests;
  delivery::hub& sessions;
  metrics::registry& metrics;
  session_metrics& counts;
  connection_registry& connections;
  protocol::hello_limits hello;
  session_limits limits;
};

}  // namespace natter::realtime
