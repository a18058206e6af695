#include "realtime/stomp_wire.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <vector>

#include "protocol/codec.hpp"

namespace natter::realtime::stomp_wire {
namespace {

// The comma-separated items of a header value, each trimmed of spaces.
std::vector<std::string_view> items(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (item.starts_with(' ')) item.remove_prefix(1);
    while (item.ends_with(' ')) item.remove_suffix(1);
    out.push_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

// A whole non-negative decimal number.
template <class Int>
std::optional<Int> number(std::string_view s) {
  Int n{};
  const auto* end = s.data() + s.size();
  auto [at, ec] = std::from_chars(s.data(), end, n);
  if (s.empty() || ec != std::errc() || at != end || n < 0) return std::nullopt;
  return n;
}

std::chrono::milliseconds interval(std::int64_t asked) {
  if (asked == 0) return std::chrono::milliseconds(0);
  return std::max(std::chrono::milliseconds(asked), min_heart_beat);
}

error bad_since() {
  return error(errc::bad_request,
               "since must be conversation:seq pairs separated by commas on /user/queue/events, and a seq on "
               "/topic/conversations.<id>.",
               "since");
}

}  // namespace

stomp::frame_limits frame_limits(std::size_t max_frame_bytes) {
  stomp::frame_limits limits;
  limits.max_frame_bytes = max_frame_bytes;
  limits.max_body_bytes = max_frame_bytes;
  limits.max_headers = 32;
  limits.max_header_line_bytes = 4096;
  return limits;
}

std::string choose_subprotocol(std::string_view offered) {
  const auto offers = items(offered);
  for (std::string_view wanted : {"v12.stomp", "v11.stomp"}) {
    if (std::find(offers.begin(), offers.end(), wanted) != offers.end()) return std::string(wanted);
  }
  return {};
}

std::optional<std::string> negotiate_version(const std::string* accept_version) {
  if (!accept_version) return std::nullopt;
  const auto offers = items(*accept_version);
  for (std::string_view v : {"1.2", "1.1"}) {
    if (std::find(offers.begin(), offers.end(), v) != offers.end()) return std::string(v);
  }
  return std::nullopt;
}

std::optional<heart_beat> negotiate_heart_beat(const std::string* header) {
  if (!header) return heart_beat{};
  const auto parts = items(*header);
  if (parts.size() != 2) return std::nullopt;
  // Generous, yet far from overflow once doubled: about 35 days.
  constexpr std::int64_t longest = std::int64_t{1} << 31;
  const auto client_sends = number<std::int64_t>(parts[0]);
  const auto client_wants = number<std::int64_t>(parts[1]);
  if (!client_sends || !client_wants || *client_sends > longest || *client_wants > longest) return std::nullopt;
  return heart_beat{interval(*client_wants), interval(*client_sends)};
}

std::optional<destination> subscribable(std::string_view name) {
  if (name == events_destination) return destination{destination_kind::events};
  if (name == replies_destination) return destination{destination_kind::replies};
  if (!name.starts_with(conversation_prefix)) return std::nullopt;
  auto id = number<conversation_id>(name.substr(conversation_prefix.size()));
  if (!id || *id == 0) return std::nullopt;
  return destination{destination_kind::conversation, *id};
}

std::optional<std::string> request_type(std::string_view destination) {
  if (!destination.starts_with(app_prefix)) return std::nullopt;
  auto type = destination.substr(app_prefix.size());
  if (type == "messages") return std::string("message.send");
  return std::string(type);
}

result<protocol::request> decode_send(std::string_view type, std::string_view id, std::string_view body) {
  boost::json::object fields;
  if (!body.empty()) {
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.max_depth = protocol::max_json_depth;
    auto parsed = boost::json::parse(body, ec, {}, options);
    if (ec || !parsed.is_object()) return error(errc::bad_request, "The body must be a JSON object.");
    fields = std::move(parsed.as_object());
  }
  fields["type"] = type;
  fields["id"] = id;
  auto decoded = protocol::decode_request(boost::json::serialize(fields));
  return std::move(decoded.body);
}

result<std::map<conversation_id, seq_t>> parse_since(std::string_view value, const destination& d) {
  std::map<conversation_id, seq_t> since;
  if (d.kind == destination_kind::conversation) {
    auto seq = number<seq_t>(value);
    if (!seq) return bad_since();
    since[d.conversation] = *seq;
    return since;
  }
  if (d.kind != destination_kind::events) return error(errc::bad_request, "since is for events.", "since");
  for (auto item : items(value)) {
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) return bad_since();
    auto c = number<conversation_id>(item.substr(0, colon));
    auto seq = number<seq_t>(item.substr(colon + 1));
    if (!c || !seq || *c == 0) return bad_since();
    since[*c] = *seq;
  }
  if (since.size() > 10000) return error(errc::bad_request, "since names too many conversations.", "since");
  return since;
}

std::optional<std::pair<conversation_id, seq_t>> acked_entry(std::string_view id) {
  const auto dot = id.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto c = number<conversation_id>(id.substr(0, dot));
  auto seq = number<seq_t>(id.substr(dot + 1));
  if (!c || !seq || *c == 0 || *seq == 0) return std::nullopt;
  return std::pair{*c, *seq};
}

std::string connected_frame(std::string_view version, const heart_beat& beats, std::string_view session,
                            std::string_view user) {
  // What natterd offers; each side then takes the larger of its own and the
  // other's value, as negotiate_heart_beat did.
  const auto offer = std::to_string(min_heart_beat.count());
  stomp::frame f{
      "CONNECTED",
      {{"version", std::string(version)},
       {"heart-beat",
        beats.send_every.count() == 0 && beats.expect_every.count() == 0 ? std::string("0,0") : offer + "," + offer},
       {"server", "natterd/0.1.0"},
       {"session", std::string(session)},
       {"user-name", std::string(user)}},
      {}};
  return stomp::serialize(f);
}

std::string receipt_frame(std::string_view receipt_id) {
  return stomp::serialize({"RECEIPT", {{"receipt-id", std::string(receipt_id)}}, {}});
}

std::string error_frame(const error& e, const std::string* receipt_id) {
  stomp::frame f{"ERROR", {{"message", std::string(info(e.code).code)}}, std::string(e.message_or_default())};
  f.headers.emplace_back("content-type", "text/plain");
  if (receipt_id) f.headers.emplace_back("receipt-id", *receipt_id);
  return stomp::serialize(f);
}

std::string message_frame(const message_headers& h, std::string_view json) {
  stomp::frame f{"MESSAGE",
                 {{"subscription", std::string(h.subscription)},
                  {"message-id", std::string(h.message_id)},
                  {"destination", std::string(h.destination)},
                  {"content-type", "application/json"},
                  {"content-length", std::to_string(json.size())}},
                 std::string(json)};
  if (h.with_ack) f.headers.emplace_back("ack", std::string(h.message_id));
  if (!h.request_id.empty()) f.headers.emplace_back("request-id", std::string(h.request_id));
  if (h.failure) f.headers.emplace_back("error", std::string(info(*h.failure).code));
  return stomp::serialize(f);
}

std::string event_text(const protocol::log_event& e) {
  return std::visit([](const auto& entry) { return protocol::encode_event(protocol::event(entry)); }, e);
}

std::pair<conversation_id, seq_t> position(const protocol::log_event& e) {
  return std::visit(
      [](const auto& entry) {
        if constexpr (requires { entry.msg.seq; }) {
          return std::pair{entry.msg.conversation, entry.msg.seq};
        } else {
          return std::pair{entry.conversation, entry.seq};
        }
      },
      e);
}

error frame_failure(stomp::frame_error e) {
  const bool too_large = e == stomp::frame_error::too_many_headers || e == stomp::frame_error::header_too_long ||
                         e == stomp::frame_error::frame_too_large || e == stomp::frame_error::body_too_large;
  if (e == stomp::frame_error::unknown_command) return error(errc::unknown_type, std::string(stomp::describe(e)));
  return error(too_large ? errc::payload_too_large : errc::bad_request, std::string(stomp::describe(e)));
}

}  // namespace natter::realtime::stomp_wire
