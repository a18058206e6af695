#pragma once
// reply_type_t<Request>: the reply body a request gets (docs/protocol.md,
// "Requests", reply column). Requests whose reply carries nothing but "ok"
// get protocol::empty_reply.

#include "protocol/frames.hpp"

namespace natter::client {

template <class Request>
struct reply_type {
  using type = protocol::empty_reply;
};

template <>
struct reply_type<protocol::auth_request> {
  using type = protocol::auth_reply;
};
template <>
struct reply_type<protocol::send_request> {
  using type = protocol::message_reply;
};
template <>
struct reply_type<protocol::edit_request> {
  using type = protocol::message_reply;
};
template <>
struct reply_type<protocol::history_request> {
  using type = protocol::history_reply;
};
template <>
struct reply_type<protocol::sync_request> {
  using type = protocol::sync_reply;
};
template <>
struct reply_type<protocol::receipt_read_request> {
  using type = protocol::read_reply;
};
template <>
struct reply_type<protocol::conversations_list_request> {
  using type = protocol::conversations_reply;
};
template <>
struct reply_type<protocol::group_create_request> {
  using type = protocol::group_create_reply;
};
template <>
struct reply_type<protocol::group_add_request> {
  using type = protocol::group_add_reply;
};
template <>
struct reply_type<protocol::room_create_request> {
  using type = protocol::conversation_reply;
};
template <>
struct reply_type<protocol::room_join_request> {
  using type = protocol::conversation_reply;
};
template <>
struct reply_type<protocol::room_list_request> {
  using type = protocol::rooms_reply;
};
template <>
struct reply_type<protocol::contact_list_request> {
  using type = protocol::contacts_reply;
};

template <class Request>
using reply_type_t = typename reply_type<Request>::type;

template <>
struct reply_type<protocol::forward_request> {
  using type = protocol::message_reply;
};
template <>
struct reply_type<protocol::pins_list_request> {
  using type = protocol::pins_reply;
};
template <>
struct reply_type<protocol::thread_history_request> {
  using type = protocol::thread_reply;
};
template <>
struct reply_type<protocol::thread_read_request> {
  using type = protocol::read_reply;
};

template <>
struct reply_type<protocol::keys_upload_request> {
  using type = protocol::keys_upload_reply;
};
template <>
struct reply_type<protocol::keys_signing_key_request> {
  using type = protocol::keys_version_reply;
};
template <>
struct reply_type<protocol::keys_query_request> {
  using type = protocol::keys_query_reply;
};
template <>
struct reply_type<protocol::keys_claim_request> {
  using type = protocol::keys_claim_reply;
};
template <>
struct reply_type<protocol::to_device_send_request> {
  using type = protocol::to_device_send_reply;
};
template <>
struct reply_type<protocol::to_device_list_request> {
  using type = protocol::to_device_list_reply;
};
template <>
struct reply_type<protocol::keys_backup_create_request> {
  using type = protocol::keys_backup_create_reply;
};
template <>
struct reply_type<protocol::keys_backup_info_request> {
  using type = protocol::keys_backup_info_reply;
};
template <>
struct reply_type<protocol::keys_backup_put_request> {
  using type = protocol::keys_backup_put_reply;
};
template <>
struct reply_type<protocol::keys_backup_get_request> {
  using type = protocol::keys_backup_get_reply;
};

}  // namespace natter::client
