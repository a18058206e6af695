// crypto_session: device approval, the key backup (set-up, automatic
// upload, restore), key requests and forwarded keys (crypto_session.hpp;
// the formats are docs/protocol.md's "device messages" payloads).

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <span>

#include "client/e2ee/crypto_session.hpp"

namespace natter::client::e2ee {

namespace json = boost::json;

namespace {

// A put must fit one frame (64 KiB): at most this many entries and bytes.
constexpr std::size_t backup_batch_entries = 100;
constexpr std::size_t backup_batch_bytes = std::size_t{40} * 1024;
constexpr int backup_page = 100;
constexpr int max_backup_pages = 2000;  // 100,000 entries at most per backup
constexpr int max_asker_refreshes = 100;

std::string text_at(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t int_at(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_int64() ? v->get_int64() : -1;
}

std::string random_request_id() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(out.size() - 1);
  return out;
}

std::size_t characters(std::string_view utf8) {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

}  // namespace

// --- device approval ---

outcome<success> crypto_session::approve_device(const std::string& device_id) {
  if (!ssk_) {
    return client::failure::local("NOT_ALLOWED", "Approve it on the device that holds your signing key.");
  }
  const auto me = self().user;
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto got = ask(protocol::keys_query_request{{me}});
    if (!got) return got.error();
    if (got->users.empty()) return client::failure::local("NOT_FOUND", "You have no published devices.");
    auto keys = got->users.front();
    const auto checked = check_user_keys(keys);
    auto holds = [&](const std::string& id) {
      auto named = [&](const peer& p) { return p.device_id == id; };
      return std::any_of(checked.trusted.begin(), checked.trusted.end(), named) ||
             std::any_of(checked.unsigned_.begin(), checked.unsigned_.end(), named);
    };
    if (!holds(device_id)) {
      return client::failure::local("NOT_FOUND", "No device " + device_id + " of yours whose own signature holds.");
    }
    for (const auto& d : keys.devices) {
      if (!holds(d.device_id)) {
        return client::failure::local("SIGNATURE_INVALID",
                                      "Device " + d.device_id + " in your list fails its own signature: not signed.");
      }
    }
    std::sort(keys.devices.begin(), keys.devices.end(),
              [](const protocol::device_info& a, const protocol::device_info& b) { return a.device_id < b.device_id; });
    auto signed_list = ask(ssk_->sign_list(me, keys.list_version, keys.devices));
    if (signed_list) {
      auto noticed = refresh_user(me);
      pending_.insert(pending_.end(), noticed.begin(), noticed.end());
      return success{};
    }
    if (signed_list.error().code != "KEY_CONFLICT") return signed_list.error();
  }
  return client::failure::local("KEY_CONFLICT", "Your device list kept changing: try again.");
}

// --- key backup ---

void crypto_session::save_backup(json::object& state) const {
  if (!backup_) return;
  json::array waiting;
  for (const auto& name : backup_waiting_) waiting.emplace_back(name);
  state["backup"] = json::object{{"version", backup_version_}, {"key", backup_->save()}, {"waiting", waiting}};
}

void crypto_session::restore_backup(const json::object& state) {
  const auto* b = state.if_contains("backup");
  if (b == nullptr || !b->is_object()) return;
  const auto& o = b->get_object();
  backup_ = backup_key::restore(text_at(o, "key"));
  backup_version_ = int_at(o, "version");
  if (const auto* w = o.if_contains("waiting"); w != nullptr && w->is_array()) {
    for (const auto& name : w->get_array()) {
      if (name.is_string()) backup_waiting_.emplace(name.get_string());
    }
  }
  if (!backup_ || backup_version_ <= 0) {
    backup_.reset();
    backup_waiting_.clear();
  }
}

void crypto_session::backup_mark(const std::string& sender_key, const std::string& session_id) {
  if (backup_ && !session_id.empty()) backup_waiting_.insert(sender_key + "|" + session_id);
}

void crypto_session::backup_forget(const std::string& why) {
  backup_.reset();
  backup_version_ = 0;
  backup_waiting_.clear();
  save();
  pending_.push_back(backup_problem{why});
}

outcome<success> crypto_session::backup_put(const std::vector<group_key_export>& keys) {
  protocol::keys_backup_put_request put{backup_version_, {}};
  std::size_t bytes = 0;
  auto flush = [&]() -> outcome<success> {
    if (put.entries.empty()) return success{};
    auto done = ask(put);
    put.entries.clear();
    bytes = 0;
    if (!done) return done.error();
    return success{};
  };
  for (const auto& k : keys) {
    protocol::backup_entry entry{k.session_id, backup_->seal(k.session_id, k.json)};
    const auto size = entry.session_id.size() + entry.data.size() + 32;
    if (put.entries.size() >= backup_batch_entries || bytes + size > backup_batch_bytes) {
      if (auto sent = flush(); !sent) return sent;
    }
    bytes += size;
    put.entries.push_back(std::move(entry));
  }
  return flush();
}

void crypto_session::backup_flush() {
  if (!backup_ || backup_waiting_.empty()) return;
  std::vector<group_key_export> keys;
  for (const auto& name : backup_waiting_) {
    const auto bar = name.find('|');
    if (bar == std::string::npos) continue;
    if (auto k = device_->export_group_key(name.substr(0, bar), name.substr(bar + 1))) keys.push_back(std::move(*k));
  }
  auto put = backup_put(keys);
  if (put) {
    backup_waiting_.clear();
    save();
    return;
  }
  const auto& code = put.error().code;
  if (code == "BACKUP_VERSION_MISMATCH" || code == "NOT_FOUND") {
    backup_forget(
        "Your key backup was replaced or deleted on another device: new keys are not backed up here until you "
        "restore it (/backup restore).");
  }
  // Anything else (offline, rate limited): retried at the next catch_up.
}

outcome<backup_status_view> crypto_session::backup_status() {
  backup_status_view out;
  out.waiting = backup_waiting_.size();
  auto info = ask(protocol::keys_backup_info_request{});
  if (!info) {
    if (info.error().code == "NOT_FOUND") return out;
    return info.error();
  }
  out.exists = true;
  out.version = info->version;
  out.count = info->count;
  out.uploading = backup_.has_value() && backup_version_ == info->version;
  return out;
}

outcome<backup_status_view> crypto_session::backup_setup(std::string_view passphrase) {
  if (characters(passphrase) < min_backup_passphrase) {
    return client::failure::local(
        "VALIDATION_FAILED", "The passphrase needs at least " + std::to_string(min_backup_passphrase) + " characters.");
  }
  std::optional<std::pair<backup_key, std::string>> made;
  try {
    made.emplace(backup_key::create(passphrase, options_.backup_cost));
  } catch (const std::runtime_error& e) {
    return client::failure::local("BACKUP_FAILED", e.what());
  }
  auto created = ask(protocol::keys_backup_create_request{made->second});
  if (!created) return created.error();
  backup_ = std::move(made->first);
  backup_version_ = created->version;
  backup_waiting_.clear();
  save();
  if (auto put = backup_put(device_->export_group_keys()); !put) {
    // The keys go up at the next connect.
    for (const auto& k : device_->export_group_keys()) {
      const auto o = json::parse(k.json).as_object();
      backup_mark(text_at(o, "sender_key"), k.session_id);
    }
    save();
    return put.error();
  }
  return backup_status();
}

outcome<restore_result> crypto_session::backup_restore(std::string_view passphrase) {
  auto info = ask(protocol::keys_backup_info_request{});
  if (!info) {
    if (info.error().code == "NOT_FOUND") return client::failure::local("NO_BACKUP", "You have no key backup.");
    return info.error();
  }
  auto key = backup_key::open(passphrase, info->auth_data);
  if (!key) {
    return client::failure::local("WRONG_PASSPHRASE",
                                  "That passphrase does not open your key backup: nothing was imported.");
  }
  restore_result result;
  std::set<std::string> in_backup;
  std::vector<std::string> imported;
  std::string after;
  for (int page = 0; page < max_backup_pages; ++page) {
    auto got = ask(protocol::keys_backup_get_request{info->version, after, backup_page});
    if (!got) return got.error();
    for (const auto& e : got->entries) {
      in_backup.insert(e.session_id);
      const auto plain = key->unseal(e.session_id, e.data);
      if (plain && device_->import_group_key(*plain)) {
        ++result.imported;
        imported.push_back(e.session_id);
      } else {
        ++result.skipped;
      }
      after = e.session_id;
    }
    if (!got->has_more || got->entries.empty()) break;
  }
  backup_ = std::move(*key);
  backup_version_ = info->version;
  backup_waiting_.clear();
  // What this device holds and the backup does not goes up too.
  for (const auto& k : device_->export_group_keys()) {
    if (in_backup.contains(k.session_id)) continue;
    const auto o = json::parse(k.json).as_object();
    backup_mark(text_at(o, "sender_key"), k.session_id);
  }
  save();
  for (const auto& id : imported) {
    auto reopened = reopen(id);
    pending_.insert(pending_.end(), reopened.begin(), reopened.end());
  }
  backup_flush();
  return result;
}

// --- key requests and forwarded keys ---

bool crypto_session::own_signed_device(const peer& p) {
  if (p.user != self().user || p.device_id == self().device_id) return false;
  auto listed = [&] {
    auto it = users_.find(self().user);
    if (it == users_.end() || !it->second.signed_ids.contains(p.device_id)) return false;
    return std::any_of(it->second.devices.begin(), it->second.devices.end(), [&](const peer& d) {
      return d.device_id == p.device_id && d.ed25519 == p.ed25519 && d.curve25519 == p.curve25519;
    });
  };
  if (listed()) return true;
  if (asker_refreshes_ >= max_asker_refreshes) return false;
  ++asker_refreshes_;  // approved since the list was read?
  auto noticed = refresh_user(self().user);
  pending_.insert(pending_.end(), noticed.begin(), noticed.end());
  return listed();
}

outcome<success> crypto_session::send_payload(const std::vector<peer>& to, const json::object& content) {
  return send_sealed(to, [&](const peer& p) { return device_->encrypt_payload(content, std::span(&p, 1)); });
}

bool crypto_session::request_key(protocol::conversation_id c, const std::string& session_id, const peer& owner) {
  if (auto asked = requested_.find(session_id); asked != requested_.end()) return asked->second;
  auto others = [&] {
    std::vector<peer> out;
    auto it = users_.find(self().user);
    if (it == users_.end()) return out;
    for (const auto& p : it->second.devices) {
      if (p.device_id != self().device_id && it->second.signed_ids.contains(p.device_id)) out.push_back(p);
    }
    return out;
  };
  auto to = others();
  if (to.empty()) {
    auto noticed = refresh_user(self().user);
    pending_.insert(pending_.end(), noticed.begin(), noticed.end());
    to = others();
  }
  const json::object request{{"kind", "key_request"},          {"request_id", random_request_id()},
                             {"conversation_id", c},           {"session_id", session_id},
                             {"sender_key", owner.curve25519}, {"owner", owner.user},
                             {"owner_device", owner.device_id}};
  const bool asked = !to.empty() && send_payload(to, request);
  requested_[session_id] = asked;
  return asked;
}

void crypto_session::answer_key_request(const peer& from, const json::object& payload, std::vector<notice>& out) {
  const auto request_id = text_at(payload, "request_id");
  if (request_id.empty() || answered_.contains(request_id)) return;
  if (!own_signed_device(from)) {
    out.push_back(key_request_refused{from.device_id, from.user == self().user ? "not confirmed" : "another user"});
    return;
  }
  if (answers_ >= max_key_answers) {
    out.push_back(key_request_refused{from.device_id, "too many"});
    return;
  }
  const auto session_id = text_at(payload, "session_id");
  auto key = device_->export_group_key(text_at(payload, "sender_key"), session_id);
  if (!key) return;  // not held here: another device may answer
  auto exported = json::parse(key->json).as_object();
  if (int_at(exported, "conversation") != int_at(payload, "conversation_id")) return;
  const json::object answer{{"kind", "forwarded_key"},
                            {"request_id", request_id},
                            {"conversation_id", int_at(payload, "conversation_id")},
                            {"session_id", session_id},
                            {"key", std::move(exported)}};
  answered_.insert(request_id);
  ++answers_;
  (void)send_payload({from}, answer);
}

void crypto_session::accept_forwarded_key(const peer& from, const json::object& payload, std::vector<notice>& out) {
  if (!own_signed_device(from)) return;  // only the user's own confirmed devices forward keys
  const auto* k = payload.if_contains("key");
  if (k == nullptr || !k->is_object()) return;
  const auto& key = k->get_object();
  const auto session_id = text_at(payload, "session_id");
  if (session_id.empty() || text_at(key, "session_id") != session_id ||
      int_at(key, "conversation") != int_at(payload, "conversation_id")) {
    return;
  }
  // import_group_key checks that the key is the session it names.
  if (!device_->import_group_key(json::serialize(key))) return;
  backup_mark(text_at(key, "sender_key"), session_id);
  save();
  auto reopened = reopen(session_id);
  out.insert(out.end(), reopened.begin(), reopened.end());
}

}  // namespace natter::client::e2ee
