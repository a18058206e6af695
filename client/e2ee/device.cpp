#include "client/e2ee/device.hpp"

#include <sodium.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "client/e2ee/device_parts.hpp"
#include "client/e2ee/olm_objects.hpp"
#include "protocol/key_formats.hpp"

namespace natter::client::e2ee {

namespace json = boost::json;

namespace {

constexpr std::int64_t envelope_version = 1;
constexpr std::string_view olm_alg = "olm.v1";
constexpr std::string_view megolm_alg = "megolm.v1";

// libolm's key ids are standard base64; key names on the wire are [A-Za-z0-9_-].
std::string key_name(std::string_view olm_id) {
  std::string out(olm_id);
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string recipient_name(user_id u, std::string_view device_id) {
  return std::to_string(u) + ":" + std::string(device_id);
}

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t int_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->get_int64() : -1;
}

decrypted fail(failure why, std::string detail = {}) {
  return decrypted{std::nullopt, unreadable{why, std::move(detail)}};
}

// The common head of both envelopes; empty when it is one this client reads.
std::optional<unreadable> check_head(const json::object& e, std::string_view alg, const peer& sender) {
  if (int_of(e, "v") != envelope_version || str(e, "alg") != alg) {
    return unreadable{failure::unsupported, "envelope v" + std::to_string(int_of(e, "v")) + " " + str(e, "alg")};
  }
  if (str(e, "sender_device") != sender.device_id) return unreadable{failure::forged, "sender_device"};
  return std::nullopt;
}

std::optional<json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

}  // namespace

std::string_view describe(failure f) noexcept {
  switch (f) {
    case failure::unsupported:
      return "sent by a newer client (unknown envelope)";
    case failure::not_for_this_device:
      return "not encrypted for this device";
    case failure::no_session:
      return "no session with the sender's device";
    case failure::missing_group_key:
      return "the key has not arrived (yet)";
    case failure::bad_message:
      return "corrupted or replayed";
    case failure::forged:
      return "claims another sender or recipient";
  }
  return "unknown";
}

bool signature_verifies(std::string_view ed25519, std::string_view signature, std::string_view message) {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> key{};
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  auto decode = [](std::string_view text, std::span<unsigned char> out) {
    std::size_t written = 0;
    const char* end = nullptr;
    return sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end,
                             sodium_base64_VARIANT_ORIGINAL_NO_PADDING) == 0 &&
           written == out.size() && end == text.data() + text.size();
  };
  if (!decode(ed25519, key) || !decode(signature, sig)) return false;
  return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     key.data()) == 0;
}

device::device(user_id owner, std::string device_id, rotation r)
    : rotation_(r), account_(std::make_unique<olm_account>()) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  self_.user = owner;
  self_.device_id = std::move(device_id);
  const auto ids = json::parse(account_->identity_json()).as_object();
  self_.curve25519 = str(ids, "curve25519");
  self_.ed25519 = str(ids, "ed25519");
}

device::~device() = default;
device::device(device&&) noexcept = default;
device& device::operator=(device&&) noexcept = default;

std::string device::sign(std::string_view bytes) const {
  return account_->sign(bytes);
}

protocol::keys_upload_request device::upload(int one_time_keys, std::optional<std::string> display_name) {
  protocol::keys_upload_request r;
  r.device_id = self_.device_id;
  r.curve25519 = self_.curve25519;
  r.ed25519 = self_.ed25519;
  r.signature = sign(protocol::device_signed_bytes(self_.user, self_.device_id, self_.curve25519, self_.ed25519));
  r.display_name = std::move(display_name);
  auto signed_key = [this](std::string_view olm_id, std::string_view curve) {
    protocol::device_key k{key_name(olm_id), std::string(curve), {}};
    k.signature = sign(protocol::key_signed_bytes(self_.user, self_.device_id, k.key_id, k.curve25519));
    return k;
  };
  if (one_time_keys > 0) {
    account_->generate_one_time_keys(static_cast<std::size_t>(one_time_keys));
    const auto keys = json::parse(account_->one_time_keys_json()).as_object();
    for (const auto& [id, key] : keys.at("curve25519").as_object()) {
      r.one_time_keys.push_back(signed_key(id, key.as_string()));
    }
  }
  // A new fallback key with every replenishment: the old one may have been
  // handed out many times while the stock was empty.
  if (!fallback_published_ || one_time_keys > 0) account_->generate_fallback_key();
  const auto fallback = json::parse(account_->unpublished_fallback_key_json()).as_object();
  for (const auto& [id, key] : fallback.at("curve25519").as_object()) r.fallback_key = signed_key(id, key.as_string());
  return r;
}

void device::published() {
  account_->mark_keys_as_published();
  fallback_published_ = true;
}

olm_session* device::session_with(const std::string& curve25519) {
  auto it = sessions_.find(curve25519);
  if (it == sessions_.end() || it->second.empty()) return nullptr;
  return &it->second.front();
}

