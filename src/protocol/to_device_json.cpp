// Device-to-device messages (docs/protocol.md, "End-to-end encryption:
// device messages"): to_device.send, .list and .ack, their replies and the
// to_device event. An envelope travels as a JSON object (envelope_json.cpp
// checks its shape) and is kept as its compact text; nobody but the
// recipient device can read it.

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

namespace {

// The field "envelope": an olm.v1 envelope of the shape every envelope has
// (check_envelope), kept as its compact text.
void read_envelope(field_reader& in, envelope& out) {
  const auto* v = in.present("envelope");
  if (v == nullptr) return in.fail(error(errc::bad_request, "envelope is required.", "envelope"));
  if (!v->is_object()) return in.fail(error(errc::bad_request, "envelope is an object.", "envelope"));
  if (auto checked = check_envelope(*v); !checked) {
    auto e = std::move(checked).err();
    e.field = "envelope";
    return in.fail(std::move(e));
  }
  if (const auto* alg = v->get_object().if_contains("alg"); alg == nullptr || *alg != "olm.v1") {
    return in.fail(validation_error("envelope", "A device message is an olm.v1 envelope."));
  }
  static_cast<void>(read_value(*v, out));
}

}  // namespace

status read_fields(const json_object& o, to_device_message& v) {
  field_reader in(o);
  in.required("user_id", v.user_id).required("device_id", v.device_id);
  read_envelope(in, v.sealed);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_message& v) {
  put(o, "user_id", v.user_id);
  put(o, "device_id", v.device_id);
  put(o, "envelope", v.sealed);
}

status read_fields(const json_object& o, to_device_send_request& v) {
  field_reader in(o);
  in.required("messages", v.messages);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_send_request& v) {
  put(o, "messages", v.messages);
}

status read_fields(const json_object& o, to_device_list_request& v) {
  field_reader in(o);
  in.defaulted("after", v.after).defaulted("limit", v.limit);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_list_request& v) {
  put(o, "after", v.after);
  put(o, "limit", v.limit);
}

status read_fields(const json_object& o, to_device_ack_request& v) {
  field_reader in(o);
  in.required("up_to", v.up_to);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_ack_request& v) {
  put(o, "up_to", v.up_to);
}

status read_fields(const json_object& o, to_device_event& v) {
  field_reader in(o);
  in.required("id", v.id)
      .required("device_id", v.device_id)
      .required("sender", v.sender)
      .required("sender_device", v.sender_device);
  read_envelope(in, v.sealed);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_event& v) {
  put(o, "id", v.id);
  put(o, "device_id", v.device_id);
  put(o, "sender", v.sender);
  put(o, "sender_device", v.sender_device);
  put(o, "envelope", v.sealed);
}

status read_fields(const json_object& o, to_device_send_reply& v) {
  field_reader in(o);
  in.required("queued", v.queued).defaulted("missing", v.missing).defaulted("full", v.full);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_send_reply& v) {
  put(o, "queued", v.queued);
  put(o, "missing", v.missing);
  put(o, "full", v.full);
}

status read_fields(const json_object& o, to_device_list_reply& v) {
  field_reader in(o);
  in.required("messages", v.messages).required("has_more", v.has_more);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_list_reply& v) {
  put(o, "messages", v.messages);
  put(o, "has_more", v.has_more);
}

}  // namespace natter::protocol
