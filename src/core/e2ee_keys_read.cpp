// e2ee_keys: keys.query and keys.claim, what other people read and take.

#include <algorithm>
#include <set>
#include <utility>

#include "core/e2ee_keys.hpp"
#include "core/key_signatures.hpp"

namespace natter::core {

namespace asio = boost::asio;

namespace {

// Who the caller may read the keys of: themselves and their audience
// (symmetric: contacts both ways, fellow members of groups and direct chats).
std::set<store::user_id> readable_by(store::store& s, store::user_id caller, int max_audience) {
  auto audience = s.profile_audience(caller, max_audience);
  std::set<store::user_id> out(audience.begin(), audience.end());
  out.insert(caller);
  return out;
}

// "<device_id> <ed25519>\n" lines back into devices; a malformed line is skipped.
std::vector<protocol::signed_device> parse_lines(std::string_view lines) {
  std::vector<protocol::signed_device> out;
  while (!lines.empty()) {
    const auto end = lines.find('\n');
    const auto line = lines.substr(0, end);
    if (const auto space = line.find(' '); space != std::string_view::npos) {
      out.push_back({std::string(line.substr(0, space)), std::string(line.substr(space + 1))});
    }
    if (end == std::string_view::npos) break;
    lines.remove_prefix(end + 1);
  }
  return out;
}

protocol::user_keys keys_of(store::store& s, store::user_id u, int max_devices) {
  protocol::user_keys out;
  out.user_id = u;
  const auto owner = s.key_owner(u);
  if (!owner.signing_key.empty()) out.signing_key = owner.signing_key;
  out.list_version = owner.list_version;
  for (auto& d : s.devices_of(u, max_devices)) {
    out.devices.push_back({std::move(d.device_id), std::move(d.curve25519), std::move(d.ed25519),
                           std::move(d.signature), std::move(d.display_name), d.created_at});
  }
  if (owner.signed_version > 0) {
    out.signed_list =
        protocol::signed_device_list{owner.signed_version, owner.list_signature, parse_lines(owner.signed_devices)};
  }
  return out;
}

// The devices asked for, each once, in the order first asked.
result<std::vector<protocol::device_ref>> distinct_devices(std::vector<protocol::device_ref> asked) {
  if (asked.size() > static_cast<std::size_t>(protocol::max_key_claim_devices)) {
    return validation_error("devices", "At most 100 devices per claim.");
  }
  std::vector<protocol::device_ref> out;
  std::set<std::pair<store::user_id, std::string>> seen;
  for (auto& d : asked) {
    if (!is_key_name(d.device_id)) return validation_error("devices.device_id", "1 to 32 of A-Z a-z 0-9 _ -.");
    if (seen.emplace(d.user_id, d.device_id).second) out.push_back(std::move(d));
  }
  return out;
}

struct claim_outcome {
  protocol::keys_claim_reply reply;
  std::vector<protocol::keys_low_event> low;  // to the owners, by index in owners
  std::vector<store::user_id> owners;
};

}  // namespace

asio::awaitable<result<protocol::keys_query_reply>> e2ee_keys::query(caller who, protocol::keys_query_request r) {
  if (r.user_ids.size() > static_cast<std::size_t>(protocol::max_key_query_users)) {
    co_return validation_error("user_ids", "At most 50 users per query.");
  }
  if (auto wait = queries_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  std::vector<store::user_id> users;
  for (auto u : r.user_ids) {
    if (std::find(users.begin(), users.end(), u) == users.end()) users.push_back(u);
  }
  const int max_audience = limits_.max_audience;
  const int max_devices = limits_.max_devices_per_user;
  auto read = [who, users = std::move(users), max_audience,
               max_devices](store::store& s) -> result<protocol::keys_query_reply> {
    const auto readable = readable_by(s, who.id, max_audience);
    protocol::keys_query_reply out;
    for (auto u : users) {
      if (readable.contains(u)) {
        out.users.push_back(keys_of(s, u, max_devices));
      } else {  // the reply of a user without keys: a stranger's existence is not told
        protocol::user_keys none;
        none.user_id = u;
        out.users.push_back(std::move(none));
      }
    }
    return out;
  };
  co_return co_await db_.read(std::move(read));
}

asio::awaitable<result<protocol::keys_claim_reply>> e2ee_keys::claim(caller who, protocol::keys_claim_request r) {
  auto devices = distinct_devices(std::move(r.devices));
  if (!devices) co_return std::move(devices).err();
  if (auto wait = claims_.acquire(std::to_string(who.id))) co_return rate_limited_error(*wait);
  auto job = [this, who, devices = std::move(*devices)](store::store& s) -> result<claim_outcome> {
    const auto readable = readable_by(s, who.id, limits_.max_audience);
    claim_outcome out;
    for (const auto& d : devices) {
      if (!readable.contains(d.user_id)) continue;  // as a device without keys
      auto k = s.claim_key(d.user_id, d.device_id);
      if (!k) continue;
      out.reply.keys.push_back({d.user_id, d.device_id, std::move(k->key.key_id), std::move(k->key.curve25519),
                                std::move(k->key.signature), k->fallback});
      const int left = s.one_time_key_count(d.user_id, d.device_id);
      if (left <= limits_.low_key_mark) {
        out.low.push_back({d.device_id, left});
        out.owners.push_back(d.user_id);
      }
    }
    return out;
  };
  auto after = [this](const result<claim_outcome>& o) {
    for (std::size_t i = 0; i < o->low.size(); ++i) sink_.to_users({o->owners[i]}, o->low[i]);
  };
  auto done = co_await db_.write(std::move(job), std::move(after));
  if (!done) co_return std::move(done).err();
  co_return std::move(done->reply);
}

}  // namespace natter::core
