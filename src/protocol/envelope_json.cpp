// End-to-end encryption: messages (docs/protocol.md, "End-to-end encryption:
// messages"): the envelope as a JSON object both ways, conversation.encrypt,
// and the shape every envelope a client sends must have. The server cannot
// read an envelope; it checks that it is one, so that nothing else (plain
// text under another name) is stored as if it were encrypted. Versioned by
// "v": an unknown one is refused, and clients upgrade.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <string_view>

#include "protocol/frame_json.hpp"
#include "protocol/json_read.hpp"
#include "protocol/json_write.hpp"

namespace natter::protocol {
namespace {

constexpr std::size_t max_device_id_chars = 32;
constexpr std::size_t max_session_id_chars = 64;
constexpr std::size_t max_ciphertexts = 100;  // olm.v1: one per recipient device

error bad_envelope(std::string message) {
  return validation_error("encrypted", std::move(message));
}

bool is_device_id(std::string_view s) noexcept {
  if (s.empty() || s.size() > max_device_id_chars) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A positive decimal user id, canonical (no sign, no leading zero).
bool is_user_id(std::string_view s) noexcept {
  if (s.empty() || s.size() > 19 || s.front() == '0') return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view string_at(const boost::json::object& o, std::string_view key) noexcept {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return {};
  const auto& s = v->get_string();
  return {s.data(), s.size()};
}

// Only the fields named, so that nothing readable rides along.
status only_fields(const boost::json::object& o, std::initializer_list<std::string_view> allowed,
                   std::string_view what) {
  for (const auto& entry : o) {
    bool known = false;
    for (auto name : allowed) known = known || entry.key() == name;
    if (!known) return bad_envelope(std::string(what) + " has an unknown field: " + std::string(entry.key()) + ".");
  }
  return ok;
}

// "<user_id>:<device_id>": {"type": 0 | 1, "body": "<base64>"}.
status check_olm_ciphertext(std::string_view recipient, const boost::json::value& v) {
  const auto colon = recipient.find(':');
  if (colon == std::string_view::npos || !is_user_id(recipient.substr(0, colon)) ||
      !is_device_id(recipient.substr(colon + 1))) {
    return bad_envelope("ciphertexts keys are \"<user_id>:<device_id>\".");
  }
  if (!v.is_object()) return bad_envelope("Each ciphertext is an object of type and body.");
  const auto& c = v.get_object();
  if (auto s = only_fields(c, {"type", "body"}, "A ciphertext"); !s) return s;
  const auto* type = c.if_contains("type");
  if (!type || !type->is_int64() || (type->get_int64() != 0 && type->get_int64() != 1)) {
    return bad_envelope("A ciphertext's type is 0 (pre-key) or 1 (message).");
  }
  if (!is_base64(string_at(c, "body"))) return bad_envelope("A ciphertext's body is base64.");
  return ok;
}

status check_olm(const boost::json::object& o) {
  if (auto s = only_fields(o, {"v", "alg", "sender_device", "ciphertexts"}, "An olm.v1 envelope"); !s) return s;
  const auto* ciphertexts = o.if_contains("ciphertexts");
  if (!ciphertexts || !ciphertexts->is_object()) return bad_envelope("An olm.v1 envelope has ciphertexts, an object.");
  const auto& by_device = ciphertexts->get_object();
  if (by_device.empty() || by_device.size() > max_ciphertexts) {
    return bad_envelope("An olm.v1 envelope has 1 to 100 ciphertexts.");
  }
  for (const auto& entry : by_device) {
    if (auto s = check_olm_ciphertext(entry.key(), entry.value()); !s) return s;
  }
  return ok;
}

status check_megolm(const boost::json::object& o) {
  if (auto s = only_fields(o, {"v", "alg", "sender_device", "session_id", "ciphertext"}, "A megolm.v1 envelope"); !s)
    return s;
  const auto session = string_at(o, "session_id");
  if (!is_base64(session) || session.size() > max_session_id_chars) {
    return bad_envelope("A megolm.v1 envelope's session_id is base64 of at most 64 characters.");
  }
  if (!is_base64(string_at(o, "ciphertext"))) return bad_envelope("A megolm.v1 envelope's ciphertext is base64.");
  return ok;
}

}  // namespace

bool is_base64(std::string_view s) noexcept {
  std::size_t padding = 0;
  while (padding < 2 && padding < s.size() && s[s.size() - 1 - padding] == '=') ++padding;
  const auto body = s.substr(0, s.size() - padding);
  if (body.empty() || body.size() % 4 == 1) return false;
  if (padding > 0 && (body.size() + padding) % 4 != 0) return false;
  for (char c : body) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

status read_value(const boost::json::value& v, envelope& out) {
  if (!v.is_object()) return wrong_type("an object");
  out.json = boost::json::serialize(v);
  return ok;
}

// Stored envelopes passed check_envelope; one that no longer parses (a
// database changed behind the server's back) goes out as null rather than
// as text a client might show.
boost::json::value to_json(const envelope& v, const boost::json::storage_ptr& sp) {
  boost::system::error_code ec;
  auto parsed = boost::json::parse(v.json, ec, sp);
  if (ec || !parsed.is_object()) return boost::json::value(nullptr, sp);
  return parsed;
}

status check_envelope(const boost::json::value& v) {
  if (!v.is_object()) return bad_envelope("The envelope is an object.");
  const auto& o = v.get_object();
  const auto* v_field = o.if_contains("v");
  if (!v_field || !v_field->is_int64() || v_field->get_int64() != 1) {
    return bad_envelope("Unknown envelope version: this server takes v 1.");
  }
  const auto alg = string_at(o, "alg");
  if (alg != "olm.v1" && alg != "megolm.v1") return bad_envelope("Unknown algorithm: olm.v1 or megolm.v1.");
  if (!is_device_id(string_at(o, "sender_device"))) {
    return bad_envelope("sender_device is a device id: 1 to 32 of A-Z a-z 0-9 _ -.");
  }
  return alg == "olm.v1" ? check_olm(o) : check_megolm(o);
}

status read_fields(const json_object& o, conversation_encrypt_request& v) {
  field_reader in(o);
  in.required("conversation_id", v.conversation);
  return std::move(in).finish();
}

void write_fields(json_object& o, const conversation_encrypt_request& v) {
  put(o, "conversation_id", v.conversation);
}

}  // namespace natter::protocol
