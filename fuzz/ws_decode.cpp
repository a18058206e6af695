// One WebSocket text frame, handled as the session's read loop handles it
// (src/realtime/json_dialect.hpp): at most hello_limits'
// max_frame_bytes (Beast closes the connection on larger messages), decoded
// into a typed request, and a malformed one answered with an error reply.
//
// Properties: no crash or sanitizer report; a decoded request has an id of 1
// to 64 characters and a known type; an error reply is a frame the client
// library reads back as an error reply carrying the same id and code.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "protocol/codec.hpp"

namespace {

using namespace natter;
using fuzz::check;

void check_error_reply(const std::optional<std::string>& id, const error& failure) {
  const auto frame = protocol::encode_error(id, failure);
  auto read = protocol::decode_incoming(frame);
  check(read.ok(), "an error reply decodes");
  const auto* reply = std::get_if<protocol::incoming_reply>(&read.value());
  check(reply != nullptr && reply->failure.has_value(), "an error reply reads as an error reply");
  check(reply->id == id, "an error reply carries the request's id");
  check(reply->failure->code == failure.code, "an error reply carries the error's code");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > static_cast<std::size_t>(protocol::hello_limits{}.max_frame_bytes)) return -1;
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  auto decoded = protocol::decode_request(frame);
  if (!decoded.body) {
    check(decoded.body.err().code != errc::internal, "bad input is never an internal error");
    check_error_reply(decoded.id, decoded.body.err());
    return 0;
  }
  check(decoded.id.has_value() && !decoded.id->empty() && decoded.id->size() <= 4 * protocol::max_request_id_chars,
        "a decoded request has an id");
  check(!protocol::type_name(*decoded.body).empty(), "a decoded request has a type");
  if (!std::holds_alternative<protocol::auth_request>(*decoded.body)) {
    check_error_reply(decoded.id, error(errc::unauthorized, "Send auth first."));
  }
  return 0;
}
