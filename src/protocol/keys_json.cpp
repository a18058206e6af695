// End-to-end encryption keys (docs/protocol.md, "End-to-end encryption:
// keys"): keys.upload, keys.signing_key, keys.sign_list, keys.query and
// keys.claim, their replies, and the devices.changed and keys.low events.
// The codec reads shapes only; core::e2ee_keys checks values and caps.

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

status read_fields(const json_object& o, device_key& v) {
  field_reader in(o);
  in.required("key_id", v.key_id).required("curve25519", v.curve25519).required("signature", v.signature);
  return std::move(in).finish();
}

void write_fields(json_object& o, const device_key& v) {
  put(o, "key_id", v.key_id);
  put(o, "curve25519", v.curve25519);
  put(o, "signature", v.signature);
}

status read_fields(const json_object& o, keys_upload_request& v) {
  field_reader in(o);
  in.required("device_id", v.device_id)
      .required("curve25519", v.curve25519)
      .required("ed25519", v.ed25519)
      .required("signature", v.signature)
      .optional("display_name", v.display_name)
      .defaulted("one_time_keys", v.one_time_keys)
      .optional("fallback_key", v.fallback_key);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_upload_request& v) {
  put(o, "device_id", v.device_id);
  put(o, "curve25519", v.curve25519);
  put(o, "ed25519", v.ed25519);
  put(o, "signature", v.signature);
  put_present(o, "display_name", v.display_name);
  put(o, "one_time_keys", v.one_time_keys);
  put_present(o, "fallback_key", v.fallback_key);
}

status read_fields(const json_object& o, keys_signing_key_request& v) {
  field_reader in(o);
  in.required("ed25519", v.ed25519).required("signature", v.signature).defaulted("replace", v.replace);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_signing_key_request& v) {
  put(o, "ed25519", v.ed25519);
  put(o, "signature", v.signature);
  put(o, "replace", v.replace);
}

status read_fields(const json_object& o, keys_sign_list_request& v) {
  field_reader in(o);
  in.required("version", v.version).required("signature", v.signature);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_sign_list_request& v) {
  put(o, "version", v.version);
  put(o, "signature", v.signature);
}

status read_fields(const json_object& o, keys_query_request& v) {
  field_reader in(o);
  in.required("user_ids", v.user_ids);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_query_request& v) {
  put(o, "user_ids", v.user_ids);
}

status read_fields(const json_object& o, device_ref& v) {
  field_reader in(o);
  in.required("user_id", v.user_id).required("device_id", v.device_id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const device_ref& v) {
  put(o, "user_id", v.user_id);
  put(o, "device_id", v.device_id);
}

status read_fields(const json_object& o, keys_claim_request& v) {
  field_reader in(o);
  in.required("devices", v.devices);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_claim_request& v) {
  put(o, "devices", v.devices);
}

status read_fields(const json_object& o, devices_changed_event& v) {
  field_reader in(o);
  in.required("user_id", v.user_id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const devices_changed_event& v) {
  put(o, "user_id", v.user_id);
}

status read_fields(const json_object& o, keys_low_event& v) {
  field_reader in(o);
  in.required("device_id", v.device_id).required("one_time_key_count", v.one_time_key_count);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_low_event& v) {
  put(o, "device_id", v.device_id);
  put(o, "one_time_key_count", v.one_time_key_count);
}

status read_fields(const json_object& o, keys_upload_reply& v) {
  field_reader in(o);
  in.required("one_time_key_count", v.one_time_key_count).required("list_version", v.list_version);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_upload_reply& v) {
  put(o, "one_time_key_count", v.one_time_key_count);
  put(o, "list_version", v.list_version);
}

status read_fields(const json_object& o, keys_version_reply& v) {
  field_reader in(o);
  in.required("list_version", v.list_version);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_version_reply& v) {
  put(o, "list_version", v.list_version);
}

status read_fields(const json_object& o, device_info& v) {
  field_reader in(o);
  in.required("device_id", v.device_id)
      .required("curve25519", v.curve25519)
      .required("ed25519", v.ed25519)
      .required("signature", v.signature)
      .required("display_name", v.display_name)
      .required("created_at", v.created_at);
  return std::move(in).finish();
}

void write_fields(json_object& o, const device_info& v) {
  put(o, "device_id", v.device_id);
  put(o, "curve25519", v.curve25519);
  put(o, "ed25519", v.ed25519);
  put(o, "signature", v.signature);
  put(o, "display_name", v.display_name);
  put(o, "created_at", v.created_at);
}

status read_fields(const json_object& o, signed_device& v) {
  field_reader in(o);
  in.required("device_id", v.device_id).required("ed25519", v.ed25519);
  return std::move(in).finish();
}

void write_fields(json_object& o, const signed_device& v) {
  put(o, "device_id", v.device_id);
  put(o, "ed25519", v.ed25519);
}

status read_fields(const json_object& o, signed_device_list& v) {
  field_reader in(o);
  in.required("version", v.version).required("signature", v.signature).required("devices", v.devices);
  return std::move(in).finish();
}

void write_fields(json_object& o, const signed_device_list& v) {
  put(o, "version", v.version);
  put(o, "signature", v.signature);
  put(o, "devices", v.devices);
}

status read_fields(const json_object& o, user_keys& v) {
  field_reader in(o);
  in.required("user_id", v.user_id)
      .optional("signing_key", v.signing_key)
      .required("list_version", v.list_version)
      .required("devices", v.devices)
      .optional("signed_list", v.signed_list);
  return std::move(in).finish();
}

void write_fields(json_object& o, const user_keys& v) {
  put(o, "user_id", v.user_id);
  put(o, "signing_key", v.signing_key);
  put(o, "list_version", v.list_version);
  put(o, "devices", v.devices);
  put(o, "signed_list", v.signed_list);
}

status read_fields(const json_object& o, keys_query_reply& v) {
  field_reader in(o);
  in.required("users", v.users);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_query_reply& v) {
  put(o, "users", v.users);
}

status read_fields(const json_object& o, claimed_key& v) {
  field_reader in(o);
  in.required("user_id", v.user_id)
      .required("device_id", v.device_id)
      .required("key_id", v.key_id)
      .required("curve25519", v.curve25519)
      .required("signature", v.signature)
      .required("fallback", v.fallback);
  return std::move(in).finish();
}

void write_fields(json_object& o, const claimed_key& v) {
  put(o, "user_id", v.user_id);
  put(o, "device_id", v.device_id);
  put(o, "key_id", v.key_id);
  put(o, "curve25519", v.curve25519);
  put(o, "signature", v.signature);
  put(o, "fallback", v.fallback);
}

status read_fields(const json_object& o, keys_claim_reply& v) {
  field_reader in(o);
  in.required("keys", v.keys);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_claim_reply& v) {
  put(o, "keys", v.keys);
}

}  // namespace natter::protocol