bool device::has_session(const peer& p) const {
  auto it = sessions_.find(p.curve25519);
  return it != sessions_.end() && !it->second.empty();
}

bool device::start_session(const peer& p, const protocol::claimed_key& k) {
  if (k.user_id != p.user || k.device_id != p.device_id) return false;
  if (!signature_verifies(p.ed25519, k.signature,
                          protocol::key_signed_bytes(p.user, p.device_id, k.key_id, k.curve25519))) {
    return false;
  }
  auto& list = sessions_[p.curve25519];
  list.insert(list.begin(), olm_session::outbound(*account_, p.curve25519, k.curve25519));
  return true;
}

namespace {

// The plaintext inside an Olm message: who sends it to whom, and what.
json::object olm_payload(const peer& from, const peer& to, json::object content) {
  content["v"] = envelope_version;
  content["sender"] = from.user;
  content["sender_device"] = from.device_id;
  content["sender_ed25519"] = from.ed25519;
  content["recipient"] = to.user;
  content["recipient_device"] = to.device_id;
  content["recipient_ed25519"] = to.ed25519;
  return content;
}

}  // namespace

boost::json::object device::encrypt(std::string_view body, std::span<const peer> to) {
  return encrypt_payload({{"kind", "message"}, {"body", body}}, to);
}

boost::json::object device::encrypt_payload(const boost::json::object& content, std::span<const peer> to) {
  json::object ciphertexts;
  for (const auto& p : to) {
    auto* s = session_with(p.curve25519);
    if (s == nullptr) throw std::logic_error("e2ee: no Olm session with " + recipient_name(p.user, p.device_id));
    const auto plain = json::serialize(olm_payload(self_, p, content));
    auto m = s->encrypt(plain);
    ciphertexts[recipient_name(p.user, p.device_id)] = json::object{{"type", m.type}, {"body", m.body}};
  }
  return {{"v", envelope_version},
          {"alg", olm_alg},
          {"sender_device", self_.device_id},
          {"ciphertexts", std::move(ciphertexts)}};
}

decrypted device::decrypt(const boost::json::object& envelope, const peer& sender) {
  if (auto bad = check_head(envelope, olm_alg, sender)) return decrypted{std::nullopt, std::move(*bad)};
  const auto* all = envelope.if_contains("ciphertexts");
  const auto* mine = all != nullptr && all->is_object()
                         ? all->get_object().if_contains(recipient_name(self_.user, self_.device_id))
                         : nullptr;
  if (mine == nullptr || !mine->is_object()) return fail(failure::not_for_this_device);
  const olm_message m{static_cast<int>(int_of(mine->get_object(), "type")), str(mine->get_object(), "body")};
  if ((m.type != 0 && m.type != 1) || m.body.empty()) return fail(failure::bad_message, "malformed ciphertext");
  auto& list = sessions_[sender.curve25519];
  for (auto& s : list) {
    if (m.type == 0 && !s.matches_inbound(sender.curve25519, m.body)) continue;
    try {
      return open_olm_payload(s.decrypt(m), sender);
    } catch (const crypto_error& e) {
      if (m.type == 0) return fail(failure::bad_message, e.what());  // its session refused it: a replay
    }
  }
  if (m.type == 1) return fail(list.empty() ? failure::no_session : failure::bad_message);
  try {
    auto s = olm_session::inbound(*account_, sender.curve25519, m.body);
    auto plain = s.decrypt(m);
    account_->remove_one_time_keys(s);
    list.insert(list.begin(), std::move(s));
    return open_olm_payload(plain, sender);
  } catch (const crypto_error& e) {
    return fail(failure::bad_message, e.what());
  }
}

decrypted device::open_olm_payload(const std::string& plaintext, const peer& sender) {
  auto p = parse_object(plaintext);
  if (!p) return fail(failure::bad_message, "not a payload");
  if (int_of(*p, "sender") != sender.user || str(*p, "sender_device") != sender.device_id ||
      str(*p, "sender_ed25519") != sender.ed25519 || int_of(*p, "recipient") != self_.user ||
      str(*p, "recipient_device") != self_.device_id || str(*p, "recipient_ed25519") != self_.ed25519) {
    return fail(failure::forged);
  }
  const auto kind = str(*p, "kind");
  if (kind == "message") return decrypted{opened{str(*p, "body"), false, 0, {}, {}, {}}, std::nullopt};
  // Asked for a key or handed one by another device: who may do that is the
  // caller's decision (its own user's signed list); nothing is stored here.
  if (kind == "key_request" || kind == "forwarded_key") {
    return decrypted{opened{{}, false, 0, str(*p, "session_id"), kind, std::move(*p)}, std::nullopt};
  }
  if (kind != "group_key") return fail(failure::unsupported, "payload kind " + kind);
  const conversation_id c = int_of(*p, "conversation_id");
  const auto session_id = str(*p, "session_id");
  try {
    megolm_inbound in(str(*p, "session_key"));
    if (in.id() != session_id || c <= 0) return fail(failure::forged, "group key");
    const auto name = sender.curve25519 + "|" + session_id;
    auto it = inbound_.find(name);
    // Keep the copy that reaches furthest back.
    if (it == inbound_.end() || it->second.session.first_known_index() > in.first_known_index()) {
      std::map<std::uint32_t, std::int64_t> seen;
      if (it != inbound_.end()) seen = std::move(it->second.seen);
      inbound_.insert_or_assign(name, group_in{std::move(in), c, sender.user, sender.device_id, std::move(seen)});
    }
  } catch (const crypto_error& e) {
    return fail(failure::bad_message, e.what());
  }
  return decrypted{opened{{}, true, c, session_id, kind, {}}, std::nullopt};
}

