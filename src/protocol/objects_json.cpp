// Shared objects: user summary, Message, Conversation, room and contact
// entries, and the hello frame.

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

status read_fields(const json_object& o, user_summary& v) {
  field_reader in(o);
  in.required("id", v.id).required("username", v.username).required("display_name", v.display_name);
  return std::move(in).finish();
}

void write_fields(json_object& o, const user_summary& v) {
  put(o, "id", v.id);
  put(o, "username", v.username);
  put(o, "display_name", v.display_name);
}

status read_fields(const json_object& o, thumbnail_size& v) {
  field_reader in(o);
  in.required("width", v.width).required("height", v.height);
  return std::move(in).finish();
}

void write_fields(json_object& o, const thumbnail_size& v) {
  put(o, "width", v.width);
  put(o, "height", v.height);
}

status read_fields(const json_object& o, media& v) {
  field_reader in(o);
  in.required("id", v.id)
      .required("kind", v.kind)
      .required("name", v.name)
      .required("mime", v.mime)
      .required("size", v.size)
      .optional("width", v.width)
      .optional("height", v.height)
      .optional("thumbnail", v.thumbnail)
      .optional("colour", v.colour);
  return std::move(in).finish();
}

void write_fields(json_object& o, const media& v) {
  o.reserve(o.size() + 9);
  put(o, "id", v.id);
  put(o, "kind", v.kind);
  put(o, "name", v.name);
  put(o, "mime", v.mime);
  put(o, "size", v.size);
  put_present(o, "width", v.width);
  put_present(o, "height", v.height);
  put_present(o, "thumbnail", v.thumbnail);
  put_present(o, "colour", v.colour);
}

status read_fields(const json_object& o, mention& v) {
  field_reader in(o);
  in.required("user_id", v.user_id).required("username", v.username);
  return std::move(in).finish();
}

void write_fields(json_object& o, const mention& v) {
  put(o, "user_id", v.user_id);
  put(o, "username", v.username);
}

status read_fields(const json_object& o, message& v) {
  field_reader in(o);
  in.required("id", v.id)
      .required("conversation_id", v.conversation)
      .required("seq", v.seq)
      .required("sender", v.sender)
      .defaulted("sender_id", v.sender_id)
      .required("text", v.text)
      .required("ts", v.ts)
      .required("client_msg_id", v.client_msg_id)
      .optional("reply_to", v.reply_to)
      .optional("edited_ts", v.edited_ts)
      .required("deleted", v.deleted)
      .defaulted("attachments", v.attachments)
      .defaulted("reactions", v.reactions)
      .optional("forwarded_from", v.forwarded_from)
      .optional("thread_id", v.thread_id)
      .optional("thread", v.thread)
      .defaulted("mentions", v.mentions)
      .defaulted("mentions_all", v.mentions_all)
      .optional("encrypted", v.encrypted);
  return std::move(in).finish();
}

void write_fields(json_object& o, const message& v) {
  o.reserve(o.size() + 17);
  put(o, "id", v.id);
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
  put(o, "sender", v.sender);
  put(o, "sender_id", v.sender_id);
  put(o, "text", v.text);
  put(o, "ts", v.ts);
  put(o, "client_msg_id", v.client_msg_id);
  put(o, "reply_to", v.reply_to);
  put(o, "edited_ts", v.edited_ts);
  put(o, "deleted", v.deleted);
  put(o, "attachments", v.attachments);
  if (!v.reactions.empty()) put(o, "reactions", v.reactions);
  put_present(o, "forwarded_from", v.forwarded_from);
  put_present(o, "thread_id", v.thread_id);
  put_present(o, "thread", v.thread);
  if (!v.mentions.empty()) put(o, "mentions", v.mentions);
  if (v.mentions_all) put(o, "mentions_all", v.mentions_all);
  put_present(o, "encrypted", v.encrypted);
}

status read_fields(const json_object& o, chat_request_state& v) {
  field_reader in(o);
  in.required("from", v.from).defaulted("from_id", v.from_id).required("state", v.state);
  return std::move(in).finish();
}

void write_fields(json_object& o, const chat_request_state& v) {
  put(o, "from", v.from);
  put(o, "from_id", v.from_id);
  put(o, "state", v.state);
}

