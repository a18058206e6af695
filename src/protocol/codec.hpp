#pragma once
// JSON <-> frames (frames.hpp), for both ends of the connection.
// Decoding is strict about types and lenient about unknown fields.

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "protocol/frames.hpp"

namespace natter::protocol {

inline constexpr std::size_t max_request_id_chars = 64;
inline constexpr unsigned max_json_depth = 16;

// A request frame as the server reads it. `id` is set whenever the frame had a
// usable id, even if the rest was wrong, so the error reply can carry it.
struct decoded_request {
  std::optional<std::string> id;
  result<request> body;
};

// Errors: bad_request (not JSON, not an object, too deep, no/invalid id,
// missing or wrong-typed field: error.field names it), unknown_type,
// validation_failed for the bounds the codec enforces (history limit 1-100,
// client_msg_id 1-64 characters, at most 256 group.create members).
decoded_request decode_request(std::string_view frame);

// Server side encoders. Each returns one complete JSON text.
std::string encode_hello(const hello& h);
std::string encode_event(const event& e);
std::string encode_reply(std::string_view id, const reply& r);
// id empty -> "re": null.
std::string encode_error(std::optional<std::string_view> id, const error& e);

// Client side.
std::string encode_request(std::string_view id, const request& r);

// What a client reads: a reply (with its id) or an event or the hello.
struct incoming_reply {
  std::optional<std::string> id;  // null re
  std::optional<error> failure;   // set when the reply is an error
  std::string json;               // the whole frame, for reply-specific decoding
};
using incoming = std::variant<hello, incoming_reply, event>;

// Errors: bad_request for frames that are none of the above.
result<incoming> decode_incoming(std::string_view frame);

// Reply bodies, decoded by the client that knows what it asked for. An error
// reply yields its error; a request type without a reply body, empty_reply.
result<reply> decode_reply(std::string_view frame, std::string_view request_type);

// The wire name of a request ("message.send", ...).
std::string_view type_name(const request& r);

}  // namespace natter::protocol
