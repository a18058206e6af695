// Request fields (docs/protocol.md, "Requests"): authentication, messages,
// history, sync, receipts, typing and presence. The codec checks shape and
// the bounds that keep decoding cheap; what a value means (text length, name
// rules, who may do what) is the core's business.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {
namespace {

constexpr std::size_t max_client_msg_id_chars = 64;
constexpr int min_history_limit = 1;
constexpr int max_history_limit = 100;

error bad_since(std::string message) {
  return error(errc::bad_request, std::move(message), "since");
}

// A canonical decimal id: digits only, no sign, no leading zero, fits int64.
// Canonical so that "7" and "07" cannot name one conversation twice.
bool parse_conversation_key(std::string_view key, conversation_id& out) {
  if (key.empty() || (key.size() > 1 && key.front() == '0')) return false;
  if (key.front() < '0' || key.front() > '9') return false;
  const auto* end = key.data() + key.size();
  auto [ptr, ec] = std::from_chars(key.data(), end, out);
  return ec == std::errc() && ptr == end;
}

status read_since(const boost::json::value* v, std::map<conversation_id, seq_t>& out) {
  if (!v) return bad_since("since is required.");
  if (!v->is_object()) return bad_since("since must be an object of conversation id to seq.");
  for (const auto& entry : v->get_object()) {
    conversation_id id = 0;
    if (!parse_conversation_key(entry.key(), id)) return bad_since("since keys must be conversation ids.");
    seq_t seq = 0;
    if (!read_value(entry.value(), seq) || seq < 0) return bad_since("since values must be non-negative integers.");
    out.insert_or_assign(id, seq);
  }
  return ok;
}

// A message's body: its text, or (end-to-end encrypted) an envelope of the
// checked shape, with text "" or absent; the core refuses other text then.
void read_text_or_envelope(field_reader& in, std::string& text, std::optional<envelope>& encrypted) {
  in.optional("encrypted", encrypted);
  if (in.failed()) return;
  if (!encrypted) {
    in.required("text", text);
    return;
  }
  in.defaulted("text", text);
  if (in.failed()) return;
  if (auto checked = check_envelope(*in.present("encrypted")); !checked) in.fail(std::move(checked).err());
}

}  // namespace

status read_fields(const json_object& o, auth_request& v) {
  field_reader in(o);
  in.required("token", v.token).optional("presence", v.presence);
  return std::move(in).finish();
}

void write_fields(json_object& o, const auth_request& v) {
  put(o, "token", v.token);
  put_present(o, "presence", v.presence);
}

status read_fields(const json_object& o, send_request& v) {
  field_reader in(o);
  in.optional("conversation_id", v.conversation).optional("to", v.to).required("client_msg_id", v.client_msg_id);
  read_text_or_envelope(in, v.text, v.encrypted);
  in.optional("reply_to", v.reply_to).defaulted("attachments", v.attachments).optional("thread_id", v.thread_id);
  if (!in.failed() && v.conversation.has_value() == v.to.has_value()) {
    in.fail(error(errc::bad_request, "Exactly one of conversation_id and to is required.", "conversation_id"));
  }
  if (!in.failed() && v.thread_id && !v.conversation) {
    in.fail(validation_error("thread_id", "A reply in a thread goes to a conversation_id, not to a name."));
  }
  if (!in.failed() && !has_chars_between(v.client_msg_id, 1, max_client_msg_id_chars)) {
    in.fail(validation_error("client_msg_id", "Between 1 and 64 characters."));
  }
  return std::move(in).finish();
}

void write_fields(json_object& o, const send_request& v) {
  put_present(o, "conversation_id", v.conversation);
  put_present(o, "to", v.to);
  put(o, "client_msg_id", v.client_msg_id);
  put(o, "text", v.text);
  put_present(o, "reply_to", v.reply_to);
  if (!v.attachments.empty()) put(o, "attachments", v.attachments);
  put_present(o, "thread_id", v.thread_id);
  put_present(o, "encrypted", v.encrypted);
}

status read_fields(const json_object& o, edit_request& v) {
  field_reader in(o);
  in.required("message_id", v.id);
  read_text_or_envelope(in, v.text, v.encrypted);
  return std::move(in).finish();
}

void write_fields(json_object& o, const edit_request& v) {
  put(o, "message_id", v.id);
  put(o, "text", v.text);
  put_present(o, "encrypted", v.encrypted);
}

status read_fields(const json_object& o, delete_request& v) {
  field_reader in(o);
  in.required("message_id", v.id);
  return std::move(in).finish();
}

void write_fields(json_object& o, const delete_request& v) {
  put(o, "message_id", v.id);
}

status read_fields(const json_object& o, history_request& v) {
  // Read wide so that 10^12 is an out-of-range limit, not a malformed one.
  std::optional<std::int64_t> limit;
  field_reader in(o);
  in.required("conversation_id", v.conversation)
      .optional("before_seq", v.before_seq)
      .optional("after_seq", v.after_seq)
      .optional("limit", limit);
  if (in.failed() || !limit) return std::move(in).finish();
  if (*limit < min_history_limit || *limit > max_history_limit) {
    return validation_error("limit", "Between 1 and 100.");
  }
  v.limit = static_cast<int>(*limit);
  return ok;
}

void write_fields(json_object& o, const history_request& v) {
  put(o, "conversation_id", v.conversation);
  put_present(o, "before_seq", v.before_seq);
  put_present(o, "after_seq", v.after_seq);
  put(o, "limit", v.limit);
}

status read_fields(const json_object& o, sync_request& v) {
  field_reader in(o);
  in.defaulted("after", v.after);
  if (in.failed()) return std::move(in).finish();
  if (v.after < 0) return validation_error("after", "A conversation id, or 0.");
  return read_since(in.present("since"), v.since);
}

void write_fields(json_object& o, const sync_request& v) {
  auto& since = put_object(o, "since");
  since.reserve(v.since.size());
  for (const auto& [id, seq] : v.since) put(since, std::to_string(id), seq);
  if (v.after != 0) put(o, "after", v.after);
}

status read_fields(const json_object& o, receipt_delivered_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("seq", v.seq);
  return std::move(in).finish();
}

void write_fields(json_object& o, const receipt_delivered_request& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
}

status read_fields(const json_object& o, receipt_read_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation).required("seq", v.seq);
  return std::move(in).finish();
}

void write_fields(json_object& o, const receipt_read_request& v) {
  put(o, "conversation_id", v.conversation);
  put(o, "seq", v.seq);
}

status read_fields(const json_object& o, typing_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation);
  return std::move(in).finish();
}

void write_fields(json_object& o, const typing_request& v) {
  put(o, "conversation_id", v.conversation);
}

status read_fields(const json_object& o, presence_set_request& v) {
  field_reader in(o);
  in.required("status", v.status);
  return std::move(in).finish();
}

void write_fields(json_object& o, const presence_set_request& v) {
  put(o, "status", v.status);
}

}  // namespace natter::protocol
