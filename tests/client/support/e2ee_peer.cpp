// e2ee_peer: one C++ e2ee::device driven over stdin/stdout, a JSON request
// per line and a JSON reply per line, so that the web app's tests can talk
// to the C++ implementation (clients/web/tests/interop). Not a product.
//   {"op":"create","user":1,"device":"laptop"}            -> {"self":peer}
//   {"op":"upload","count":5}                             -> {"upload":{...keys.upload fields}}
//   {"op":"start","peer":peer,"key":claimed}              -> {"ok":bool}
//   {"op":"encrypt","body":"..","to":[peer]}              -> {"envelope":{..}}
//   {"op":"decrypt","envelope":{..},"sender":peer}        -> {"ok":true,"body":"..","group_key":bool} |
//   {"ok":false,"why":".."}
//   {"op":"group_encrypt","conversation":c,"body":"..","now":ms} -> {"envelope":{..},"new_session":bool}
//   {"op":"share","conversation":c,"to":[peer]}           -> {"envelope":{..}}
//   {"op":"group_decrypt","conversation":c,"message_id":m,"envelope":{..},"sender":peer} -> as decrypt
//   {"op":"rotate","conversation":c}                      -> {}
//   {"op":"ssk_sign","user":u,"version":v,"devices":[{device_id,ed25519,...}]} -> {"public":k,"signature":s}
//   {"op":"check","keys":{...a keys.query user entry}}   -> {"list_valid":b,"trusted":[ids],"unsigned":[ids]}
//   {"op":"safety","a":u,"key_a":k,"b":u,"key_b":k}       -> {"number":".."}
//   {"op":"backup","passphrase":p,"ops":n,"mem":n}        -> {"auth":a,"entries":[{"id","sealed"}]}
//   {"op":"restore","passphrase":p,"auth":a,"entries":[..]} -> {"ok":bool,"imported":n}

#include <boost/json.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "client/e2ee/backup.hpp"
#include "client/e2ee/device.hpp"
#include "client/e2ee/trust.hpp"

namespace json = boost::json;
using namespace natter::client;

