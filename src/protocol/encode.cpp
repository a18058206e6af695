// Every encoder builds one JSON tree in a stack arena and serializes it once.

#include <boost/json/serialize.hpp>
#include <variant>

#include "protocol/codec.hpp"
#include "protocol/frame_json.hpp"
#include "protocol/json_arena.hpp"
#include "protocol/json_write.hpp"
#include "protocol/variant_codec.hpp"

namespace natter::protocol {
namespace {

void write_body(json_object& o, const auto& variant) {
  std::visit([&o](const auto& body) { write_fields(o, body); }, variant);
}

void write_error(json_object& o, const error& e) {
  put(o, "code", info(e.code).code);
  put(o, "message", e.message_or_default());
  if (!e.field.empty()) put(o, "field", e.field);
  if (e.retry_after.count() > 0) put(o, "retry_after", std::int64_t{e.retry_after.count()});
}

}  // namespace

std::string encode_hello(const hello& h) {
  json_arena arena;
  json_object o(arena.storage());
  put(o, "type", hello_type);
  write_fields(o, h);
  return boost::json::serialize(o);
}

std::string encode_event(const event& e) {
  json_arena arena;
  json_object o(arena.storage());
  write_tagged(o, e);
  return boost::json::serialize(o);
}

std::string encode_reply(std::string_view id, const reply& r) {
  json_arena arena;
  json_object o(arena.storage());
  put(o, "re", id);
  put(o, "ok", true);
  write_body(o, r);
  return boost::json::serialize(o);
}

std::string encode_error(std::optional<std::string_view> id, const error& e) {
  json_arena arena;
  json_object o(arena.storage());
  // No valid request id is empty, so an empty one means "no id" as well.
  if (id && !id->empty()) {
    put(o, "re", *id);
  } else {
    o.emplace("re", nullptr);
  }
  write_error(put_object(o, "error"), e);
  return boost::json::serialize(o);
}

std::string encode_request(std::string_view id, const request& r) {
  json_arena arena;
  json_object o(arena.storage());
  put(o, "type", type_of(r));
  put(o, "id", id);
  write_body(o, r);
  return boost::json::serialize(o);
}

}  // namespace natter::protocol
