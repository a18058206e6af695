// End-to-end encryption in the full-screen chat: the login's crypto_session
// (its state under the config dir), messages decrypted before the model sees
// them ("unable to decrypt: <reason>" when they cannot be, replaced when the
// key arrives), and /encrypt, /devices, /verify, /trust, /approve, /backup.

#include <curses.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "clients/cli/chat_app.hpp"
#include "clients/cli/chat_marks.hpp"

namespace natter::cli {

namespace {

constexpr auto lookup_patience = std::chrono::seconds(10);

std::string unable(const client::e2ee::unreadable& why) {
  std::string out = "unable to decrypt: " + std::string(client::e2ee::describe(why.why));
  if (why.why == client::e2ee::failure::missing_group_key && why.detail.find("asked") != std::string::npos) {
    out += " (your other devices were asked)";
  }
  return out;
}

// Removes the last UTF-8 character of text.
void drop_last_character(std::string& text) {
  while (!text.empty()) {
    const auto last = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((last & 0xC0U) != 0x80U) break;
  }
}

}  // namespace

void chat_app::start_e2ee() {
  try {
    client::e2ee::crypto_options o;
    o.state_dir = *e2ee_dir_;
    o.display_name = "natter (terminal)";
    crypto_ = std::make_unique<client::e2ee::crypto_session>(session_, std::move(o));
    take_notices(crypto_->take_notices());  // what the bootstrap noticed
  } catch (const std::exception& e) {
    e2ee_problem_ = e.what();
    model_.note("encryption unavailable: " + e2ee_problem_);
  }
}

std::string chat_app::readable_text(const protocol::message& m) {
  if (!m.encrypted || m.deleted) return m.text;
  if (!crypto_) return "unable to decrypt: " + (e2ee_problem_.empty() ? "encryption is not set up" : e2ee_problem_);
  auto shown = crypto_->open(m);
  if (shown.error) return unable(*shown.error);
  return shown.text;
}

// The event as the model should see it: messages decrypted.
protocol::event chat_app::readable(const protocol::event& e) {
  if (crypto_) take_notices(crypto_->handle(e));
  auto out = e;
  if (auto* m = std::get_if<protocol::message_event>(&out)) {
    if (m->msg.sender_id != 0) usernames_[m->msg.sender_id] = m->msg.sender;
    show_decrypted(m->msg);
  }
  if (auto* edited = std::get_if<protocol::message_edited_event>(&out)) show_decrypted(edited->msg);
  return out;
}

void chat_app::make_readable(std::vector<protocol::log_event>& events) {
  for (auto& e : events) {
    if (auto* m = std::get_if<protocol::message_event>(&e)) show_decrypted(m->msg);
    if (auto* edited = std::get_if<protocol::message_edited_event>(&e)) show_decrypted(edited->msg);
  }
}

void chat_app::take_notices(std::vector<client::e2ee::notice> notices) {
  for (auto& n : notices) {
    dirty_ = true;
    if (auto* r = std::get_if<client::e2ee::message_reopened>(&n)) {
      model_.replace_text(r->msg.conversation, r->msg.seq, std::move(r->text));
    } else if (const auto* added = std::get_if<client::e2ee::device_added>(&n)) {
      model_.note("new device of " + name_of(added->user) + ": " + added->device_id + " (/devices " +
                  name_of(added->user) + ")");
    } else if (const auto* changed = std::get_if<client::e2ee::keys_changed>(&n)) {
      const bool held = changed->state == client::e2ee::trust::changed_after_verify;
      model_.note("WARNING: " + name_of(changed->user) + "'s keys changed" +
                  (held ? "; you verified them, so nothing is sent to them until /trust " + name_of(changed->user)
                        : " (a new install, or someone in between: /verify " + name_of(changed->user) + ")"));
      screen_.bell();
    } else if (const auto* refused = std::get_if<client::e2ee::key_request_refused>(&n)) {
      model_.note("device " + refused->device_id + " asked for keys and was refused (" + refused->reason +
                  "); if it is yours: /approve " + refused->device_id);
    } else if (const auto* problem = std::get_if<client::e2ee::backup_problem>(&n)) {
      model_.note("key backup: " + problem->text);
      screen_.bell();
    }
  }
}

// Sends r (its pending line shown already) through the crypto_session; the
// answer goes where poll_sends finds it.
bool chat_app::send_encrypted(chat_conversation& c, protocol::send_request& r) {
  std::promise<client::outcome<protocol::message_reply>> answer;
  sending_.push_back({answer.get_future(), r.client_msg_id, false});
  if (!crypto_) {
    answer.set_value(client::failure::local("ENCRYPTION_UNAVAILABLE",
                                            e2ee_problem_.empty() ? "encryption is not set up" : e2ee_problem_));
    return false;
  }
  r.conversation = c.id;
  answer.set_value(crypto_->send(std::move(r)));
  return true;
}

bool chat_app::command_e2ee(const std::vector<std::string>& words) {
  const std::string& verb = words[0];
  const std::string arg = words.size() > 1 ? words[1] : "";
  if (verb == "/encrypt") {
    auto* c = model_.current();
    if (c && c->id == 0) {
      model_.note("send a first message to " + c->label + ", then /encrypt");
    } else if (!c || c->kind == "room") {
      model_.note("/encrypt works in direct chats and groups (rooms cannot be encrypted)");
    } else if (c->encrypted) {
      model_.note(c->label + " is end-to-end encrypted already");
    } else {
      e2ee_asking_ = e2ee_question{"Encrypt " + c->label + " end to end? It cannot be turned off.", c->id, 0};
    }
    return true;
  }
  if (verb != "/devices" && verb != "/verify" && verb != "/trust" && verb != "/approve" && verb != "/backup") {
    return false;
  }
  if (!crypto_) {
    model_.note("encryption unavailable: " + (e2ee_problem_.empty() ? "not set up" : e2ee_problem_));
    return true;
  }
  if (verb == "/backup") {
    command_backup(arg);
  } else if (verb == "/approve") {
    if (arg.empty()) {
      model_.note("usage: /approve DEVICE (your devices: /devices)");
    } else {
      command_approve(arg);
    }
  } else if (verb == "/devices") {
    command_devices(arg.empty() ? model_.me() : arg);
  } else if (arg.empty()) {
    model_.note("usage: " + verb + " USER");
  } else if (verb == "/verify") {
    command_verify(arg);
  } else {
    command_trust(arg);
  }
  return true;
}

void chat_app::command_devices(const std::string& name) {
  auto id = user_id_of(name);
  if (!id) return model_.note("no such user: " + name);
  const auto devices = crypto_->devices_of(*id);
  const auto state = *id == session_.user()->id ? std::string("you") : std::string(describe(crypto_->trust_of(*id)));
  const bool changed = crypto_->trust_of(*id) == client::e2ee::trust::changed ||
                       crypto_->trust_of(*id) == client::e2ee::trust::changed_after_verify;
  panel_ = {"Devices of " + name + " (" + (changed ? "CHANGED: " : "") + state + "):"};
  if (devices.empty()) panel_.push_back("  none: they have not used an encrypting client yet");
  for (const auto& d : devices) {
    panel_.push_back("  " + d.device_id + (d.current ? " (this device)" : "") +
                     (d.display_name.empty() ? "" : " · " + d.display_name) +
                     (d.signed_by_owner ? "" : " · not confirmed by its owner"));
    panel_.push_back("    " + d.fingerprint);
  }
  const bool mine = *id == session_.user()->id;
  if (mine && std::any_of(devices.begin(), devices.end(),
                          [](const client::e2ee::device_view& d) { return !d.signed_by_owner && !d.current; })) {
    panel_.push_back("Not confirmed: if it is yours, /approve DEVICE on the device that holds your signing key.");
  }
  take_notices(crypto_->take_notices());
}

void chat_app::command_approve(const std::string& device_id) {
  auto done = crypto_->approve_device(device_id);
  take_notices(crypto_->take_notices());
  if (!done) return model_.note("not approved: " + done.error().message + " (" + done.error().code + ")");
  model_.note(device_id + " is approved: your contacts see it as yours");
}

void chat_app::command_backup(const std::string& arg) {
  if (arg == "setup") {
    secret_typed_.clear();
    secret_asking_ = secret_question{"Backup passphrase (at least 10 characters):", secret_for::setup, {}};
    return;
  }
  if (arg == "restore") {
    secret_typed_.clear();
    secret_asking_ = secret_question{"Passphrase of your key backup:", secret_for::restore, {}};
    return;
  }
  if (!arg.empty()) return model_.note("usage: /backup [setup|restore]");
  auto status = crypto_->backup_status();
  if (!status) return model_.note("key backup: " + status.error().message + " (" + status.error().code + ")");
  if (!status->exists) return model_.note("no key backup yet: /backup setup makes one");
  panel_ = {"Key backup version " + std::to_string(status->version) + ": " + std::to_string(status->count) + " keys",
            status->uploading
                ? "  this device puts new keys in it" +
                      (status->waiting > 0 ? " (" + std::to_string(status->waiting) + " waiting)" : std::string())
                : "  this device does not upload to it: /backup restore"};
}

void chat_app::answer_secret(wint_t key, bool is_key) {
  if (!is_key && key == 27) {
    secret_asking_.reset();
    secret_typed_.clear();
    return model_.note("key backup: cancelled");
  }
  if ((is_key && key == KEY_BACKSPACE) || (!is_key && (key == 127 || key == 8))) {
    return drop_last_character(secret_typed_);
  }
  if (!is_key && (key == L'\n' || key == L'\r')) return secret_entered(std::exchange(secret_typed_, {}));
  if (!is_key && key >= 32) secret_typed_ += to_utf8(std::wstring(1, static_cast<wchar_t>(key)));
}

void chat_app::secret_entered(std::string secret) {
  auto question = std::exchange(secret_asking_, std::nullopt);
  if (question->purpose == secret_for::setup) {
    if (secret.size() < client::e2ee::min_backup_passphrase) {
      return model_.note("key backup: the passphrase needs at least 10 characters; nothing was set up");
    }
    secret_asking_ = secret_question{"The same passphrase again:", secret_for::setup_again, std::move(secret)};
    return;
  }
  if (question->purpose == secret_for::setup_again) {
    if (secret != question->first) return model_.note("key backup: the two passphrases differ; nothing was set up");
    auto made = crypto_->backup_setup(secret);
    take_notices(crypto_->take_notices());
    if (!made) return model_.note("key backup: " + made.error().message + " (" + made.error().code + ")");
    return model_.note("key backup version " + std::to_string(made->version) + " set up with " +
                       std::to_string(made->count) + " keys; new keys go to it as they come");
  }
  auto restored = crypto_->backup_restore(secret);
  take_notices(crypto_->take_notices());
  if (!restored) return model_.note("key backup: " + restored.error().message + " (" + restored.error().code + ")");
  reload();  // what could not be read may open now
  model_.note("key backup restored: " + std::to_string(restored->imported) + " keys imported, " +
              std::to_string(restored->skipped) + " skipped");
}

void chat_app::command_verify(const std::string& name) {
  auto id = user_id_of(name);
  if (!id) return model_.note("no such user: " + name);
  const auto number = crypto_->safety_number_with(*id);
  if (!number) return model_.note(name + " has no keys to verify yet");
  panel_ = {"Safety number with " + name + ": compare it with theirs (in person, on a call):", "  " + *number};
  if (crypto_->trust_of(*id) == client::e2ee::trust::changed_after_verify) {
    panel_.push_back("Their keys changed since you verified them: /trust " + name + " first.");
    return;
  }
  e2ee_asking_ = e2ee_question{"Does " + name + " see the same number?", 0, *id};
}

void chat_app::command_trust(const std::string& name) {
  auto id = user_id_of(name);
  if (!id) return model_.note("no such user: " + name);
  crypto_->acknowledge_change(*id);
  model_.note(name + "'s new keys are accepted (not verified: /verify " + name + ")");
}

void chat_app::answer_e2ee(wint_t key, bool is_key) {
  const auto question = std::exchange(e2ee_asking_, std::nullopt);
  panel_.clear();
  const bool yes = !is_key && (key == L'y' || key == L'Y');
  if (question->conversation != 0) {
    if (!yes) return model_.note("not encrypted");
    auto done = crypto_
                    ? crypto_->encrypt(question->conversation)
                    : client::outcome<client::success>(client::failure::local("ENCRYPTION_UNAVAILABLE", e2ee_problem_));
    if (!done) return model_.note(done.error().code + ": " + done.error().message);
    reload();
    return model_.note("end-to-end encrypted from now on " + std::string(lock_mark));
  }
  if (!yes) return model_.note("not verified: if the numbers differ, someone may be in between");
  model_.note(crypto_->verify(question->user) ? name_of(question->user) + " is verified"
                                              : "not verified: acknowledge their changed keys first (/trust)");
}

std::optional<protocol::user_id> chat_app::user_id_of(const std::string& name) {
  const std::string username = !name.empty() && name.front() == '@' ? name.substr(1) : name;
  for (const auto& [id, known] : usernames_) {
    if (known == username) return id;
  }
  auto token = session_.access_token();
  if (token.wait_for(lookup_patience) != std::future_status::ready) return std::nullopt;
  auto got = token.get();
  if (!got) return std::nullopt;
  auto user = session_.http().user(got.value(), username);
  if (!user) return std::nullopt;
  usernames_[user->id] = username;
  return user->id;
}

std::string chat_app::name_of(protocol::user_id id) const {
  auto it = usernames_.find(id);
  return it == usernames_.end() ? "user " + std::to_string(id) : it->second;
}

}  // namespace natter::cli
