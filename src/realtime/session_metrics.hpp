#pragma once
// What WebSocket sessions count: requests by type and result, closes by code.
// Label sets are bounded: request types are the protocol's (a frame that did
// not decode counts as "unknown"), codes the error catalogue's, close codes
// those natterd knows (anything else a client sends is "other"). Never a
// label taken from what a client wrote.

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "common/error.hpp"
#include "common/metrics.hpp"
#include "protocol/frames.hpp"

namespace natter::realtime {

// Who ended a session: natterd (close_with), the client (its close frame), or
// no one (the connection dropped or timed out).
enum class closed_by { server, client, none };

class session_metrics {
 public:
  explicit session_metrics(metrics::registry& registry);

  // One answered request. type: the request's index in protocol::request, or
  // nothing for a frame that did not decode. Lock-free after the first use
  // of a (type, code) pair. Any thread.
  void answered(std::optional<std::size_t> type, std::optional<errc> failure);
  void closed(std::uint16_t code, closed_by by);
  // Live events queued to a session's peer.
  void events_sent(std::size_t n) { registry_.events_sent.inc(n); }
  void message_stored() { registry_.messages_stored.inc(); }

 private:
  static constexpr std::size_t type_count = std::variant_size_v<protocol::request> + 1;    // + unknown
  static constexpr std::size_t code_count = static_cast<std::size_t>(errc::internal) + 2;  // + ok
  metrics::counter& child(std::size_t type, std::size_t code);

  metrics::registry& registry_;
  std::array<std::atomic<metrics::counter*>, type_count * code_count> requests_{};
};

// The close code as a label: itself when natterd knows it, else "other".
std::string_view close_code_label(std::uint16_t code);
std::string_view closed_by_label(closed_by by);

}  // namespace natter::realtime
