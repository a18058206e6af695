// Device-to-device messages (docs/protocol.md, "End-to-end encryption:
// device messages"): to_device.send, .list and .ack, their replies and the
// to_device event. An envelope travels as a JSON object and is kept as its
// compact text; the codec checks only that it is an object (core checks its
// shape, and nobody but the recipient device can read it).

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

namespace {

// An olm.v1 envelope: {"v": 1, "alg": "olm.v1", "sender_device", "ciphertexts": {...}}.
bool is_olm_envelope(const boost::json::object& e) {
  const auto* v = e.if_contains("v");
  const auto* alg = e.if_contains("alg");
  const auto* sender = e.if_contains("sender_device");
  const auto* ciphertexts = e.if_contains("ciphertexts");
  return v != nullptr && v->is_int64() && v->get_int64() == 1 && alg != nullptr && alg->is_string() &&
         alg->get_string() == "olm.v1" && sender != nullptr && sender->is_string() && ciphertexts != nullptr &&
         ciphertexts->is_object() && !ciphertexts->get_object().empty();
}

void read_envelope(field_reader& in, std::string& out) {
  const auto* v = in.present("envelope");
  if (v == nullptr) return in.fail(error(errc::bad_request, "envelope is required.", "envelope"));
  if (!v->is_object()) return in.fail(error(errc::bad_request, "envelope is an object.", "envelope"));
  if (!is_olm_envelope(v->get_object())) {
    return in.fail(error(errc::validation_failed, "A device message is an olm.v1 envelope.", "envelope"));
  }
  out = boost::json::serialize(*v);
}

void put_envelope(json_object& o, const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec, o.storage());
  o.emplace("envelope", ec ? boost::json::value(nullptr, o.storage()) : std::move(v));
}

}  // namespace

status read_fields(const json_object& o, to_device_message& v) {
  field_reader in(o);
  in.required("user_id", v.user_id).required("device_id", v.device_id);
  read_envelope(in, v.envelope);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_message& v) {
  put(o, "user_id", v.user_id);
  put(o, "device_id", v.device_id);
  put_envelope(o, v.envelope);
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
  read_envelope(in, v.envelope);
  return std::move(in).finish();
}

void write_fields(json_object& o, const to_device_event& v) {
  put(o, "id", v.id);
  put(o, "device_id", v.device_id);
  put(o, "sender", v.sender);
  put(o, "sender_device", v.sender_device);
  put_envelope(o, v.envelope);
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
