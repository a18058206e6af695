#include "store/conversation_records.hpp"

#include <array>

namespace natter::store {

log_entry stored_message_entry(const new_message& m, std::int64_t id, seq_t seq, std::string sender_name) {
  log_entry e;
  e.id = id;
  e.conversation = m.conversation;
  e.seq = seq;
  e.kind = entry_kind::message;
  e.actor = m.sender;
  e.actor_name = sender_name;
  e.at = m.at;
  message_record msg;
  msg.id = id;
  msg.conversation = m.conversation;
  msg.seq = seq;
  msg.sender = m.sender;
  msg.sender_name = std::move(sender_name);
  msg.text = m.text;
  msg.client_msg_id = m.client_msg_id;
  msg.reply_to = m.reply_to;
  msg.created_at = m.at;
  msg.attachments = m.attachments;
  msg.thread_id = m.thread_id;
  msg.envelope = m.envelope;
  e.message = std::move(msg);
  return e;
}

std::string_view to_string(conversation_kind k) noexcept {
  switch (k) {
    case conversation_kind::direct:
      return "direct";
    case conversation_kind::group:
      return "group";
    case conversation_kind::room:
      return "room";
  }
  return "group";
}

std::string_view to_string(member_role r) noexcept {
  switch (r) {
    case member_role::owner:
      return "owner";
    case member_role::admin:
      return "admin";
    case member_role::member:
      return "member";
  }
  return "member";
}

std::string_view to_string(request_state r) noexcept {
  switch (r) {
    case request_state::none:
      return "none";
    case request_state::pending:
      return "pending";
    case request_state::declined:
      return "declined";
  }
  return "none";
}

std::string_view to_string(entry_kind k) noexcept {
  switch (k) {
    case entry_kind::message:
      return "message";
    case entry_kind::edit:
      return "edit";
    case entry_kind::deletion:
      return "deletion";
    case entry_kind::member_joined:
      return "member_joined";
    case entry_kind::member_left:
      return "member_left";
    case entry_kind::updated:
      return "updated";
  }
  return "updated";
}

std::optional<conversation_kind> conversation_kind_from(std::string_view s) noexcept {
  for (auto k : {conversation_kind::direct, conversation_kind::group, conversation_kind::room}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

std::optional<request_state> request_state_from(std::string_view s) noexcept {
  for (auto r : {request_state::none, request_state::pending, request_state::declined}) {
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

std::optional<entry_kind> entry_kind_from(std::string_view s) noexcept {
  constexpr std::array kinds{entry_kind::message,       entry_kind::edit,        entry_kind::deletion,
                             entry_kind::member_joined, entry_kind::member_left, entry_kind::updated};
  for (entry_kind k : kinds) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

std::optional<member_role> member_role_from(std::string_view s) noexcept {
  if (s == "owner") return member_role::owner;
  if (s == "admin") return member_role::admin;
  if (s == "member") return member_role::member;
  return std::nullopt;
}

// --- room moderation ---
std::string_view to_string(sanction_kind k) noexcept {
  return k == sanction_kind::ban ? "ban" : "mute";
}

std::optional<sanction_kind> sanction_kind_from(std::string_view s) noexcept {
  if (s == "ban") return sanction_kind::ban;
  if (s == "mute") return sanction_kind::mute;
  return std::nullopt;
}
// --- end room moderation ---

}  // namespace natter::store