namespace {

e2ee::peer peer_of(const json::value& v) {
  const auto& o = v.as_object();
  return e2ee::peer{o.at("user").to_number<std::int64_t>(), std::string(o.at("device_id").as_string()),
                    std::string(o.at("curve25519").as_string()), std::string(o.at("ed25519").as_string())};
}

json::object peer_json(const e2ee::peer& p) {
  return {{"user", p.user}, {"device_id", p.device_id}, {"curve25519", p.curve25519}, {"ed25519", p.ed25519}};
}

std::vector<e2ee::peer> peers_of(const json::value& v) {
  std::vector<e2ee::peer> out;
  for (const auto& p : v.as_array()) out.push_back(peer_of(p));
  return out;
}

json::object key_json(const natter::protocol::device_key& k) {
  return {{"key_id", k.key_id}, {"curve25519", k.curve25519}, {"signature", k.signature}};
}

json::object result_json(const e2ee::decrypted& d) {
  if (!d) return {{"ok", false}, {"why", std::string(e2ee::describe(d.error->why))}, {"detail", d.error->detail}};
  return {{"ok", true}, {"body", d.value->body}, {"group_key", d.value->group_key}};
}

natter::protocol::user_keys user_keys_of(const json::object& k) {
  natter::protocol::user_keys out;
  out.user_id = k.at("user_id").to_number<std::int64_t>();
  if (k.at("signing_key").is_string()) out.signing_key = std::string(k.at("signing_key").as_string());
  out.list_version = k.at("list_version").to_number<std::int64_t>();
  for (const auto& v : k.at("devices").as_array()) {
    const auto& d = v.as_object();
    out.devices.push_back({std::string(d.at("device_id").as_string()), std::string(d.at("curve25519").as_string()),
                           std::string(d.at("ed25519").as_string()), std::string(d.at("signature").as_string()), "",
                           0});
  }
  if (k.at("signed_list").is_object()) {
    const auto& l = k.at("signed_list").as_object();
    natter::protocol::signed_device_list list{
        l.at("version").to_number<std::int64_t>(), std::string(l.at("signature").as_string()), {}};
    for (const auto& v : l.at("devices").as_array()) {
      list.devices.push_back({std::string(v.at("device_id").as_string()), std::string(v.at("ed25519").as_string())});
    }
    out.signed_list = list;
  }
  return out;
}

json::array ids_of(const std::vector<e2ee::peer>& peers) {
  json::array out;
  for (const auto& p : peers) out.emplace_back(p.device_id);
  return out;
}

// Answers the requests that need no device.
std::optional<json::object> handle_trust(const std::string& op, const json::object& r) {
  if (op == "ssk_sign") {
    static const e2ee::self_signing ssk;
    std::vector<natter::protocol::device_info> devices;
    for (const auto& v : r.at("devices").as_array()) {
      devices.push_back(
          {std::string(v.at("device_id").as_string()), "", std::string(v.at("ed25519").as_string()), "", "", 0});
    }
    const auto signed_list =
        ssk.sign_list(r.at("user").to_number<std::int64_t>(), r.at("version").to_number<std::int64_t>(), devices);
    return json::object{{"public", ssk.public_key()}, {"signature", signed_list.signature}};
  }
  if (op == "check") {
    const auto c = e2ee::check_user_keys(user_keys_of(r.at("keys").as_object()));
    return json::object{
        {"list_valid", c.list_valid}, {"trusted", ids_of(c.trusted)}, {"unsigned", ids_of(c.unsigned_)}};
  }
  if (op == "safety") {
    return json::object{
        {"number", e2ee::safety_number(r.at("a").to_number<std::int64_t>(), r.at("key_a").as_string(),
                                       r.at("b").to_number<std::int64_t>(), r.at("key_b").as_string())}};
  }
  return std::nullopt;
}

json::object handle(std::optional<e2ee::device>& d, const json::object& r) {
  const std::string op(r.at("op").as_string());
  if (auto answered = handle_trust(op, r)) return std::move(*answered);
  if (op == "create") {
    d.emplace(r.at("user").to_number<std::int64_t>(), std::string(r.at("device").as_string()));
    return {{"self", peer_json(d->self())}};
  }
  if (!d) return {{"error", "create first"}};
  if (op == "upload") {
    const auto up = d->upload(static_cast<int>(r.at("count").to_number<std::int64_t>()));
    d->published();
    json::array keys;
    for (const auto& k : up.one_time_keys) keys.push_back(key_json(k));
    json::object o{{"device_id", up.device_id},
                   {"curve25519", up.curve25519},
                   {"ed25519", up.ed25519},
                   {"signature", up.signature},
                   {"one_time_keys", std::move(keys)}};
    if (up.fallback_key) o["fallback_key"] = key_json(*up.fallback_key);
    return {{"upload", std::move(o)}};
  }
  if (op == "start") {
    const auto& k = r.at("key").as_object();
    const natter::protocol::claimed_key claimed{
        k.at("user_id").to_number<std::int64_t>(),  std::string(k.at("device_id").as_string()),
        std::string(k.at("key_id").as_string()),    std::string(k.at("curve25519").as_string()),
        std::string(k.at("signature").as_string()), k.at("fallback").as_bool()};
    return {{"ok", d->start_session(peer_of(r.at("peer")), claimed)}};
  }
  if (op == "encrypt") {
    const auto to = peers_of(r.at("to"));
    return {{"envelope", d->encrypt(r.at("body").as_string(), to)}};
  }
  if (op == "decrypt") return result_json(d->decrypt(r.at("envelope").as_object(), peer_of(r.at("sender"))));
  const auto c = r.contains("conversation") ? r.at("conversation").to_number<std::int64_t>() : 0;
  if (op == "group_encrypt") {
    auto env = d->group_encrypt(c, r.at("body").as_string(), r.at("now").to_number<std::int64_t>());
    return {{"envelope", std::move(env)}, {"new_session", d->new_group_session(c)}};
  }
  if (op == "share") {
    const auto to = peers_of(r.at("to"));
    return {{"envelope", d->share_group_key(c, to)}};
  }
  if (op == "group_decrypt") {
    return result_json(d->group_decrypt(c, r.at("message_id").to_number<std::int64_t>(), r.at("envelope").as_object(),
                                        peer_of(r.at("sender"))));
  }
  if (op == "backup") {
    auto [key, auth] = e2ee::backup_key::create(
        r.at("passphrase").as_string(), {r.at("ops").to_number<std::uint64_t>(), r.at("mem").to_number<std::size_t>()});
    json::array entries;
    for (const auto& e : d->export_group_keys()) {
      entries.push_back(json::object{{"id", e.session_id}, {"sealed", key.seal(e.session_id, e.json)}});
    }
    return {{"auth", auth}, {"entries", std::move(entries)}};
  }
  if (op == "restore") {
    auto key = e2ee::backup_key::open(r.at("passphrase").as_string(), r.at("auth").as_string());
    if (!key) return {{"ok", false}, {"imported", 0}};
    int imported = 0;
    for (const auto& e : r.at("entries").as_array()) {
      auto plain = key->unseal(e.at("id").as_string(), e.at("sealed").as_string());
      if (plain && d->import_group_key(*plain)) ++imported;
    }
    return {{"ok", true}, {"imported", imported}};
  }
  if (op == "rotate") {
    d->rotate_group(c);
    return {};
  }
  return {{"error", "unknown op " + op}};
}

}  // namespace

int main() {
  std::optional<e2ee::device> d;
  std::string line;
  while (std::getline(std::cin, line)) {
    json::object reply;
    try {
      reply = handle(d, json::parse(line).as_object());
    } catch (const std::exception& e) {
      reply = {{"error", e.what()}};
    }
    std::cout << json::serialize(reply) << std::endl;
  }
  return 0;
}
