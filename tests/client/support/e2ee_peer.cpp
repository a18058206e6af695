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

#include <boost/json.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "client/e2ee/device.hpp"

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

json::object handle(std::optional<e2ee::device>& d, const json::object& r) {
  const std::string op(r.at("op").as_string());
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
