// Request fields (docs/protocol.md, "Requests") for the requests that manage
// conversations and people: lists, groups, rooms, contacts, chat requests,
// blocks, and ping.

#include <cstddef>

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {
namespace {

// One frame names at most this many initial members; more would make one
// request fan out into an unbounded number of store writes.
constexpr std::size_t max_group_create_members = 256;

status read_conversation_id(const json_object& o, conversation_id& out) {
  field_reader in(o);
  in.required("conversation_id", out);
  return std::move(in).finish();
}

status read_username(const json_object& o, std::string& out) {
  field_reader in(o);
  in.required("username", out);
  return std::move(in).finish();
}

status read_name(const json_object& o, std::string& out) {
  field_reader in(o);
  in.required("name", out);
  return std::move(in).finish();
}

status read_member_change(const json_object& o, conversation_id& conversation, std::string& username) {
  field_reader in(o);
  in.required("conversation_id", conversation).required("username", username);
  return std::move(in).finish();
}

void write_member_change(json_object& o, conversation_id conversation, const std::string& username) {
  put(o, "conversation_id", conversation);
  put(o, "username", username);
}

}  // namespace

status read_fields(const json_object&, conversations_list_request&) {
  return ok;
}
void write_fields(json_object&, const conversations_list_request&) {}

status read_fields(const json_object& o, group_create_request& v) {
  field_reader in(o);
  in.required("name", v.name);
  // Checked before the items are decoded, so an oversized list costs nothing.
  const auto* members = in.present("members");
  if (!in.failed() && members && members->is_array() && members->get_array().size() > max_group_create_members) {
    return validation_error("members", "At most 256 members.");
  }
  in.required("members", v.members);
  return std::move(in).finish();
}

void write_fields(json_object& o, const group_create_request& v) {
  put(o, "name", v.name);
  put(o, "members", v.members);
}

status read_fields(const json_object& o, group_add_request& v) {
  return read_member_change(o, v.conversation, v.username);
}
void write_fields(json_object& o, const group_add_request& v) {
  write_member_change(o, v.conversation, v.username);
}

status read_fields(const json_object& o, group_remove_request& v) {
  return read_member_change(o, v.conversation, v.username);
}
void write_fields(json_object& o, const group_remove_request& v) {
  write_member_change(o, v.conversation, v.username);
}

status read_fields(const json_object& o, group_role_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("username", v.username).required("role", v.role);
  return std::move(in).finish();
}

void write_fields(json_object& o, const group_role_request& v) {
  write_member_change(o, v.conversation, v.username);
  put(o, "role", v.role);
}

status read_fields(const json_object& o, group_rename_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("name", v.name);
  return std::move(in).finish();
}

void write_fields(json_object& o, const group_rename_request& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "name", v.name);
}

status read_fields(const json_object& o, group_update_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).optional("name", v.name).optional("avatar", v.avatar);
  return std::move(in).finish();
}

void write_fields(json_object& o, const group_update_request& v) {
  put(o, "conversation_id", v.conversation);
  put_present(o, "name", v.name);
  put_present(o, "avatar", v.avatar);
}

status read_fields(const json_object& o, group_leave_request& v) {
  return read_conversation_id(o, v.conversation);
}
void write_fields(json_object& o, const group_leave_request& v) {
  put(o, "conversation_id", v.conversation);
}

status read_fields(const json_object&, room_list_request&) {
  return ok;
}
void write_fields(json_object&, const room_list_request&) {}

status read_fields(const json_object& o, room_create_request& v) {
  field_reader in(o);
  in.required("name", v.name).defaulted("topic", v.topic);
  return std::move(in).finish();
}

void write_fields(json_object& o, const room_create_request& v) {
  put(o, "name", v.name);
  put(o, "topic", v.topic);
}

status read_fields(const json_object& o, room_join_request& v) {
  return read_name(o, v.name);
}
void write_fields(json_object& o, const room_join_request& v) {
  put(o, "name", v.name);
}

status read_fields(const json_object& o, room_leave_request& v) {
  return read_name(o, v.name);
}
void write_fields(json_object& o, const room_leave_request& v) {
  put(o, "name", v.name);
}

status read_fields(const json_object& o, contact_add_request& v) {
  return read_username(o, v.username);
}
void write_fields(json_object& o, const contact_add_request& v) {
  put(o, "username", v.username);
}

status read_fields(const json_object& o, contact_remove_request& v) {
  return read_username(o, v.username);
}
void write_fields(json_object& o, const contact_remove_request& v) {
  put(o, "username", v.username);
}

status read_fields(const json_object&, contact_list_request&) {
  return ok;
}
void write_fields(json_object&, const contact_list_request&) {}

status read_fields(const json_object& o, request_accept_request& v) {
  return read_conversation_id(o, v.conversation);
}
void write_fields(json_object& o, const request_accept_request& v) {
  put(o, "conversation_id", v.conversation);
}

status read_fields(const json_object& o, request_decline_request& v) {
  return read_conversation_id(o, v.conversation);
}
void write_fields(json_object& o, const request_decline_request& v) {
  put(o, "conversation_id", v.conversation);
}

status read_fields(const json_object& o, block_request& v) {
  return read_username(o, v.username);
}
void write_fields(json_object& o, const block_request& v) {
  put(o, "username", v.username);
}

status read_fields(const json_object& o, unblock_request& v) {
  return read_username(o, v.username);
}
void write_fields(json_object& o, const unblock_request& v) {
  put(o, "username", v.username);
}

status read_fields(const json_object&, ping_request&) {
  return ok;
}
void write_fields(json_object&, const ping_request&) {}

}  // namespace natter::protocol
