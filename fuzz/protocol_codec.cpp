// The protocol codec both ways (src/protocol/codec.hpp). Whatever a frame
// decodes to, as a request (natterd's side) or as a hello, event or reply (the
// client library's side, client/session_engine*.cpp), is encoded again and
// decoded again.
//
// Properties: no crash or sanitizer report; decoding what was encoded gives
// back the same typed frame (requests, hello, events, every reply body,
// compared with their operator==); error replies keep their id, code,
// message, field and retry-after once normalised by one encoding.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "fuzz_check.hpp"
#include "protocol/codec.hpp"

namespace {

using namespace natter;
using fuzz::check;

// The wire name of every request type: what the client passes to
// decode_reply for the reply it awaits.
template <std::size_t... I>
auto request_type_names(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{protocol::type_name(protocol::request(std::in_place_index<I>))...};
}
const auto request_types = request_type_names(std::make_index_sequence<std::variant_size_v<protocol::request>>{});

void round_trip_request(std::string_view frame) {
  auto first = protocol::decode_request(frame);
  if (!first.body) return;
  const auto encoded = protocol::encode_request(*first.id, *first.body);
  auto second = protocol::decode_request(encoded);
  check(second.body.ok(), "an encoded request decodes");
  check(second.id == first.id, "a request keeps its id");
  check(*second.body == *first.body, "a request survives encoding");
}

// What the client library reads from a frame this codec encoded as a T.
template <class T>
T decoded_as(std::string_view frame) {
  auto read = protocol::decode_incoming(frame);
  check(read.ok(), "an encoded frame decodes");
  auto* value = std::get_if<T>(&read.value());
  check(value != nullptr, "an encoded frame decodes to the same kind");
  return std::move(*value);
}

void round_trip_error(const protocol::incoming_reply& reply) {
  // One encoding normalises: an empty id and message, a retry-after <= 0.
  std::optional<std::string_view> id;
  if (reply.id) id = *reply.id;
  const auto once = protocol::encode_error(id, *reply.failure);
  const auto normal = decoded_as<protocol::incoming_reply>(once);
  check(normal.failure.has_value(), "an error reply stays an error reply");
  std::optional<std::string_view> normal_id;
  if (normal.id) normal_id = *normal.id;
  const auto twice = protocol::encode_error(normal_id, *normal.failure);
  check(twice == once, "an error reply survives encoding");
}

void round_trip_reply_bodies(std::string_view frame, const protocol::incoming_reply& reply) {
  for (auto type : request_types) {
    auto body = protocol::decode_reply(frame, type);
    if (!body) continue;
    const auto encoded = protocol::encode_reply(reply.id.value_or("r"), *body);
    auto again = protocol::decode_reply(encoded, type);
    check(again.ok() && *again == *body, "a reply body survives encoding");
  }
}

void round_trip_incoming(std::string_view frame) {
  auto first = protocol::decode_incoming(frame);
  if (!first) return;
  if (const auto* h = std::get_if<protocol::hello>(&first.value())) {
    check(decoded_as<protocol::hello>(protocol::encode_hello(*h)) == *h, "the hello survives encoding");
  } else if (const auto* e = std::get_if<protocol::event>(&first.value())) {
    check(decoded_as<protocol::event>(protocol::encode_event(*e)) == *e, "an event survives encoding");
  } else {
    const auto& reply = std::get<protocol::incoming_reply>(first.value());
    if (reply.failure) {
      round_trip_error(reply);
    } else {
      round_trip_reply_bodies(frame, reply);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > static_cast<std::size_t>(protocol::hello_limits{}.max_frame_bytes)) return -1;
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  round_trip_request(frame);
  round_trip_incoming(frame);
  return 0;
}
