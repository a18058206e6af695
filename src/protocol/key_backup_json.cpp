// Key backup (docs/protocol.md, "End-to-end encryption: key backup"):
// keys.backup.create, .info, .delete, .put and .get, and their replies.
// auth_data travels as a JSON object and is kept as its compact text; the
// codec checks only that it is an object (core checks its size, and nobody
// but the user's clients can use it). An entry's data is a string here; core
// checks that it is base64 of a bounded size.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {

namespace {

void read_auth_data(field_reader& in, std::string& out) {
  const auto* v = in.present("auth_data");
  if (v == nullptr) return in.fail(error(errc::bad_request, "auth_data is required.", "auth_data"));
  if (!v->is_object()) return in.fail(error(errc::bad_request, "auth_data is an object.", "auth_data"));
  out = boost::json::serialize(*v);
}

void put_auth_data(json_object& o, const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec, o.storage());
  o.emplace("auth_data", ec ? boost::json::value(boost::json::object(o.storage())) : std::move(v));
}

}  // namespace

status read_fields(const json_object& o, backup_entry& v) {
  field_reader in(o);
  in.required("session_id", v.session_id).required("data", v.data);
  return std::move(in).finish();
}

void write_fields(json_object& o, const backup_entry& v) {
  put(o, "session_id", v.session_id);
  put(o, "data", v.data);
}

status read_fields(const json_object& o, keys_backup_create_request& v) {
  field_reader in(o);
  read_auth_data(in, v.auth_data);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_backup_create_request& v) {
  put_auth_data(o, v.auth_data);
}

status read_fields(const json_object&, keys_backup_info_request&) {
  return ok;
}

void write_fields(json_object&, const keys_backup_info_request&) {}

status read_fields(const json_object& o, keys_backup_delete_request& v) {
  field_reader in(o);
  in.required("version", v.version);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_backup_delete_request& v) {
  put(o, "version", v.version);
}

status read_fields(const json_object& o, keys_backup_put_request& v) {
  field_reader in(o);
  in.required("version", v.version).required("entries", v.entries);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_backup_put_request& v) {
  put(o, "version", v.version);
  put(o, "entries", v.entries);
}

status read_fields(const json_object& o, keys_backup_get_request& v) {
  field_reader in(o);
  in.required("version", v.version).defaulted("after", v.after).defaulted("limit", v.limit);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_backup_get_request& v) {
  put(o, "version", v.version);
  put(o, "after", v.after);
  put(o, "limit", v.limit);
}

status read_fields(const json_object& o, keys_backup_create_reply& v) {
  field_reader in(o);
  in.required("version", v.version);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_backup_create_reply& v) {
  put(o, "version", v.version);
}

status read_fields(const json_object& o, keys_backup_info_reply& v) {
  field_reader in(o);
  in.required("version", v.version);
  read_auth_data(in, v.auth_data);
  in.required("count", v.count).required("etag", v.etag);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_backup_info_reply& v) {
  put(o, "version", v.version);
  put_auth_data(o, v.auth_data);
  put(o, "count", v.count);
  put(o, "etag", v.etag);
}

status read_fields(const json_object& o, keys_backup_put_reply& v) {
  field_reader in(o);
  in.required("count", v.count).required("etag", v.etag);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_backup_put_reply& v) {
  put(o, "count", v.count);
  put(o, "etag", v.etag);
}

status read_fields(const json_object& o, keys_backup_get_reply& v) {
  field_reader in(o);
  in.required("entries", v.entries).required("has_more", v.has_more);
  return std::move(in).finish();
}

void write_fields(json_object& o, const keys_backup_get_reply& v) {
  put(o, "entries", v.entries);
  put(o, "has_more", v.has_more);
}

}  // namespace natter::protocol
