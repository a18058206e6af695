#include "client/e2ee/crypto_session.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <random>
#include <stdexcept>

namespace natter::client::e2ee {

namespace json = boost::json;

namespace {

std::string random_device_id() {
  static constexpr std::string_view alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::random_device source;
  std::string id;
  for (int i = 0; i < 10; ++i) id += alphabet[source() % alphabet.size()];
  return id;
}

std::optional<json::object> object_of(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string string_field(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

crypto_session::crypto_session(session& s, crypto_options o)
    : session_(s), options_(std::move(o)), file_(options_.state_dir) {
  options_.one_time_keys = std::clamp(options_.one_time_keys, 1, protocol::max_keys_per_upload);
  bootstrap();
}

crypto_session::~crypto_session() = default;

void crypto_session::save() {
  json::object state{{"v", 1},
                     {"user", device_->self().user},
                     {"device", device_->save(file_.pickle_key())},
                     {"trust", trust_.save()}};
  if (ssk_) state["ssk"] = ssk_->save();
  save_backup(state);
  file_.store(json::serialize(state));
}

void crypto_session::restore(const std::string& saved) {
  auto state = object_of(saved);
  if (!state || !state->contains("device")) throw std::runtime_error("e2ee: the state file is not a device's state");
  device_.emplace(device::restore(string_field(*state, "device"), file_.pickle_key()));
  trust_ = trust_store::restore(string_field(*state, "trust"));
  if (auto k = string_field(*state, "ssk"); !k.empty()) ssk_ = self_signing::restore(k);
  restore_backup(*state);
}

void crypto_session::bootstrap() {
  const auto me = session_.user();
  if (!me) throw std::runtime_error("e2ee: the session has not been online");
  const auto saved = file_.load();
  if (saved) {
    restore(*saved);
    if (device_->self().user != me->id) throw std::runtime_error("e2ee: the state file belongs to another user");
  } else {
    device_.emplace(me->id, options_.device_id.empty() ? random_device_id() : options_.device_id);
  }
  std::optional<std::string> name;
  if (!options_.display_name.empty()) name = options_.display_name;
  auto uploaded = ask(device_->upload(saved ? 0 : options_.one_time_keys, name));
  if (!uploaded) throw std::runtime_error("e2ee: keys.upload: " + uploaded.error().code);
  device_->published();
  save();
  top_up(uploaded->one_time_key_count);
  if (!ssk_) ensure_self_signing(me->id);
  refresh_user(me->id);
  load_conversations();
  auto waiting = catch_up();
  pending_.insert(pending_.end(), waiting.begin(), waiting.end());
}

void crypto_session::ensure_self_signing(user_id me) {
  // The user's first device makes the self-signing key, and so does one left
  // alone (every other device removed: a reinstall), since nothing could sign
  // a list again otherwise; contacts then see the key change (keys_changed).
  // A later device beside others waits for one of them to approve it.
  auto own = ask(protocol::keys_query_request{{me}});
  if (!own || own->users.empty()) return;
  const auto& mine = own->users.front();
  const bool others = std::any_of(mine.devices.begin(), mine.devices.end(),
                                  [&](const protocol::device_info& d) { return d.device_id != self().device_id; });
  if (mine.signing_key && others) return;
  self_signing k;
  if (!ask(k.publish(me, mine.signing_key.has_value()))) return;
  ssk_ = k;
  save();
  auto fresh = ask(protocol::keys_query_request{{me}});
  if (fresh && !fresh->users.empty() && fresh->users.front().devices.size() == 1) {
    (void)ask(k.sign_list(me, fresh->users.front().list_version, fresh->users.front().devices));
  }
}

void crypto_session::top_up(std::int64_t stock) {
  if (stock >= options_.one_time_keys) return;
  const auto more = static_cast<int>(options_.one_time_keys - std::max<std::int64_t>(stock, 0));
  if (ask(device_->upload(more))) {
    device_->published();
    save();
  }
}

std::vector<notice> crypto_session::handle(const protocol::event& e) {
  std::vector<notice> out = std::move(pending_);
  pending_.clear();
  if (const auto* message = std::get_if<protocol::to_device_event>(&e)) {
    if (auto id = receive(*message, out)) acknowledge(*id);
  } else if (const auto* low = std::get_if<protocol::keys_low_event>(&e)) {
    if (low->device_id == self().device_id) top_up(low->one_time_key_count);
  } else if (const auto* changed = std::get_if<protocol::devices_changed_event>(&e)) {
    auto more = refresh_user(changed->user_id);
    out.insert(out.end(), more.begin(), more.end());
  } else if (const auto* joined = std::get_if<protocol::member_joined_event>(&e)) {
    // The cached members follow (they are what a device change rotates by).
    if (auto it = conversations_.find(joined->conversation); it != conversations_.end()) {
      it->second.members.push_back(joined->user_id);
    }
    device_->rotate_group(joined->conversation);
    save();
  } else if (const auto* left = std::get_if<protocol::member_left_event>(&e)) {
    if (auto it = conversations_.find(left->conversation); it != conversations_.end()) {
      std::erase(it->second.members, left->user_id);
    }
    device_->rotate_group(left->conversation);
    save();
  } else if (const auto* updated = std::get_if<protocol::conversation_updated_event>(&e)) {
    if (auto it = conversations_.find(updated->conversation);
        it != conversations_.end() && updated->action == "encrypt") {
      it->second.encrypted = true;
    }
  }
  auto more = std::move(pending_);
  pending_.clear();
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

std::optional<std::int64_t> crypto_session::receive(const protocol::to_device_event& e, std::vector<notice>& out) {
  if (e.device_id != self().device_id) return std::nullopt;
  const auto envelope = object_of(e.sealed.json);
  const peer* sender = find_device(e.sender, e.sender_device);
  if (envelope && sender != nullptr) {
    const peer from = *sender;
    auto opened = device_->decrypt(*envelope, from);
    if (opened && opened.value->group_key) {
      backup_mark(from.curve25519, opened.value->session_id);
      auto reopened = reopen(opened.value->session_id);
      out.insert(out.end(), reopened.begin(), reopened.end());
    } else if (opened && opened.value->kind == "key_request") {
      answer_key_request(from, opened.value->payload, out);
    } else if (opened && opened.value->kind == "forwarded_key") {
      accept_forwarded_key(from, opened.value->payload, out);
    }
  }
  save();
  backup_flush();
  return e.id;
}

void crypto_session::acknowledge(std::int64_t up_to) {
  (void)ask(protocol::to_device_ack_request{up_to});
}

std::vector<notice> crypto_session::catch_up() {
  std::vector<notice> out;
  requested_.clear();  // a reconnect: missing keys may be asked for again
  std::int64_t after =
      0;  // from the start: what was opened but not acknowledged is opened again (refused) and acknowledged
  for (;;) {
    auto listed = ask(protocol::to_device_list_request{after, 100});
    if (!listed || listed->messages.empty()) break;
    std::int64_t handled = 0;
    for (const auto& m : listed->messages) {
      if (auto id = receive(m, out)) handled = std::max(handled, *id);
      after = m.id;
    }
    if (handled > 0) acknowledge(handled);
    if (!listed->has_more) break;
  }
  backup_flush();  // what failed to go up before
  return out;
}

std::vector<notice> crypto_session::reopen(const std::string& session_id) {
  std::vector<notice> out;
  auto it = waiting_for_key_.find(session_id);
  if (it == waiting_for_key_.end()) return out;
  auto messages = std::move(it->second);
  waiting_for_key_.erase(it);
  waiting_ -= messages.size();
  for (const auto& m : messages) {
    auto shown = open(m);
    if (!shown.error) out.push_back(message_reopened{m, std::move(shown.text)});
  }
  return out;
}

shown_text crypto_session::open(const protocol::message& m) {
  if (!m.encrypted) return {m.text, std::nullopt, false};
  shown_text out{{}, std::nullopt, true};
  const auto envelope = object_of(m.encrypted->json);
  if (!envelope) {
    out.error = unreadable{failure::bad_message, "not an envelope"};
    return out;
  }
  const auto session_id = string_field(*envelope, "session_id");
  const peer* sender = find_device(m.sender_id, string_field(*envelope, "sender_device"));
  decrypted d;
  if (sender == nullptr) {
    d.error = unreadable{failure::missing_group_key, "the sending device is not known"};
  } else {
    const peer from = *sender;
    d = string_field(*envelope, "alg") == "olm.v1" ? device_->decrypt(*envelope, from)
                                                   : device_->group_decrypt(m.conversation, m.id, *envelope, from);
  }
  if (d) {
    out.text = std::move(d.value->body);
    if (!d.value->files.is_null()) {
      std::vector<std::string> attached;
      attached.reserve(m.attachments.size());
      for (const auto& a : m.attachments) attached.push_back(a.id);
      out.files = read_files(d.value->files, attached);
      out.files_json = std::move(d.value->files);
    }
    return out;
  }
  out.error = std::move(d.error);
  if (out.error->why == failure::missing_group_key && !session_id.empty()) {
    if (waiting_ >= max_waiting_messages) {
      auto oldest = waiting_for_key_.begin();
      waiting_ -= oldest->second.size();
      waiting_for_key_.erase(oldest);
    }
    auto& list = waiting_for_key_[session_id];
    if (std::none_of(list.begin(), list.end(), [&](const protocol::message& w) { return w.id == m.id; })) {
      list.push_back(m);
      ++waiting_;
    }
    // The user's other devices may hold it: asked once per session and run.
    if (sender != nullptr && request_key(m.conversation, session_id, *sender)) {
      out.error->detail = "your other devices were asked for it";
    }
  }
  return out;
}

}  // namespace natter::client::e2ee
