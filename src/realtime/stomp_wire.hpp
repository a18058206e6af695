#pragma once
// What a STOMP session (stomp_dialect.hpp, docs/stomp.md) says and reads,
// apart from the session itself: version and heart-beat negotiation, the
// destinations, the `since` and ACK headers, SEND bodies made into the same
// request frames the JSON protocol reads, and the frames natterd sends. Pure
// functions, no state.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "common/ids.hpp"
#include "common/result.hpp"
#include "protocol/frames.hpp"
#include "stomp/frame.hpp"

namespace natter::realtime::stomp_wire {

// The limits of a STOMP frame on /stomp (docs/stomp.md, "Limits"): a
// frame never spans two WebSocket messages, which are at most
// max_frame_bytes (64 KiB) already.
stomp::frame_limits frame_limits(std::size_t max_frame_bytes);
inline constexpr std::size_t max_subscriptions = 32;  // per connection; more: ERROR
inline constexpr std::size_t max_id_bytes = 64;       // subscription ids and receipt ids
// The shortest heart-beat interval natterd sends or expects: what it offers
// in CONNECTED. A client that promises beats is dropped after twice its
// interval of silence (close 4010).
inline constexpr std::chrono::milliseconds min_heart_beat{1000};
inline constexpr std::uint16_t close_heart_beat_missed = 4010;

// The WebSocket subprotocol to answer with: v12.stomp, else v11.stomp when
// offered (Sec-WebSocket-Protocol, a comma-separated list); empty when
// neither was (the client then negotiates its version in CONNECT alone).
std::string choose_subprotocol(std::string_view offered);

// The version of CONNECT's accept-version to speak: "1.2" or "1.1". Nothing
// for a client that offers neither (or no accept-version: STOMP 1.0).
std::optional<std::string> negotiate_version(const std::string* accept_version);

struct heart_beat {
  std::chrono::milliseconds send_every{0};    // 0: natterd sends none
  std::chrono::milliseconds expect_every{0};  // 0: the client promised none
};
// From CONNECT's heart-beat ("cx,cy"; absent: "0,0"): what each side sends,
// never more often than min_heart_beat. Nothing when it is not two numbers.
std::optional<heart_beat> negotiate_heart_beat(const std::string* header);

enum class destination_kind { events, replies, conversation };
struct destination {
  destination_kind kind;
  conversation_id conversation = 0;  // kind conversation
};
inline constexpr std::string_view events_destination = "/user/queue/events";
inline constexpr std::string_view replies_destination = "/user/queue/replies";
inline constexpr std::string_view conversation_prefix = "/topic/conversations.";
inline constexpr std::string_view app_prefix = "/app/";
// A destination one may subscribe to; nothing for any other.
std::optional<destination> subscribable(std::string_view name);

// The request type a SEND to /app/<name> asks for ("messages" is
// "message.send"); nothing for a destination outside /app/.
std::optional<std::string> request_type(std::string_view destination);

// A SEND's JSON body (empty: no fields) made into a request frame of that
// type and id, decoded by the protocol codec like any request. Errors: those
// of protocol::decode_request, and bad_request for a body that is not a JSON
// object.
result<protocol::request> decode_send(std::string_view type, std::string_view id, std::string_view body);

// `since` on a subscription: "7:12,9:0" (conversation:last seq) on
// /user/queue/events; a plain seq ("12") on /topic/conversations.7. Errors:
// bad_request, naming the header.
result<std::map<conversation_id, seq_t>> parse_since(std::string_view value, const destination& d);

// An ACK's or NACK's id: "<conversation>.<seq>" for a log entry, anything
// else (natterd's own ids) for what has no seq.
std::optional<std::pair<conversation_id, seq_t>> acked_entry(std::string_view id);

// ---- what natterd sends ----

std::string connected_frame(std::string_view version, const heart_beat& beats, std::string_view session,
                            std::string_view user);
std::string receipt_frame(std::string_view receipt_id);
// An ERROR: message is the Natter error code (BAD_REQUEST, ...), the body
// says what was wrong; receipt-id when the failed frame asked for one.
std::string error_frame(const error& e, const std::string* receipt_id);

struct message_headers {
  std::string_view subscription;
  std::string_view message_id;
  std::string_view destination;
  bool with_ack = false;             // the subscription acknowledges: ack = message_id
  std::string_view request_id = {};  // replies: the request's id
  std::optional<errc> failure = {};  // replies: the error they carry
};
std::string message_frame(const message_headers& h, std::string_view json);

// The event a log entry (history, sync) is when pushed live, encoded.
std::string event_text(const protocol::log_event& e);
// A log entry's conversation and seq.
std::pair<conversation_id, seq_t> position(const protocol::log_event& e);

// The Natter error for a frame the parser refused.
error frame_failure(stomp::frame_error e);

}  // namespace natter::realtime::stomp_wire
