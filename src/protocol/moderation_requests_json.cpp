// Request fields of room moderation (docs/protocol.md, "Room moderation").

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

status read_room_moderation(const json_object& o, conversation_id& conversation, std::string& username,
                            std::string& reason) {
  field_reader in(o);
  in.required("conversation_id", conversation).required("username", username).defaulted("reason", reason);
  return std::move(in).finish();
}

void write_room_moderation(json_object& o, conversation_id conversation, const std::string& username,
                           const std::string& reason) {
  put(o, "conversation_id", conversation);
  put(o, "username", username);
  if (!reason.empty()) put(o, "reason", reason);
}

status read_fields(const json_object& o, room_topic_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("topic", v.topic);
  return std::move(in).finish();
}

void write_fields(json_object& o, const room_topic_request& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "topic", v.topic);
}

}  // namespace natter::protocol
