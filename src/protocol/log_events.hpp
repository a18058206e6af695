#pragma once
// What every reader of conversation logs asks of an entry: its conversation,
// its seq, and whether an event is one. One definition for natterd, the
// client library and the tests.

#include <optional>
#include <type_traits>
#include <variant>

#include "protocol/frames.hpp"

namespace natter::protocol {

template <class T>
inline constexpr bool is_log_event = std::is_constructible_v<log_event, T>;

inline conversation_id conversation_of(const log_event& e) {
  return std::visit(
      [](const auto& body) -> conversation_id {
        if constexpr (std::is_same_v<std::decay_t<decltype(body)>, message_event>) {
          return body.msg.conversation;
        } else {
          return body.conversation;
        }
      },
      e);
}

inline seq_t seq_of(const log_event& e) {
  return std::visit(
      [](const auto& body) -> seq_t {
        if constexpr (std::is_same_v<std::decay_t<decltype(body)>, message_event>) {
          return body.msg.seq;
        } else {
          return body.seq;
        }
      },
      e);
}

// The log entry an event is, if it is one.
inline std::optional<log_event> as_log_event(const event& e) {
  return std::visit(
      [](const auto& body) -> std::optional<log_event> {
        if constexpr (is_log_event<std::decay_t<decltype(body)>>) {
          return log_event(body);
        } else {
          return std::nullopt;
        }
      },
      e);
}

}  // namespace natter::protocol
