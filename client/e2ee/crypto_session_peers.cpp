// crypto_session: other users' devices, trust, and sending
// (crypto_session.hpp).

#include <algorithm>
#include <boost/json.hpp>
#include <span>
#include <stdexcept>

#include "client/e2ee/crypto_session.hpp"

namespace natter::client::e2ee {

namespace {

bool same_device(const peer& a, const peer& b) {
  return a.device_id == b.device_id && a.ed25519 == b.ed25519;
}

std::string key_groups(std::string_view key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); i += 4) {
    if (!out.empty()) out += ' ';
    out += key.substr(i, 4);
  }
  return out;
}

}  // namespace

std::vector<notice> crypto_session::refresh_user(user_id u) {
  std::vector<notice> out;
  auto got = ask(protocol::keys_query_request{{u}});
  if (!got || got->users.empty()) return out;
  const auto& keys = got->users.front();
  auto checked = check_user_keys(keys);
  known_user fresh;
  for (auto& p : checked.trusted) {
    fresh.signed_ids.insert(p.device_id);
    fresh.devices.push_back(std::move(p));
  }
  for (auto& p : checked.unsigned_) fresh.devices.push_back(std::move(p));
  for (const auto& d : keys.devices) fresh.names[d.device_id] = d.display_name;
  fresh.signing_key = keys.signing_key;
  fresh.list_version = keys.list_version;

  bool devices_differ = true;
  if (auto old = users_.find(u); old != users_.end()) {
    const auto& before = old->second.devices;
    for (const auto& p : fresh.devices) {
      const bool known = std::any_of(before.begin(), before.end(), [&](const peer& b) { return same_device(b, p); });
      if (!known && !(u == self().user && p.device_id == self().device_id)) out.push_back(device_added{u, p.device_id});
    }
    devices_differ = before.size() != fresh.devices.size() || !out.empty();
  }
  if (u != self().user && keys.signing_key) {
    const auto previous = users_.contains(u) ? users_[u].signing_key : std::nullopt;
    const auto t = trust_.observe(u, *keys.signing_key);
    if ((t == trust::changed || t == trust::changed_after_verify) && previous != keys.signing_key) {
      out.push_back(keys_changed{u, t});
    }
  }
  users_[u] = std::move(fresh);
  // A device came or went: the group sessions it shares are replaced, so that
  // a new device gets a key and a removed one reads nothing that follows.
  if (devices_differ) {
    for (const auto& [c, info] : conversations_) {
      if (std::find(info.members.begin(), info.members.end(), u) != info.members.end()) device_->rotate_group(c);
    }
  }
  save();
  return out;
}

const peer* crypto_session::find_device(user_id u, const std::string& device_id) {
  if (u == self().user && device_id == self().device_id) return &self();
  auto look = [&]() -> const peer* {
    auto it = users_.find(u);
    if (it == users_.end()) return nullptr;
    for (const auto& p : it->second.devices) {
      if (p.device_id == device_id) return &p;
    }
    return nullptr;
  };
  if (const auto* found = look()) return found;
  auto noticed = refresh_user(u);
  pending_.insert(pending_.end(), noticed.begin(), noticed.end());
  return look();
}

void crypto_session::load_conversations() {
  auto got = ask(protocol::conversations_list_request{});
  if (!got) return;
  for (const auto& c : got->conversations) conversations_[c.id] = conversation_info{c.encrypted, c.member_ids};
}

std::optional<crypto_session::conversation_info> crypto_session::conversation(protocol::conversation_id c) {
  if (!conversations_.contains(c)) load_conversations();
  auto it = conversations_.find(c);
  if (it == conversations_.end()) return std::nullopt;
  return it->second;
}

bool crypto_session::is_encrypted(protocol::conversation_id c) {
  auto info = conversation(c);
  return info && info->encrypted;
}

outcome<success> crypto_session::encrypt(protocol::conversation_id c) {
  auto done = ask(protocol::conversation_encrypt_request{c});
  if (!done) return done.error();
  if (auto it = conversations_.find(c); it != conversations_.end()) it->second.encrypted = true;
  return success{};
}

outcome<success> crypto_session::ensure_sessions(const std::vector<peer>& to) {
  std::vector<protocol::device_ref> missing;
  for (const auto& p : to) {
    if (!device_->has_session(p)) missing.push_back({p.user, p.device_id});
  }
  for (std::size_t at = 0; at < missing.size(); at += protocol::max_key_claim_devices) {
    const auto end = std::min(missing.size(), at + protocol::max_key_claim_devices);
    auto claimed = ask(protocol::keys_claim_request{
        {missing.begin() + static_cast<std::ptrdiff_t>(at), missing.begin() + static_cast<std::ptrdiff_t>(end)}});
    if (!claimed) return claimed.error();
    for (const auto& k : claimed->keys) {
      auto p = std::find_if(to.begin(), to.end(),
                            [&](const peer& d) { return d.user == k.user_id && d.device_id == k.device_id; });
      if (p != to.end()) device_->start_session(*p, k);
    }
  }
  return success{};
}

