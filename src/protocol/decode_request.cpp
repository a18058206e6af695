// Server side: one request frame into a typed request.

#include <optional>
#include <string>

#include "protocol/codec.hpp"
#include "protocol/frame_json.hpp"
#include "protocol/json_arena.hpp"
#include "protocol/json_read.hpp"
#include "protocol/variant_codec.hpp"

namespace natter::protocol {
namespace {

result<std::string> read_request_id(const json_object& o) {
  const auto* id = o.if_contains("id");
  if (!id || !id->is_string() || !has_chars_between(id->get_string(), 1, max_request_id_chars)) {
    return error(errc::bad_request, "id must be a string of 1 to 64 characters.", "id");
  }
  return std::string(id->get_string());
}

result<request> read_request_body(const json_object& o) {
  const auto* type = o.if_contains("type");
  if (!type || !type->is_string()) return error(errc::bad_request, "type must be a string.", "type");
  const auto* decoder = find_decoder<request>(type->get_string());
  if (!decoder) return errc::unknown_type;
  return decoder->decode(o);
}

}  // namespace

decoded_request decode_request(std::string_view frame) {
  json_arena arena;
  auto parsed = parse_object(frame, arena.storage());
  if (!parsed) return {std::nullopt, std::move(parsed).err()};
  auto id = read_request_id(*parsed);
  if (!id) return {std::nullopt, std::move(id).err()};
  // The body is decoded before the id is moved out: argument order is unspecified.
  auto body = read_request_body(*parsed);
  return {std::move(*id), std::move(body)};
}

std::string_view type_name(const request& r) {
  return type_of(r);
}

}  // namespace natter::protocol
