// Reactions, pins and forwards (docs/protocol.md, "Reactions, pins and
// forwards"): their objects, events, requests and replies. Whoever reacted
// or pinned appears as "user_id" and "user", like every event's actor.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

namespace {

field_reader& read_by(field_reader& in, reactor& by) {
  return in.required("user_id", by.id).required("user", by.username);
}

void write_by(json_object& o, const reactor& by) {
  put(o, "user_id", by.id);
  put(o, "user", by.username);
}

// "<at>.<id>": two whole numbers of at most 18 digits each.
std::optional<pin_cursor> parse_cursor(std::string_view s) {
  const auto dot = s.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view d, std::int64_t& out) {
    if (d.empty() || d.size() > 18) return false;
    out = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  pin_cursor c;
  if (!number(s.substr(0, dot), c.at) || !number(s.substr(dot + 1), c.id)) return std::nullopt;
  return c;
}

std::string cursor_text(const pin_cursor& c) {
  return std::to_string(c.at) + "." + std::to_string(c.id);
}

status read_cursor(field_reader& in, std::string_view field, std::optional<pin_cursor>& out) {
  std::optional<std::string> text;
  in.optional(field, text);
  if (in.failed() || !text) return std::move(in).finish();
  out = parse_cursor(*text);
  if (!out) return error(errc::bad_request, "Not a cursor from pins.list.", std::string(field));
  return ok;
}

void write_cursor(json_object& o, std::string_view field, const std::optional<pin_cursor>& c) {
  if (c) {
    put(o, field, cursor_text(*c));
  } else {
    o[field] = nullptr;
  }
}

}  // namespace

status read_fields(const json_object& o, reactor& v) {
  field_reader in(o);
  read_by(in, v);
  return std::move(in).finish();
}

void write_fields(json_object& o, const reactor& v) {
  write_by(o, v);
}

status read_fields(const json_object& o, reaction& v) {
  field_reader in(o);
  in.required("emoji", v.emoji).required("count", v.count).required("users", v.users);
  return std::move(in).finish();
}

void write_fields(json_object& o, const reaction& v) {
  put(o, "emoji", v.emoji);
  put(o, "count", v.count);
  put(o, "users", v.users);
}

status read_fields(const json_object& o, forwarded_origin& v) {
  field_reader in(o);
  in.required("sender", v.sender).required("ts", v.ts);
  return std::move(in).finish();
}

void write_fields(json_object& o, const forwarded_origin& v) {
  put(o, "sender", v.sender);
  put(o, "ts", v.ts);
}

status read_fields(const json_object& o, message_reaction_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("seq", v.seq)
      .required("message_id", v.id)
      .required("emoji", v.emoji)
      .required("action", v.action);
  read_by(in, v.by).required("reactions", v.reactions);
  return std::move(in).finish();
}

void write_fields(json_object& o, const message_reaction_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
  put(o, "message_id", v.id);
  put(o, "emoji", v.emoji);
  put(o, "action", v.action);
  write_by(o, v.by);
  put(o, "reactions", v.reactions);
}

status read_fields(const json_object& o, message_pinned_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("seq", v.seq)
      .required("message_id", v.id)
      .required("pinned", v.pinned);
  read_by(in, v.by);
  return std::move(in).finish();
}

void write_fields(json_object& o, const message_pinned_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
  put(o, "message_id", v.id);
  put(o, "pinned", v.pinned);
  write_by(o, v.by);
}

status read_fields(const json_object& o, react_request& v) {
  field_reader in(o);
  in.required("message_id", v.id).required("emoji", v.emoji);
  return std::move(in).finish();
}

void write_fields(json_object& o, const react_request& v) {
  put(o, "message_id", v.id);
  put(o, "emoji", v.emoji);
}

status read_fields(const json_object& o, unreact_request& v) {
  field_reader in(o);
  in.required("message_id", v.id).required("emoji", v.emoji);
  return std::move(in).finish();
}

void write_fields(json_object& o, const unreact_request& v) {
  put(o, "message_id", v.id);
  put(o, "emoji", v.emoji);
}

status read_fields(const json_object& o, pin_request& v) {
  field_reader in(o);
  in.required("message_id", v.id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const pin_request& v) {
  put(o, "message_id", v.id);
}

status read_fields(const json_object& o, unpin_request& v) {
  field_reader in(o);
  in.required("message_id", v.id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const unpin_request& v) {
  put(o, "message_id", v.id);
}

status read_fields(const json_object& o, pins_list_request& v) {
  // Read wide so that 10^12 is an out-of-range limit, not a malformed one.
  std::optional<std::int64_t> limit;
  field_reader in(o);
  in.required("conversation_id", v.conversation).optional("limit", limit);
  if (!in.failed() && limit) {
    if (*limit < 1 || *limit > max_pins_page) return validation_error("limit", "Between 1 and 50.");
    v.limit = static_cast<int>(*limit);
  }
  return read_cursor(in, "cursor", v.cursor);
}

void write_fields(json_object& o, const pins_list_request& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "limit", v.limit);
  if (v.cursor) write_cursor(o, "cursor", v.cursor);
}

status read_fields(const json_object& o, forward_request& v) {
  field_reader in(o);
  in.required("message_id", v.id)
      .optional("conversation_id", v.conversation)
      .optional("to", v.to)
      .required("client_msg_id", v.client_msg_id);
  if (!in.failed() && v.conversation.has_value() == v.to.has_value()) {
    in.fail(error(errc::bad_request, "Exactly one of conversation_id and to is required.", "conversation_id"));
  }
  if (!in.failed() && !has_chars_between(v.client_msg_id, 1, 64)) {
    in.fail(validation_error("client_msg_id", "Between 1 and 64 characters."));
  }
  return std::move(in).finish();
}

void write_fields(json_object& o, const forward_request& v) {
  put(o, "message_id", v.id);
  put_present(o, "conversation_id", v.conversation);
  put_present(o, "to", v.to);
  put(o, "client_msg_id", v.client_msg_id);
}

status read_fields(const json_object& o, pinned_message& v) {
  field_reader in(o);
  in.required("message", v.msg).required("ts", v.ts);
  read_by(in, v.by);
  return std::move(in).finish();
}

void write_fields(json_object& o, const pinned_message& v) {
  put(o, "message", v.msg);
  write_by(o, v.by);
  put(o, "ts", v.ts);
}

status read_fields(const json_object& o, pins_reply& v) {
  field_reader in(o);
  in.required("pins", v.pins).required("has_more", v.has_more);
  return read_cursor(in, "next_cursor", v.next_cursor);
}

void write_fields(json_object& o, const pins_reply& v) {
  put(o, "pins", v.pins);
  put(o, "has_more", v.has_more);
  write_cursor(o, "next_cursor", v.next_cursor);
}

}  // namespace natter::protocol