outcome<success> crypto_session::share_key(protocol::conversation_id c, const conversation_info& info) {
  std::vector<peer> to;
  for (auto u : info.members) {
    if (!users_.contains(u)) refresh_user(u);
    for (const auto& p : users_[u].devices) {
      if (!(u == self().user && p.device_id == self().device_id)) to.push_back(p);
    }
  }
  return send_sealed(std::move(to), [&](const peer& p) { return device_->share_group_key(c, std::span(&p, 1)); });
}

// to_device.send takes at most this many messages (docs/protocol.md).
constexpr std::size_t max_device_messages_per_send = 100;

outcome<success> crypto_session::send_sealed(std::vector<peer> to,
                                             const std::function<boost::json::object(const peer&)>& seal) {
  if (auto ready = ensure_sessions(to); !ready) return ready.error();
  // A device without a key to start a session with cannot be reached now:
  // it shows missing_group_key (a reshare or a key request reaches it later).
  std::erase_if(to, [&](const peer& p) { return !device_->has_session(p); });
  std::vector<protocol::to_device_message> messages;
  messages.reserve(to.size());
  for (const auto& p : to) {
    messages.push_back({p.user, p.device_id, protocol::envelope{boost::json::serialize(seal(p))}});
  }
  save();  // the Olm sessions moved on: on disk before anything they made leaves
  for (std::size_t at = 0; at < messages.size(); at += max_device_messages_per_send) {
    const auto end = std::min(messages.size(), at + max_device_messages_per_send);
    auto sent = ask(protocol::to_device_send_request{
        {messages.begin() + static_cast<std::ptrdiff_t>(at), messages.begin() + static_cast<std::ptrdiff_t>(end)}});
    if (!sent) return sent.error();
  }
  return success{};
}

outcome<protocol::message_reply> crypto_session::send(protocol::conversation_id c, std::string_view text) {
  protocol::send_request r;
  r.conversation = c;
  r.text = std::string(text);
  return send(std::move(r));
}

outcome<protocol::message_reply> crypto_session::send(protocol::send_request r) {
  const auto c = r.conversation.value_or(0);
  auto info = conversation(c);
  if (!info || !info->encrypted) return ask(std::move(r));
  if (!r.attachments.empty()) {
    return client::failure::local("ENCRYPTION_REQUIRED",
                                  "Files in an encrypted conversation are sent sealed, with their keys.");
  }
  auto sealed = seal_message(c, *info, r.text, nullptr);
  if (!sealed) return sealed.error();
  r.text.clear();
  r.encrypted = std::move(*sealed);
  return ask(std::move(r));
}

outcome<success> crypto_session::reshare(protocol::conversation_id c) {
  auto info = conversation(c);
  if (!info || !info->encrypted) return client::failure::local("NOT_ENCRYPTED", "The conversation is not encrypted.");
  try {
    return share_key(c, *info);
  } catch (const std::logic_error&) {
    return client::failure::local("NO_GROUP_SESSION", "This device has sent nothing there yet.");
  }
}

std::vector<device_view> crypto_session::devices_of(user_id u) {
  auto noticed = refresh_user(u);
  pending_.insert(pending_.end(), noticed.begin(), noticed.end());
  std::vector<device_view> out;
  const auto& known = users_[u];
  for (const auto& p : known.devices) {
    auto name = known.names.find(p.device_id);
    out.push_back({p.device_id, name == known.names.end() ? std::string() : name->second, key_groups(p.ed25519),
                   known.signed_ids.contains(p.device_id), u == self().user && p.device_id == self().device_id});
  }
  return out;
}

std::optional<std::string> crypto_session::safety_number_with(user_id u) {
  for (auto who : {self().user, u}) {
    auto noticed = refresh_user(who);
    pending_.insert(pending_.end(), noticed.begin(), noticed.end());
  }
  const auto& mine = users_[self().user].signing_key;
  const auto& theirs = users_[u].signing_key;
  if (!mine || !theirs) return std::nullopt;
  return safety_number(self().user, *mine, u, *theirs);
}

bool crypto_session::verify(user_id u) {
  const bool done = trust_.mark_verified(u);
  save();
  return done;
}

void crypto_session::acknowledge_change(user_id u) {
  trust_.acknowledge_change(u);
  save();
}

}  // namespace natter::client::e2ee
