// A device's state as one JSON document: what device::save writes and
// device::restore reads. libolm's parts are pickled (encrypted) with the
// caller's key; state_file encrypts the whole document again at rest.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "client/e2ee/device.hpp"
#include "client/e2ee/device_parts.hpp"
#include "client/e2ee/olm_objects.hpp"

namespace natter::client::e2ee {

namespace json = boost::json;

namespace {

constexpr std::int64_t state_version = 1;

std::string text_of(const json::object& o, std::string_view key) {
  return std::string(o.at(key).as_string());
}

}  // namespace

device::device(peer self, rotation r, std::unique_ptr<olm_account> account)
    : self_(std::move(self)), rotation_(r), account_(std::move(account)) {}

std::string device::save(std::string_view key) const {
  json::object sessions;
  for (const auto& [curve, list] : sessions_) {
    json::array pickles;
    for (const auto& s : list) pickles.emplace_back(s.pickle(key));
    sessions[curve] = std::move(pickles);
  }
  json::object outbound;
  for (const auto& [c, g] : outbound_) {
    outbound[std::to_string(c)] = json::object{
        {"pickle", g.session.pickle(key)}, {"first_key", g.first_key}, {"created", g.created}, {"sent", g.sent},
        {"needs_share", g.needs_share},    {"retired", g.retired}};
  }
  json::object inbound;
  for (const auto& [name, g] : inbound_) {
    json::array seen;
    for (const auto& [index, message] : g.seen) seen.emplace_back(json::array{index, message});
    inbound[name] = json::object{{"pickle", g.session.pickle(key)},
                                 {"conversation", g.conversation},
                                 {"owner", g.owner},
                                 {"owner_device", g.owner_device},
                                 {"seen", std::move(seen)}};
  }
  const json::object state{{"v", state_version},
                           {"user", self_.user},
                           {"device_id", self_.device_id},
                           {"curve25519", self_.curve25519},
                           {"ed25519", self_.ed25519},
                           {"rotation", json::array{rotation_.max_messages, rotation_.max_age_ms}},
                           {"account", account_->pickle(key)},
                           {"fallback_published", fallback_published_},
                           {"sessions", std::move(sessions)},
                           {"outbound", std::move(outbound)},
                           {"inbound", std::move(inbound)}};
  return json::serialize(state);
}

namespace {

template <class Inbound>
group_key_export export_one(const std::string& name, const Inbound& g) {
  const auto bar = name.find('|');
  std::string session_id = name.substr(bar + 1);
  const json::object o{{"v", 1},
                       {"sender_key", name.substr(0, bar)},
                       {"session_id", session_id},
                       {"conversation", g.conversation},
                       {"owner", g.owner},
                       {"owner_device", g.owner_device},
                       {"key", g.session.export_at(g.session.first_known_index())}};
  return {std::move(session_id), json::serialize(o)};
}

}  // namespace

std::vector<group_key_export> device::export_group_keys() const {
  std::vector<group_key_export> out;
  for (const auto& [name, g] : inbound_) out.push_back(export_one(name, g));
  return out;
}

std::optional<group_key_export> device::export_group_key(std::string_view sender_key,
                                                         std::string_view session_id) const {
  auto it = inbound_.find(std::string(sender_key) + "|" + std::string(session_id));
  if (it == inbound_.end()) return std::nullopt;
  return export_one(it->first, it->second);
}

bool device::import_group_key(std::string_view text) {
  boost::system::error_code ec;
  const auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return false;
  const auto& o = v.get_object();
  try {
    if (o.at("v").to_number<std::int64_t>() != 1) return false;
    const std::string sender_key(o.at("sender_key").as_string());
    const std::string session_id(o.at("session_id").as_string());
    auto session = megolm_inbound::import(o.at("key").as_string());
    if (session.id() != session_id) return false;
    const auto name = sender_key + "|" + session_id;
    auto it = inbound_.find(name);
    if (it != inbound_.end() && it->second.session.first_known_index() <= session.first_known_index()) return true;
    std::map<std::uint32_t, std::int64_t> seen;
    if (it != inbound_.end()) seen = std::move(it->second.seen);
    inbound_.insert_or_assign(name, group_in{std::move(session), o.at("conversation").to_number<std::int64_t>(),
                                             o.at("owner").to_number<std::int64_t>(),
                                             std::string(o.at("owner_device").as_string()), std::move(seen)});
    return true;
  } catch (const std::exception&) {
    return false;  // a field missing or of the wrong type, or a key libolm refuses
  }
}

device device::restore(std::string_view saved, std::string_view key) {
  const auto root = json::parse(saved).as_object();
  if (root.at("v").to_number<std::int64_t>() != state_version) throw std::runtime_error("e2ee: unknown state version");
  const auto& rot = root.at("rotation").as_array();
  peer self{root.at("user").to_number<std::int64_t>(), text_of(root, "device_id"), text_of(root, "curve25519"),
            text_of(root, "ed25519")};
  device d(
      std::move(self),
      rotation{static_cast<std::uint32_t>(rot.at(0).to_number<std::int64_t>()), rot.at(1).to_number<std::int64_t>()},
      olm_account::unpickle(key, root.at("account").as_string()));
  d.fallback_published_ = root.at("fallback_published").as_bool();
  for (const auto& [curve, list] : root.at("sessions").as_object()) {
    auto& out = d.sessions_[std::string(curve)];
    for (const auto& p : list.as_array()) out.push_back(olm_session::unpickle(key, p.as_string()));
  }
  for (const auto& [c, v] : root.at("outbound").as_object()) {
    const auto& g = v.as_object();
    d.outbound_.emplace(std::stoll(std::string(c)),
                        group_out{megolm_outbound::unpickle(key, g.at("pickle").as_string()), text_of(g, "first_key"),
                                  g.at("created").to_number<std::int64_t>(),
                                  static_cast<std::uint32_t>(g.at("sent").to_number<std::int64_t>()),
                                  g.at("needs_share").as_bool(), g.at("retired").as_bool()});
  }
  for (const auto& [name, v] : root.at("inbound").as_object()) {
    const auto& g = v.as_object();
    std::map<std::uint32_t, std::int64_t> seen;
    for (const auto& pair : g.at("seen").as_array()) {
      seen.emplace(static_cast<std::uint32_t>(pair.as_array().at(0).to_number<std::int64_t>()),
                   pair.as_array().at(1).to_number<std::int64_t>());
    }
    d.inbound_.emplace(std::string(name),
                       group_in{megolm_inbound::unpickle(key, g.at("pickle").as_string()),
                                g.at("conversation").to_number<std::int64_t>(), g.at("owner").to_number<std::int64_t>(),
                                text_of(g, "owner_device"), std::move(seen)});
  }
  return d;
}

}  // namespace natter::client::e2ee
