#pragma once
// The fields of every frame struct as JSON members, both ways. A struct's
// read_fields reads the members it owns and ignores the rest (including
// "type", which the tagged-variant code handles); write_fields appends its
// members to an object. Wire names follow docs/protocol.md part 2.
//
// Errors (read_fields): bad_request naming the wire field; validation_failed
// for the few values the codec bounds (history limit, client_msg_id length,
// group.create member count).

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include "common/result.hpp"
#include "protocol/frames.hpp"

namespace natter::protocol {

using json_object = boost::json::object;

// Reactions, pins and forwards (reactions_json.cpp).
status read_fields(const json_object& o, mention& v);  // objects_json.cpp
status read_fields(const json_object& o, reactor& v);
status read_fields(const json_object& o, reaction& v);
status read_fields(const json_object& o, forwarded_origin& v);
status read_fields(const json_object& o, message_reaction_event& v);
status read_fields(const json_object& o, message_pinned_event& v);
status read_fields(const json_object& o, react_request& v);
status read_fields(const json_object& o, unreact_request& v);
status read_fields(const json_object& o, pin_request& v);
status read_fields(const json_object& o, unpin_request& v);
status read_fields(const json_object& o, pins_list_request& v);
status read_fields(const json_object& o, forward_request& v);
status read_fields(const json_object& o, pinned_message& v);
status read_fields(const json_object& o, pins_reply& v);
void write_fields(json_object& o, const mention& v);  // objects_json.cpp
void write_fields(json_object& o, const reactor& v);
void write_fields(json_object& o, const reaction& v);
void write_fields(json_object& o, const forwarded_origin& v);
void write_fields(json_object& o, const message_reaction_event& v);
void write_fields(json_object& o, const message_pinned_event& v);
void write_fields(json_object& o, const react_request& v);
void write_fields(json_object& o, const unreact_request& v);
void write_fields(json_object& o, const pin_request& v);
void write_fields(json_object& o, const unpin_request& v);
void write_fields(json_object& o, const pins_list_request& v);
void write_fields(json_object& o, const forward_request& v);
void write_fields(json_object& o, const pinned_message& v);
void write_fields(json_object& o, const pins_reply& v);

// End-to-end encryption keys (keys_json.cpp).
status read_fields(const json_object& o, device_key& v);
status read_fields(const json_object& o, keys_upload_request& v);
status read_fields(const json_object& o, keys_signing_key_request& v);
status read_fields(const json_object& o, keys_sign_list_request& v);
status read_fields(const json_object& o, keys_query_request& v);
status read_fields(const json_object& o, device_ref& v);
status read_fields(const json_object& o, keys_claim_request& v);
status read_fields(const json_object& o, devices_changed_event& v);
status read_fields(const json_object& o, keys_low_event& v);
status read_fields(const json_object& o, keys_upload_reply& v);
status read_fields(const json_object& o, keys_version_reply& v);
status read_fields(const json_object& o, device_info& v);
status read_fields(const json_object& o, signed_device& v);
status read_fields(const json_object& o, signed_device_list& v);
status read_fields(const json_object& o, user_keys& v);
status read_fields(const json_object& o, keys_query_reply& v);
status read_fields(const json_object& o, claimed_key& v);
status read_fields(const json_object& o, keys_claim_reply& v);
// Device-to-device messages (to_device_json.cpp).
status read_fields(const json_object& o, to_device_message& v);
status read_fields(const json_object& o, to_device_send_request& v);
status read_fields(const json_object& o, to_device_list_request& v);
status read_fields(const json_object& o, to_device_ack_request& v);
status read_fields(const json_object& o, to_device_event& v);
status read_fields(const json_object& o, to_device_send_reply& v);
status read_fields(const json_object& o, to_device_list_reply& v);
void write_fields(json_object& o, const to_device_message& v);
void write_fields(json_object& o, const to_device_send_request& v);
void write_fields(json_object& o, const to_device_list_request& v);
void write_fields(json_object& o, const to_device_ack_request& v);
void write_fields(json_object& o, const to_device_event& v);
void write_fields(json_object& o, const to_device_send_reply& v);
void write_fields(json_object& o, const to_device_list_reply& v);
// Key backup (key_backup_json.cpp).
status read_fields(const json_object& o, backup_entry& v);
status read_fields(const json_object& o, keys_backup_create_request& v);
status read_fields(const json_object& o, keys_backup_info_request& v);
status read_fields(const json_object& o, keys_backup_delete_request& v);
status read_fields(const json_object& o, keys_backup_put_request& v);
status read_fields(const json_object& o, keys_backup_get_request& v);
status read_fields(const json_object& o, keys_backup_create_reply& v);
status read_fields(const json_object& o, keys_backup_info_reply& v);
status read_fields(const json_object& o, keys_backup_put_reply& v);
status read_fields(const json_object& o, keys_backup_get_reply& v);
void write_fields(json_object& o, const backup_entry& v);
void write_fields(json_object& o, const keys_backup_create_request& v);
void write_fields(json_object& o, const keys_backup_info_request& v);
void write_fields(json_object& o, const keys_backup_delete_request& v);
void write_fields(json_object& o, const keys_backup_put_request& v);
void write_fields(json_object& o, const keys_backup_get_request& v);
void write_fields(json_object& o, const keys_backup_create_reply& v);
void write_fields(json_object& o, const keys_backup_info_reply& v);
void write_fields(json_object& o, const keys_backup_put_reply& v);
void write_fields(json_object& o, const keys_backup_get_reply& v);
void write_fields(json_object& o, const device_key& v);
void write_fields(json_object& o, const keys_upload_request& v);
void write_fields(json_object& o, const keys_signing_key_request& v);
void write_fields(json_object& o, const keys_sign_list_request& v);
void write_fields(json_object& o, const keys_query_request& v);
void write_fields(json_object& o, const device_ref& v);
void write_fields(json_object& o, const keys_claim_request& v);
void write_fields(json_object& o, const devices_changed_event& v);
void write_fields(json_object& o, const keys_low_event& v);
void write_fields(json_object& o, const keys_upload_reply& v);
void write_fields(json_object& o, const keys_version_reply& v);
void write_fields(json_object& o, const device_info& v);
void write_fields(json_object& o, const signed_device& v);
void write_fields(json_object& o, const signed_device_list& v);
void write_fields(json_object& o, const user_keys& v);
void write_fields(json_object& o, const keys_query_reply& v);
void write_fields(json_object& o, const claimed_key& v);
void write_fields(json_object& o, const keys_claim_reply& v);

// Threads (threads_json.cpp).
status read_fields(const json_object& o, thread_info& v);
status read_fields(const json_object& o, thread_history_request& v);
status read_fields(const json_object& o, thread_read_request& v);
status read_fields(const json_object& o, thread_reply& v);
void write_fields(json_object& o, const thread_info& v);
void write_fields(json_object& o, const thread_history_request& v);
void write_fields(json_object& o, const thread_read_request& v);
void write_fields(json_object& o, const thread_reply& v);

// Shared objects (objects_json.cpp).
status read_fields(const json_object& o, user_summary& v);
status read_fields(const json_object& o, thumbnail_size& v);
status read_fields(const json_object& o, media& v);
status read_fields(const json_object& o, message& v);
status read_fields(const json_object& o, chat_request_state& v);
status read_fields(const json_object& o, conversation& v);
status read_fields(const json_object& o, room_summary& v);
status read_fields(const json_object& o, contact& v);
status read_fields(const json_object& o, hello_limits& v);
status read_fields(const json_object& o, hello& v);
void write_fields(json_object& o, const user_summary& v);
void write_fields(json_object& o, const thumbnail_size& v);
void write_fields(json_object& o, const media& v);
void write_fields(json_object& o, const message& v);
void write_fields(json_object& o, const chat_request_state& v);
void write_fields(json_object& o, const conversation& v);
void write_fields(json_object& o, const room_summary& v);
void write_fields(json_object& o, const contact& v);
void write_fields(json_object& o, const hello_limits& v);
void write_fields(json_object& o, const hello& v);

// Events (events_json.cpp). receipt_event and presence_event also appear
// untagged in the sync reply, which is why "type" is not theirs to write.
status read_fields(const json_object& o, message_event& v);
status read_fields(const json_object& o, message_edited_event& v);
status read_fields(const json_object& o, message_deleted_event& v);
status read_fields(const json_object& o, member_joined_event& v);
status read_fields(const json_object& o, member_left_event& v);
status read_fields(const json_object& o, conversation_updated_event& v);
status read_fields(const json_object& o, receipt_event& v);
status read_fields(const json_object& o, typing_event& v);
status read_fields(const json_object& o, presence_event& v);
status read_fields(const json_object& o, request_event& v);
status read_fields(const json_object& o, request_declined_event& v);
status read_fields(const json_object& o, request_accepted_event& v);
status read_fields(const json_object& o, token_expiring_event& v);
status read_fields(const json_object& o, group_invited_event& v);
status read_fields(const json_object& o, user_updated_event& v);
void write_fields(json_object& o, const message_event& v);
void write_fields(json_object& o, const message_edited_event& v);
void write_fields(json_object& o, const message_deleted_event& v);
void write_fields(json_object& o, const member_joined_event& v);
void write_fields(json_object& o, const member_left_event& v);
void write_fields(json_object& o, const conversation_updated_event& v);
void write_fields(json_object& o, const receipt_event& v);
void write_fields(json_object& o, const typing_event& v);
void write_fields(json_object& o, const presence_event& v);
void write_fields(json_object& o, const request_event& v);
void write_fields(json_object& o, const request_declined_event& v);
void write_fields(json_object& o, const request_accepted_event& v);
void write_fields(json_object& o, const token_expiring_event& v);
void write_fields(json_object& o, const group_invited_event& v);
void write_fields(json_object& o, const user_updated_event& v);

// Log events inside history and sync replies: tagged objects.
status read_value(const boost::json::value& v, log_event& out);
boost::json::value to_json(const log_event& e, const boost::json::storage_ptr& sp);

// Requests (requests_json.cpp).
status read_fields(const json_object& o, auth_request& v);
status read_fields(const json_object& o, send_request& v);
status read_fields(const json_object& o, edit_request& v);
status read_fields(const json_object& o, delete_request& v);
status read_fields(const json_object& o, history_request& v);
status read_fields(const json_object& o, sync_request& v);
status read_fields(const json_object& o, receipt_delivered_request& v);
status read_fields(const json_object& o, receipt_read_request& v);
status read_fields(const json_object& o, typing_request& v);
status read_fields(const json_object& o, presence_set_request& v);
status read_fields(const json_object& o, conversations_list_request& v);
status read_fields(const json_object& o, group_create_request& v);
status read_fields(const json_object& o, group_add_request& v);
status read_fields(const json_object& o, group_remove_request& v);
status read_fields(const json_object& o, group_role_request& v);
status read_fields(const json_object& o, group_rename_request& v);
status read_fields(const json_object& o, group_update_request& v);
status read_fields(const json_object& o, group_leave_request& v);
status read_fields(const json_object& o, room_list_request& v);
status read_fields(const json_object& o, room_create_request& v);
status read_fields(const json_object& o, room_join_request& v);
status read_fields(const json_object& o, room_leave_request& v);
status read_fields(const json_object& o, contact_add_request& v);
status read_fields(const json_object& o, contact_remove_request& v);
status read_fields(const json_object& o, contact_list_request& v);
status read_fields(const json_object& o, request_accept_request& v);
status read_fields(const json_object& o, request_decline_request& v);
status read_fields(const json_object& o, block_request& v);
status read_fields(const json_object& o, unblock_request& v);
status read_fields(const json_object& o, ping_request& v);
void write_fields(json_object& o, const auth_request& v);
void write_fields(json_object& o, const send_request& v);
void write_fields(json_object& o, const edit_request& v);
void write_fields(json_object& o, const delete_request& v);
void write_fields(json_object& o, const history_request& v);
void write_fields(json_object& o, const sync_request& v);
void write_fields(json_object& o, const receipt_delivered_request& v);
void write_fields(json_object& o, const receipt_read_request& v);
void write_fields(json_object& o, const typing_request& v);
void write_fields(json_object& o, const presence_set_request& v);
void write_fields(json_object& o, const conversations_list_request& v);
void write_fields(json_object& o, const group_create_request& v);
void write_fields(json_object& o, const group_add_request& v);
void write_fields(json_object& o, const group_remove_request& v);
void write_fields(json_object& o, const group_role_request& v);
void write_fields(json_object& o, const group_rename_request& v);
void write_fields(json_object& o, const group_update_request& v);
void write_fields(json_object& o, const group_leave_request& v);
void write_fields(json_object& o, const room_list_request& v);
void write_fields(json_object& o, const room_create_request& v);
void write_fields(json_object& o, const room_join_request& v);
void write_fields(json_object& o, const room_leave_request& v);
void write_fields(json_object& o, const contact_add_request& v);
void write_fields(json_object& o, const contact_remove_request& v);
void write_fields(json_object& o, const contact_list_request& v);
void write_fields(json_object& o, const request_accept_request& v);
void write_fields(json_object& o, const request_decline_request& v);
void write_fields(json_object& o, const block_request& v);
void write_fields(json_object& o, const unblock_request& v);
void write_fields(json_object& o, const ping_request& v);

// --- room moderation (moderation_requests_json.cpp) ---
status read_room_moderation(const json_object& o, conversation_id& conversation, std::string& username,
                            std::string& reason);
void write_room_moderation(json_object& o, conversation_id conversation, const std::string& username,
                           const std::string& reason);
template <room_action A>
status read_fields(const json_object& o, room_moderation_request<A>& v) {
  return read_room_moderation(o, v.conversation, v.username, v.reason);
}
template <room_action A>
void write_fields(json_object& o, const room_moderation_request<A>& v) {
  write_room_moderation(o, v.conversation, v.username, v.reason);
}
status read_fields(const json_object& o, room_topic_request& v);
void write_fields(json_object& o, const room_topic_request& v);
// End-to-end encryption: messages (envelope_json.cpp). An envelope reads
// from any JSON object (bad_request otherwise) and writes back as that
// object; check_envelope is what a client's envelope must also pass.
status read_value(const boost::json::value& v, envelope& out);
boost::json::value to_json(const envelope& v, const boost::json::storage_ptr& sp);
// Errors: validation_failed, field "encrypted", saying what is wrong.
status check_envelope(const boost::json::value& v);
// Standard base64, padded or not (libolm writes it unpadded); not empty: an
// envelope's ciphertexts, and a key backup's sealed entries.
bool is_base64(std::string_view s) noexcept;
status read_fields(const json_object& o, conversation_encrypt_request& v);
void write_fields(json_object& o, const conversation_encrypt_request& v);
// --- end room moderation ---

// Reply bodies, the members after "re" and "ok" (replies_json.cpp).
status read_fields(const json_object& o, empty_reply& v);
status read_fields(const json_object& o, auth_reply& v);
status read_fields(const json_object& o, message_reply& v);
status read_fields(const json_object& o, history_reply& v);
status read_fields(const json_object& o, sync_conversation& v);
status read_fields(const json_object& o, sync_reply& v);
status read_fields(const json_object& o, read_reply& v);
status read_fields(const json_object& o, conversations_reply& v);
status read_fields(const json_object& o, conversation_reply& v);
status read_fields(const json_object& o, group_create_reply& v);
status read_fields(const json_object& o, group_add_reply& v);
status read_fields(const json_object& o, rooms_reply& v);
status read_fields(const json_object& o, contacts_reply& v);
void write_fields(json_object& o, const empty_reply& v);
void write_fields(json_object& o, const auth_reply& v);
void write_fields(json_object& o, const message_reply& v);
void write_fields(json_object& o, const history_reply& v);
void write_fields(json_object& o, const sync_conversation& v);
void write_fields(json_object& o, const sync_reply& v);
void write_fields(json_object& o, const read_reply& v);
void write_fields(json_object& o, const conversations_reply& v);
void write_fields(json_object& o, const conversation_reply& v);
void write_fields(json_object& o, const group_create_reply& v);
void write_fields(json_object& o, const group_add_reply& v);
void write_fields(json_object& o, const rooms_reply& v);
void write_fields(json_object& o, const contacts_reply& v);

}  // namespace natter::protocol
