// Client side: sorting incoming frames into hello, replies and events, and
// decoding reply bodies once the client knows what it asked for.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "protocol/codec.hpp"
#include "protocol/frame_json.hpp"
#include "protocol/json_arena.hpp"
#include "protocol/json_read.hpp"
#include "protocol/variant_codec.hpp"

namespace natter::protocol {
namespace {

// A code this client does not know (a newer server) becomes internal; the
// server's message still says what happened.
errc code_from_wire(std::string_view code) noexcept {
  for (int i = 0; i <= static_cast<int>(errc::internal); ++i) {
    const auto candidate = static_cast<errc>(i);
    if (info(candidate).code == code) return candidate;
  }
  return errc::internal;
}

status read_error(const boost::json::value& v, error& out) {
  if (!v.is_object()) return error(errc::bad_request, "error must be an object.", "error");
  std::string code;
  std::optional<std::string> message;
  std::optional<std::string> field;
  std::optional<std::int64_t> retry_after;
  field_reader in(v.get_object());
  in.required("code", code).optional("message", message).optional("field", field).optional("retry_after", retry_after);
  if (auto s = std::move(in).finish(); !s) return s;
  out = error(code_from_wire(code), message.value_or(std::string()), field.value_or(std::string()));
  out.retry_after = std::chrono::seconds(retry_after.value_or(0));
  return ok;
}

// The reply's outcome: its error when it carries one, else ok once "ok" is
// true. A reply frame with neither is malformed.
status reply_outcome(const json_object& o, std::optional<error>& failure) {
  failure.reset();
  if (const auto* e = o.if_contains("error"); e && !e->is_null()) {
    if (auto s = read_error(*e, failure.emplace()); !s) return s;
    return ok;
  }
  const auto* flag = o.if_contains("ok");
  if (!flag || !flag->is_bool() || !flag->get_bool()) {
    return error(errc::bad_request, "A reply needs \"ok\":true or an error.", "ok");
  }
  return ok;
}

result<incoming> read_incoming_reply(const json_object& o, std::string_view frame) {
  incoming_reply out;
  const auto& re = o.at("re");
  if (re.is_string()) {
    out.id = std::string(re.get_string());
  } else if (!re.is_null()) {
    return error(errc::bad_request, "re must be a string or null.", "re");
  }
  if (auto s = reply_outcome(o, out.failure); !s) return std::move(s).err();
  out.json = frame;
  return incoming(std::in_place_type<incoming_reply>, std::move(out));
}

result<incoming> read_tagged_incoming(const json_object& o) {
  const auto* type = o.if_contains("type");
  if (!type || !type->is_string()) return error(errc::bad_request, "type must be a string.", "type");
  const std::string_view name = type->get_string();
  if (name == hello_type) {
    hello h;
    if (auto s = read_fields(o, h); !s) return std::move(s).err();
    return incoming(std::in_place_type<hello>, std::move(h));
  }
  const auto* decoder = find_decoder<event>(name);
  if (!decoder) return error(errc::bad_request, "type is not an event type.", "type");
  auto decoded = decoder->decode(o);
  if (!decoded) return std::move(decoded).err();
  return incoming(std::in_place_type<event>, std::move(*decoded));
}

struct reply_decoder {
  std::string_view request_type;
  result<reply> (*decode)(const json_object&);
};

template <class Reply>
result<reply> decode_reply_body(const json_object& o) {
  Reply body;
  if (auto s = read_fields(o, body); !s) return std::move(s).err();
  return reply(std::in_place_type<Reply>, std::move(body));
}

template <class Request, class Reply>
constexpr reply_decoder reply_of() {
  return {wire_name_v<Request>, &decode_reply_body<Reply>};
}

// Requests whose reply has a body (docs/protocol.md, "Requests", reply
// column); every other request's reply is empty_reply.
constexpr std::array reply_decoders{
    reply_of<auth_request, auth_reply>(),
    reply_of<send_request, message_reply>(),
    reply_of<edit_request, message_reply>(),
    reply_of<history_request, history_reply>(),
    reply_of<sync_request, sync_reply>(),
    reply_of<receipt_read_request, read_reply>(),
    reply_of<conversations_list_request, conversations_reply>(),
    reply_of<group_create_request, group_create_reply>(),
    reply_of<group_add_request, group_add_reply>(),
    reply_of<room_create_request, conversation_reply>(),
    reply_of<room_join_request, conversation_reply>(),
    reply_of<room_list_request, rooms_reply>(),
    reply_of<contact_list_request, contacts_reply>(),
    reply_of<forward_request, message_reply>(),
    reply_of<pins_list_request, pins_reply>(),
    reply_of<thread_history_request, thread_reply>(),
    reply_of<thread_read_request, read_reply>(),
    reply_of<keys_upload_request, keys_upload_reply>(),
    reply_of<keys_signing_key_request, keys_version_reply>(),
    reply_of<keys_query_request, keys_query_reply>(),
    reply_of<keys_claim_request, keys_claim_reply>(),
    reply_of<to_device_send_request, to_device_send_reply>(),
    reply_of<to_device_list_request, to_device_list_reply>(),
    reply_of<keys_backup_create_request, keys_backup_create_reply>(),
    reply_of<keys_backup_info_request, keys_backup_info_reply>(),
    reply_of<keys_backup_put_request, keys_backup_put_reply>(),
    reply_of<keys_backup_get_request, keys_backup_get_reply>(),
};

}  // namespace

result<incoming> decode_incoming(std::string_view frame) {
  json_arena arena;
  auto parsed = parse_object(frame, arena.storage());
  if (!parsed) return std::move(parsed).err();
  // Replies are told apart by "re": they carry no type.
  if (parsed->contains("re")) return read_incoming_reply(*parsed, frame);
  return read_tagged_incoming(*parsed);
}

result<reply> decode_reply(std::string_view frame, std::string_view request_type) {
  json_arena arena;
  auto parsed = parse_object(frame, arena.storage());
  if (!parsed) return std::move(parsed).err();
  std::optional<error> failure;
  if (auto s = reply_outcome(*parsed, failure); !s) return std::move(s).err();
  if (failure) return std::move(*failure);
  for (const auto& decoder : reply_decoders) {
    if (decoder.request_type == request_type) return decoder.decode(*parsed);
  }
  return reply(std::in_place_type<empty_reply>);
}

}  // namespace natter::protocol
