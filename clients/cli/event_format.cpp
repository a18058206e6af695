#include "clients/cli/event_format.hpp"

#include <ctime>
#include <type_traits>

#include "clients/cli/chat_marks.hpp"
#include "clients/cli/media_format.hpp"

namespace natter::cli {

namespace {

std::string strftime_of(protocol::unix_ms ts, const char* format) {
  const std::time_t seconds = static_cast<std::time_t>(ts / 1000);
  std::tm local{};
  ::localtime_r(&seconds, &local);
  char text[32];
  const auto n = std::strftime(text, sizeof text, format, &local);
  return std::string(text, n);
}

std::string describe_log(const protocol::message_edited_event& e, const label_lookup& label) {
  return "[" + label(e.conversation) + "] " + e.msg.sender + " edited: " + said(e.msg.sender, e.msg.text);
}
std::string describe_log(const protocol::message_deleted_event& e, const label_lookup& label) {
  return "[" + label(e.conversation) + "] a message was deleted";
}
std::string describe_log(const protocol::member_joined_event& e, const label_lookup& label) {
  return "[" + label(e.conversation) + "] * " + e.user + " joined" + (e.by ? " (added by " + *e.by + ")" : "");
}
std::string describe_log(const protocol::member_left_event& e, const label_lookup& label) {
  if (e.action && e.by) {  // room moderation
    return "[" + label(e.conversation) + "] * " + e.user + " was " + (*e.action == "ban" ? "banned" : "kicked") +
           " by " + *e.by + (e.reason ? ": " + *e.reason : "");
  }
  return "[" + label(e.conversation) + "] * " + e.user + " left" + (e.by ? " (removed by " + *e.by + ")" : "");
}
std::string describe_log(const protocol::conversation_updated_event& e, const label_lookup& label) {
  if (e.name) return "[" + label(e.conversation) + "] * renamed to " + *e.name;
  if (e.user && e.role) return "[" + label(e.conversation) + "] * " + *e.user + " is now " + *e.role;
  if (e.action && e.user) {  // room moderation: ban, unban, mute, unmute
    return "[" + label(e.conversation) + "] * " + *e.user + ": " + *e.action + " by " + e.by.value_or("?") +
           (e.reason ? " (" + *e.reason + ")" : "");
  }
  if (e.topic) return "[" + label(e.conversation) + "] * topic: " + *e.topic;
  return "[" + label(e.conversation) + "] * updated";
}

std::string describe_log(const protocol::message_reaction_event& e, const label_lookup& label) {
  return "[" + label(e.conversation) + "] " + e.by.username + (e.action == "add" ? " reacted " : " took back ") +
         e.emoji + " (" + reactions_line(e.reactions) + ")";
}
std::string describe_log(const protocol::message_pinned_event& e, const label_lookup& label) {
  return "[" + label(e.conversation) + "] * " + e.by.username + (e.pinned ? " pinned" : " unpinned") + " a message";
}

// Events this client has no line for (newer ones included) print nothing.
template <class Event>
std::string describe_log(const Event&, const label_lookup&) {
  return {};
}

}  // namespace

std::string label_of(const protocol::conversation& c) {
  if (c.kind == "direct") return "@" + c.name;
  if (c.kind == "room") return "#" + c.name;
  return c.name;
}

std::string clock_time(protocol::unix_ms ts) {
  return strftime_of(ts, "%H:%M");
}
std::string date_time(protocol::unix_ms ts) {
  return strftime_of(ts, "%Y-%m-%d %H:%M");
}

std::string reactions_line(const std::vector<protocol::reaction>& reactions) {
  std::string out;
  for (const auto& r : reactions) {
    if (!out.empty()) out += "  ";
    out += r.emoji + " " + std::to_string(r.count);
  }
  return out;
}

std::string message_line(const protocol::message& m) {
  const std::string text = m.deleted ? "(deleted)" : m.text;
  const std::string reacted = m.reactions.empty() ? "" : "  [" + reactions_line(m.reactions) + "]";
  return with_attachments(
      "[" + clock_time(m.ts) + "] " + said(m.sender, text) + (m.edited_ts ? " (edited)" : "") + reacted, m);
}

std::string describe(const protocol::event& e, const label_lookup& label) {
  return std::visit(
      [&label](const auto& body) -> std::string {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, protocol::message_event>) {
          return with_attachments("[" + label(body.msg.conversation) + "] " + said(body.msg.sender, body.msg.text),
                                  body.msg);
        } else if constexpr (std::is_same_v<T, protocol::presence_event>) {
          return "* " + body.user + " is " + body.status;
        } else if constexpr (std::is_same_v<T, protocol::request_event>) {
          return "* chat request from " + body.from + " (id " + std::to_string(body.conversation) + ")";
        } else if constexpr (std::is_same_v<T, protocol::request_declined_event>) {
          return "* " + body.by + " declined your chat request";
        } else if constexpr (std::is_same_v<T, protocol::group_invited_event>) {
          return "* " + body.by + " invited you to the group " + body.name + " (id " +
                 std::to_string(body.conversation) + ")";
        } else if constexpr (std::is_same_v<T, protocol::receipt_event>) {
          if (body.read_seq == 0) return {};  // delivered, not read: nothing to say
          return "[" + label(body.conversation) + "] * " + body.user + " read up to " + std::to_string(body.read_seq);
        } else if constexpr (std::is_same_v<T, protocol::typing_event> ||
                             std::is_same_v<T, protocol::token_expiring_event>) {
          return {};
        } else {
          return describe_log(body, label);
        }
      },
      e);
}

}  // namespace natter::cli
