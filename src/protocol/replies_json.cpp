// Reply bodies (docs/protocol.md, "Requests", reply column, and the sync
// example): the members that follow "re" and "ok".

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

status read_fields(const json_object&, empty_reply&) {
  return ok;
}
void write_fields(json_object&, const empty_reply&) {}

status read_fields(const json_object& o, auth_reply& v) {
  field_reader in(o);
  in.required("user", v.user).required("expires_at", v.expires_at).defaulted("status", v.status);
  return std::move(in).finish();
}

void write_fields(json_object& o, const auth_reply& v) {
  put(o, "user", v.user);
  put(o, "expires_at", v.expires_at);
  put(o, "status", v.status);
}

status read_fields(const json_object& o, message_reply& v) {
  field_reader in(o);
  in.required("message", v.msg);
  return std::move(in).finish();
}

void write_fields(json_object& o, const message_reply& v) {
  put(o, "message", v.msg);
}

status read_fields(const json_object& o, history_reply& v) {
  field_reader in(o);
  in.required("events", v.events).required("has_more", v.has_more);
  return std::move(in).finish();
}

void write_fields(json_object& o, const history_reply& v) {
  put(o, "events", v.events);
  put(o, "has_more", v.has_more);
}

status read_fields(const json_object& o, sync_conversation& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .required("last_seq", v.last_seq)
      .required("has_more", v.has_more)
      .required("events", v.events);
  return std::move(in).finish();
}

void write_fields(json_object& o, const sync_conversation& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "last_seq", v.last_seq);
  put(o, "has_more", v.has_more);
  put(o, "events", v.events);
}

status read_fields(const json_object& o, sync_reply& v) {
  field_reader in(o);
  in.required("conversations", v.conversations)
      .required("receipts", v.receipts)
      .required("presence", v.presence)
      .defaulted("has_more", v.has_more);
  return std::move(in).finish();
}

// Receipts and presence are untagged here: the member they sit in says what
// they are.
void write_fields(json_object& o, const sync_reply& v) {
  put(o, "conversations", v.conversations);
  put(o, "receipts", v.receipts);
  put(o, "presence", v.presence);
  put(o, "has_more", v.has_more);
}

status read_fields(const json_object& o, read_reply& v) {
  field_reader in(o);
  in.required("unread", v.unread).defaulted("unread_mentions", v.unread_mentions);
  return std::move(in).finish();
}

void write_fields(json_object& o, const read_reply& v) {
  put(o, "unread", v.unread);
  put(o, "unread_mentions", v.unread_mentions);
}

status read_fields(const json_object& o, conversations_reply& v) {
  field_reader in(o);
  in.required("conversations", v.conversations);
  return std::move(in).finish();
}

void write_fields(json_object& o, const conversations_reply& v) {
  put(o, "conversations", v.conversations);
}

status read_fields(const json_object& o, conversation_reply& v) {
  field_reader in(o);
  in.required("conversation", v.conv);
  return std::move(in).finish();
}

void write_fields(json_object& o, const conversation_reply& v) {
  put(o, "conversation", v.conv);
}

status read_fields(const json_object& o, group_create_reply& v) {
  field_reader in(o);
  in.required("conversation", v.conv).required("invited", v.invited);
  return std::move(in).finish();
}

void write_fields(json_object& o, const group_create_reply& v) {
  put(o, "conversation", v.conv);
  put(o, "invited", v.invited);
}

status read_fields(const json_object& o, group_add_reply& v) {
  field_reader in(o);
  in.required("invited", v.invited);
  return std::move(in).finish();
}

void write_fields(json_object& o, const group_add_reply& v) {
  put(o, "invited", v.invited);
}

status read_fields(const json_object& o, rooms_reply& v) {
  field_reader in(o);
  in.required("rooms", v.rooms);
  return std::move(in).finish();
}

void write_fields(json_object& o, const rooms_reply& v) {
  put(o, "rooms", v.rooms);
}

status read_fields(const json_object& o, contacts_reply& v) {
  field_reader in(o);
  in.required("contacts", v.contacts);
  return std::move(in).finish();
}

void write_fields(json_object& o, const contacts_reply& v) {
  put(o, "contacts", v.contacts);
}

}  // namespace natter::protocol