status read_fields(const json_object& o, conversation& v) {
  field_reader in(o);
  in.required("conversation_id", v.id)
      .required("kind", v.kind)
      .required("name", v.name)
      .required("topic", v.topic)
      .optional("avatar", v.avatar)
      .required("members", v.members)
      .defaulted("member_ids", v.member_ids)
      .required("member_count", v.member_count)
      .required("role", v.role)
      .required("last_seq", v.last_seq)
      .required("read_seq", v.read_seq)
      .required("delivered_seq", v.delivered_seq)
      .required("unread", v.unread)
      .defaulted("unread_mentions", v.unread_mentions)
      .optional("last_message", v.last_message)
      .optional("request", v.request)
      .defaulted("encrypted", v.encrypted);
  return std::move(in).finish();
}

void write_fields(json_object& o, const conversation& v) {
  o.reserve(o.size() + 17);
  put(o, "conversation_id", v.id);
  put(o, "kind", v.kind);
  put(o, "name", v.name);
  put(o, "topic", v.topic);
  put(o, "avatar", v.avatar);
  put(o, "members", v.members);
  put(o, "member_ids", v.member_ids);
  put(o, "member_count", v.member_count);
  put(o, "role", v.role);
  put(o, "last_seq", v.last_seq);
  put(o, "read_seq", v.read_seq);
  put(o, "delivered_seq", v.delivered_seq);
  put(o, "unread", v.unread);
  put(o, "unread_mentions", v.unread_mentions);
  put(o, "last_message", v.last_message);
  put(o, "request", v.request);
  put(o, "encrypted", v.encrypted);
}

status read_fields(const json_object& o, room_summary& v) {
  field_reader in(o);
  in.required("name", v.name)
      .required("topic", v.topic)
      .required("members", v.members)
      .required("conversation_id", v.conversation);
  return std::move(in).finish();
}

void write_fields(json_object& o, const room_summary& v) {
  put(o, "name", v.name);
  put(o, "topic", v.topic);
  put(o, "members", v.members);
  put(o, "conversation_id", v.conversation);
}

status read_fields(const json_object& o, contact& v) {
  field_reader in(o);
  in.required("username", v.username)
      .defaulted("user_id", v.user_id)
      .required("display_name", v.display_name)
      .required("status", v.status)
      .required("last_seen", v.last_seen);
  return std::move(in).finish();
}

void write_fields(json_object& o, const contact& v) {
  put(o, "username", v.username);
  put(o, "user_id", v.user_id);
  put(o, "display_name", v.display_name);
  put(o, "status", v.status);
  put(o, "last_seen", v.last_seen);
}

// Limits a server leaves out keep their documented defaults, so a client can
// talk to a server that stopped announcing one.
status read_fields(const json_object& o, hello_limits& v) {
  field_reader in(o);
  in.defaulted("max_frame_bytes", v.max_frame_bytes)
      .defaulted("max_message_chars", v.max_message_chars)
      .defaulted("history_limit", v.history_limit)
      .defaulted("sync_limit", v.sync_limit)
      .defaulted("auth_timeout_ms", v.auth_timeout_ms)
      .defaulted("typing_ttl_ms", v.typing_ttl_ms)
      .defaulted("outbound_queue_frames", v.outbound_queue_frames)
      .defaulted("outbound_queue_bytes", v.outbound_queue_bytes)
      .defaulted("max_reply_bytes", v.max_reply_bytes);
  return std::move(in).finish();
}

void write_fields(json_object& o, const hello_limits& v) {
  o.reserve(9);
  put(o, "max_frame_bytes", v.max_frame_bytes);
  put(o, "max_message_chars", v.max_message_chars);
  put(o, "history_limit", v.history_limit);
  put(o, "sync_limit", v.sync_limit);
  put(o, "auth_timeout_ms", v.auth_timeout_ms);
  put(o, "typing_ttl_ms", v.typing_ttl_ms);
  put(o, "outbound_queue_frames", v.outbound_queue_frames);
  put(o, "outbound_queue_bytes", v.outbound_queue_bytes);
  put(o, "max_reply_bytes", v.max_reply_bytes);
}

status read_fields(const json_object& o, hello& v) {
  field_reader in(o);
  in.required("protocol", v.protocol).required("server", v.server).required("limits", v.limits);
  return std::move(in).finish();
}

void write_fields(json_object& o, const hello& v) {
  put(o, "protocol", v.protocol);
  put(o, "server", v.server);
  put(o, "limits", v.limits);
}

}  // namespace natter::protocol
