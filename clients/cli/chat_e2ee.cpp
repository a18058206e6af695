// End-to-end encryption in the full-screen chat: the login's crypto_session
// (its state under the config dir), messages decrypted before the model sees
// them ("unable to decrypt: <reason>" when they cannot be, replaced when the
// key arrives), and /encrypt, /devices, /verify, /trust.

#include <sstream>
#include <utility>

#include "clients/cli/chat_app.hpp"
#include "clients/cli/chat_marks.hpp"

namespace natter::cli {

namespace {

constexpr auto lookup_patience = std::chrono::seconds(10);

std::string unable(const client::e2ee::unreadable& why) {
  return "unable to decrypt: " + std::string(client::e2ee::describe(why.why));
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
    m->msg.text = readable_text(m->msg);
  }
  if (auto* edited = std::get_if<protocol::message_edited_event>(&out)) {
    edited->msg.text = readable_text(edited->msg);
  }
  return out;
}

void chat_app::make_readable(std::vector<protocol::log_event>& events) {
  for (auto& e : events) {
    if (auto* m = std::get_if<protocol::message_event>(&e)) m->msg.text = readable_text(m->msg);
    if (auto* edited = std::get_if<protocol::message_edited_event>(&e)) edited->msg.text = readable_text(edited->msg);
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
  if (verb != "/devices" && verb != "/verify" && verb != "/trust") return false;
  if (!crypto_) {
    model_.note("encryption unavailable: " + (e2ee_problem_.empty() ? "not set up" : e2ee_problem_));
    return true;
  }
  if (verb == "/devices") {
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
  take_notices(crypto_->take_notices());
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
