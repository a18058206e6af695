// Event fields (docs/protocol.md, "Events"), and log events as they appear
// inside history and sync replies.

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"
#include "protocol/variant_codec.hpp"

namespace natter::protocol {

status read_fields(const json_object& o, message_event& v) {
  field_reader in(o);
  in.required("message", v.msg);
  return std::move(in).finish();
}

void write_fields(json_object& o, const message_event& v) {
  put(o, "message", v.msg);
}

status read_fields(const json_object& o, message_edited_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("seq", v.seq).required("message", v.msg);
  return std::move(in).finish();
}

void write_fields(json_object& o, const message_edited_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
  put(o, "message", v.msg);
}

status read_fields(const json_object& o, message_deleted_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("seq", v.seq)
      .required("message_id", v.id)
      .optional("by", v.by)
      .optional("by_id", v.by_id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const message_deleted_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
  put(o, "message_id", v.id);
  put_present(o, "by", v.by);
  put_present(o, "by_id", v.by_id);
}

status read_fields(const json_object& o, member_joined_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("seq", v.seq)
      .required("user", v.user)
      .defaulted("user_id", v.user_id)
      .required("role", v.role)
      .optional("by", v.by)
      .optional("by_id", v.by_id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const member_joined_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
  put(o, "user", v.user);
  put(o, "user_id", v.user_id);
  put(o, "role", v.role);
  put(o, "by", v.by);
  put_present(o, "by_id", v.by_id);
}

status read_fields(const json_object& o, member_left_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("seq", v.seq)
      .required("user", v.user)
      .defaulted("user_id", v.user_id)
      .optional("by", v.by)
      .optional("by_id", v.by_id)
      .optional("action", v.action)
      .optional("reason", v.reason);
  return std::move(in).finish();
}

void write_fields(json_object& o, const member_left_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
  put(o, "user", v.user);
  put(o, "user_id", v.user_id);
  put(o, "by", v.by);
  put_present(o, "by_id", v.by_id);
  put_present(o, "action", v.action);
  put_present(o, "reason", v.reason);
}

status read_fields(const json_object& o, conversation_updated_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("seq", v.seq)
      .optional("name", v.name)
      .optional("topic", v.topic)
      .optional("avatar", v.avatar)
      .optional("user", v.user)
      .optional("role", v.role)
      .optional("action", v.action)
      .optional("reason", v.reason)
      .optional("by", v.by)
      .optional("user_id", v.user_id)
      .optional("by_id", v.by_id);
  return std::move(in).finish();
}

// Only what changed is on the wire; a client tells a rename from a topic
// change by which member is there.
void write_fields(json_object& o, const conversation_updated_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
  put_present(o, "name", v.name);
  put_present(o, "topic", v.topic);
  put_present(o, "avatar", v.avatar);
  put_present(o, "user", v.user);
  put_present(o, "role", v.role);
  put_present(o, "action", v.action);
  put_present(o, "reason", v.reason);
  put_present(o, "by", v.by);
  put_present(o, "user_id", v.user_id);
  put_present(o, "by_id", v.by_id);
}

status read_fields(const json_object& o, receipt_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("user", v.user)
      .defaulted("user_id", v.user_id)
      .required("delivered_seq", v.delivered_seq)
      .required("read_seq", v.read_seq);
  return std::move(in).finish();
}

void write_fields(json_object& o, const receipt_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "user", v.user);
  put(o, "user_id", v.user_id);
  put(o, "delivered_seq", v.delivered_seq);
  put(o, "read_seq", v.read_seq);
}

status read_fields(const json_object& o, typing_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("user", v.user).defaulted("user_id", v.user_id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const typing_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "user", v.user);
  put(o, "user_id", v.user_id);
}

status read_fields(const json_object& o, presence_event& v) {
  field_reader in(o);
  in.required("user", v.user)
      .defaulted("user_id", v.user_id)
      .required("status", v.status)
      .required("last_seen", v.last_seen);
  return std::move(in).finish();
}

void write_fields(json_object& o, const presence_event& v) {
  put(o, "user", v.user);
  put(o, "user_id", v.user_id);
  put(o, "status", v.status);
  put(o, "last_seen", v.last_seen);
}

status read_fields(const json_object& o, request_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("from", v.from)
      .defaulted("from_id", v.from_id)
      .required("message", v.msg);
  return std::move(in).finish();
}

void write_fields(json_object& o, const request_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "from", v.from);
  put(o, "from_id", v.from_id);
  put(o, "message", v.msg);
}

status read_fields(const json_object& o, request_declined_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("by", v.by).defaulted("by_id", v.by_id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const request_declined_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "by", v.by);
  put(o, "by_id", v.by_id);
}

status read_fields(const json_object& o, request_accepted_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("by", v.by).defaulted("by_id", v.by_id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const request_accepted_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "by", v.by);
  put(o, "by_id", v.by_id);
}

status read_fields(const json_object& o, token_expiring_event& v) {
  field_reader in(o);
  in.required("expires_at", v.expires_at);
  return std::move(in).finish();
}

void write_fields(json_object& o, const token_expiring_event& v) {
  put(o, "expires_at", v.expires_at);
}

status read_fields(const json_object& o, group_invited_event& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("name", v.name)
      .required("by", v.by)
      .defaulted("by_id", v.by_id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const group_invited_event& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "name", v.name);
  put(o, "by", v.by);
  put(o, "by_id", v.by_id);
}

status read_fields(const json_object& o, user_updated_event& v) {
  field_reader in(o);
  in.required("user_id", v.user_id).required("username", v.username).required("display_name", v.display_name);
  return std::move(in).finish();
}

void write_fields(json_object& o, const user_updated_event& v) {
  put(o, "user_id", v.user_id);
  put(o, "username", v.username);
  put(o, "display_name", v.display_name);
}

status read_value(const boost::json::value& v, log_event& out) {
  if (!v.is_object()) return wrong_type("an object");
  const auto& o = v.get_object();
  const auto* type = o.if_contains("type");
  if (!type || !type->is_string()) return error(errc::bad_request, "type must be a string.", "type");
  const auto* decoder = find_decoder<log_event>(type->get_string());
  if (!decoder) return error(errc::bad_request, "type is not a conversation log event.", "type");
  auto decoded = decoder->decode(o);
  if (!decoded) return std::move(decoded).err();
  out = std::move(*decoded);
  return ok;
}

boost::json::value to_json(const log_event& e, const boost::json::storage_ptr& sp) {
  boost::json::object o(sp);
  write_tagged(o, e);
  return boost::json::value(std::move(o));
}

}  // namespace natter::protocol