boost::json::object device::group_encrypt(conversation_id c, std::string_view body, unix_ms now,
                                          const boost::json::value& files) {
  auto it = outbound_.find(c);
  const bool due = it == outbound_.end() || it->second.retired || it->second.sent >= rotation_.max_messages ||
                   now - it->second.created >= rotation_.max_age_ms;
  if (due) {
    megolm_outbound out;
    auto first_key = out.session_key();
    // Our own copy, so that this device (and history) reads what it sent.
    inbound_.insert_or_assign(self_.curve25519 + "|" + out.id(),
                              group_in{megolm_inbound(first_key), c, self_.user, self_.device_id, {}});
    it = outbound_.insert_or_assign(c, group_out{std::move(out), std::move(first_key), now, 0, true, false}).first;
  }
  auto& g = it->second;
  json::object plain{{"v", envelope_version},
                     {"sender", self_.user},
                     {"sender_device", self_.device_id},
                     {"conversation_id", c},
                     {"body", body}};
  if (!files.is_null()) plain["files"] = files;
  auto ciphertext = g.session.encrypt(json::serialize(plain));
  ++g.sent;
  return {{"v", envelope_version},
          {"alg", megolm_alg},
          {"sender_device", self_.device_id},
          {"session_id", g.session.id()},
          {"ciphertext", std::move(ciphertext)}};
}

std::string device::outbound_session_id(conversation_id c) const {
  auto it = outbound_.find(c);
  return it == outbound_.end() ? std::string() : it->second.session.id();
}

bool device::new_group_session(conversation_id c) const {
  auto it = outbound_.find(c);
  return it != outbound_.end() && it->second.needs_share;
}

boost::json::object device::share_group_key(conversation_id c, std::span<const peer> to) {
  auto it = outbound_.find(c);
  if (it == outbound_.end()) throw std::logic_error("e2ee: no group session to share");
  auto& g = it->second;
  json::object ciphertexts;
  for (const auto& p : to) {
    auto* s = session_with(p.curve25519);
    if (s == nullptr) throw std::logic_error("e2ee: no Olm session with " + recipient_name(p.user, p.device_id));
    const auto plain = json::serialize(olm_payload(
        self_, p,
        {{"kind", "group_key"}, {"conversation_id", c}, {"session_id", g.session.id()}, {"session_key", g.first_key}}));
    auto m = s->encrypt(plain);
    ciphertexts[recipient_name(p.user, p.device_id)] = json::object{{"type", m.type}, {"body", m.body}};
  }
  g.needs_share = false;
  return {{"v", envelope_version},
          {"alg", olm_alg},
          {"sender_device", self_.device_id},
          {"ciphertexts", std::move(ciphertexts)}};
}

void device::rotate_group(conversation_id c) {
  if (auto it = outbound_.find(c); it != outbound_.end()) it->second.retired = true;
}

decrypted device::group_decrypt(conversation_id c, std::int64_t message_id, const boost::json::object& envelope,
                                const peer& sender) {
  if (auto bad = check_head(envelope, megolm_alg, sender)) return decrypted{std::nullopt, std::move(*bad)};
  const auto session_id = str(envelope, "session_id");
  auto it = inbound_.find(sender.curve25519 + "|" + session_id);
  if (it == inbound_.end()) return fail(failure::missing_group_key, session_id);
  auto& g = it->second;
  if (g.conversation != c || g.owner != sender.user || g.owner_device != sender.device_id) {
    return fail(failure::forged, "the key belongs elsewhere");
  }
  group_plaintext plain;
  try {
    plain = g.session.decrypt(str(envelope, "ciphertext"));
  } catch (const crypto_error& e) {
    return fail(failure::bad_message, e.what());
  }
  if (auto [at, fresh] = g.seen.emplace(plain.index, message_id); !fresh && at->second != message_id) {
    return fail(failure::bad_message, "replayed");
  }
  auto p = parse_object(plain.text);
  if (!p || int_of(*p, "sender") != sender.user || str(*p, "sender_device") != sender.device_id ||
      int_of(*p, "conversation_id") != c) {
    return fail(failure::forged);
  }
  decrypted out{opened{str(*p, "body"), false, c, session_id, {}, {}}, std::nullopt};
  if (const auto* files = p->if_contains("files")) out.value->files = *files;
  return out;
}

}  // namespace natter::client::e2ee
