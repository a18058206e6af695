#pragma once
// The "type" of every request and event on the wire: the one place that
// spells them. Encoders, decoders and type_name() all read these.

#include <string_view>

#include "protocol/frames.hpp"

namespace natter::protocol {

// Empty for types that are not tagged frames; variant_codec.hpp checks that
// every alternative of a tagged variant has a name.
template <class T>
inline constexpr std::string_view wire_name_v{};

// Requests.
template <>
inline constexpr std::string_view wire_name_v<auth_request> = "auth";
template <>
inline constexpr std::string_view wire_name_v<send_request> = "message.send";
template <>
inline constexpr std::string_view wire_name_v<edit_request> = "message.edit";
template <>
inline constexpr std::string_view wire_name_v<delete_request> = "message.delete";
template <>
inline constexpr std::string_view wire_name_v<history_request> = "history";
template <>
inline constexpr std::string_view wire_name_v<sync_request> = "sync";
template <>
inline constexpr std::string_view wire_name_v<receipt_delivered_request> = "receipt.delivered";
template <>
inline constexpr std::string_view wire_name_v<receipt_read_request> = "receipt.read";
template <>
inline constexpr std::string_view wire_name_v<typing_request> = "typing";
template <>
inline constexpr std::string_view wire_name_v<presence_set_request> = "presence.set";
template <>
inline constexpr std::string_view wire_name_v<conversations_list_request> = "conversations.list";
template <>
inline constexpr std::string_view wire_name_v<group_create_request> = "group.create";
template <>
inline constexpr std::string_view wire_name_v<group_add_request> = "group.add";
template <>
inline constexpr std::string_view wire_name_v<group_remove_request> = "group.remove";
template <>
inline constexpr std::string_view wire_name_v<group_role_request> = "group.role";
template <>
inline constexpr std::string_view wire_name_v<group_rename_request> = "group.rename";
template <>
inline constexpr std::string_view wire_name_v<group_update_request> = "group.update";
template <>
inline constexpr std::string_view wire_name_v<group_leave_request> = "group.leave";
template <>
inline constexpr std::string_view wire_name_v<room_list_request> = "room.list";
template <>
inline constexpr std::string_view wire_name_v<room_create_request> = "room.create";
template <>
inline constexpr std::string_view wire_name_v<room_join_request> = "room.join";
template <>
inline constexpr std::string_view wire_name_v<room_leave_request> = "room.leave";
// --- room moderation ---
template <>
inline constexpr std::string_view wire_name_v<room_kick_request> = "room.kick";
template <>
inline constexpr std::string_view wire_name_v<room_ban_request> = "room.ban";
template <>
inline constexpr std::string_view wire_name_v<room_unban_request> = "room.unban";
template <>
inline constexpr std::string_view wire_name_v<room_mute_request> = "room.mute";
template <>
inline constexpr std::string_view wire_name_v<room_unmute_request> = "room.unmute";
template <>
inline constexpr std::string_view wire_name_v<room_topic_request> = "room.topic";
// --- end room moderation ---
template <>
inline constexpr std::string_view wire_name_v<contact_add_request> = "contact.add";
template <>
inline constexpr std::string_view wire_name_v<contact_remove_request> = "contact.remove";
template <>
inline constexpr std::string_view wire_name_v<contact_list_request> = "contact.list";
template <>
inline constexpr std::string_view wire_name_v<request_accept_request> = "request.accept";
template <>
inline constexpr std::string_view wire_name_v<request_decline_request> = "request.decline";
template <>
inline constexpr std::string_view wire_name_v<block_request> = "block";
template <>
inline constexpr std::string_view wire_name_v<unblock_request> = "unblock";
template <>
inline constexpr std::string_view wire_name_v<ping_request> = "ping";
template <>
inline constexpr std::string_view wire_name_v<react_request> = "message.react";
template <>
inline constexpr std::string_view wire_name_v<unreact_request> = "message.unreact";
template <>
inline constexpr std::string_view wire_name_v<pin_request> = "message.pin";
template <>
inline constexpr std::string_view wire_name_v<unpin_request> = "message.unpin";
template <>
inline constexpr std::string_view wire_name_v<pins_list_request> = "pins.list";
template <>
inline constexpr std::string_view wire_name_v<forward_request> = "message.forward";
template <>
inline constexpr std::string_view wire_name_v<thread_history_request> = "thread.history";
template <>
inline constexpr std::string_view wire_name_v<thread_read_request> = "thread.read";
template <>
inline constexpr std::string_view wire_name_v<keys_upload_request> = "keys.upload";
template <>
inline constexpr std::string_view wire_name_v<keys_signing_key_request> = "keys.signing_key";
template <>
inline constexpr std::string_view wire_name_v<keys_sign_list_request> = "keys.sign_list";
template <>
inline constexpr std::string_view wire_name_v<keys_query_request> = "keys.query";
template <>
inline constexpr std::string_view wire_name_v<keys_claim_request> = "keys.claim";
template <>
inline constexpr std::string_view wire_name_v<to_device_send_request> = "to_device.send";
template <>
inline constexpr std::string_view wire_name_v<to_device_list_request> = "to_device.list";
template <>
inline constexpr std::string_view wire_name_v<to_device_ack_request> = "to_device.ack";
template <>
inline constexpr std::string_view wire_name_v<keys_backup_create_request> = "keys.backup.create";
template <>
inline constexpr std::string_view wire_name_v<keys_backup_info_request> = "keys.backup.info";
template <>
inline constexpr std::string_view wire_name_v<keys_backup_delete_request> = "keys.backup.delete";
template <>
inline constexpr std::string_view wire_name_v<keys_backup_put_request> = "keys.backup.put";
template <>
inline constexpr std::string_view wire_name_v<keys_backup_get_request> = "keys.backup.get";
template <>
inline constexpr std::string_view wire_name_v<conversation_encrypt_request> = "conversation.encrypt";

// Events.
template <>
inline constexpr std::string_view wire_name_v<message_event> = "message";
template <>
inline constexpr std::string_view wire_name_v<message_edited_event> = "message.edited";
template <>
inline constexpr std::string_view wire_name_v<message_deleted_event> = "message.deleted";
template <>
inline constexpr std::string_view wire_name_v<member_joined_event> = "member.joined";
template <>
inline constexpr std::string_view wire_name_v<member_left_event> = "member.left";
template <>
inline constexpr std::string_view wire_name_v<conversation_updated_event> = "conversation.updated";
template <>
inline constexpr std::string_view wire_name_v<receipt_event> = "receipt";
template <>
inline constexpr std::string_view wire_name_v<typing_event> = "typing";
template <>
inline constexpr std::string_view wire_name_v<presence_event> = "presence";
template <>
inline constexpr std::string_view wire_name_v<request_event> = "request";
template <>
inline constexpr std::string_view wire_name_v<request_declined_event> = "request.declined";
template <>
inline constexpr std::string_view wire_name_v<request_accepted_event> = "request.accepted";
template <>
inline constexpr std::string_view wire_name_v<token_expiring_event> = "token.expiring";
template <>
inline constexpr std::string_view wire_name_v<group_invited_event> = "group.invited";
template <>
inline constexpr std::string_view wire_name_v<message_reaction_event> = "message.reaction";
template <>
inline constexpr std::string_view wire_name_v<message_pinned_event> = "message.pinned";
template <>
inline constexpr std::string_view wire_name_v<user_updated_event> = "user.updated";
template <>
inline constexpr std::string_view wire_name_v<devices_changed_event> = "devices.changed";
template <>
inline constexpr std::string_view wire_name_v<keys_low_event> = "keys.low";
template <>
inline constexpr std::string_view wire_name_v<to_device_event> = "to_device";

inline constexpr std::string_view hello_type = "hello";

}  // namespace natter::protocol
