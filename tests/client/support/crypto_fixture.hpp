#pragma once
// A fixture for e2ee::crypto_session tests: real natterd, users each with a
// client::session and a crypto_session whose state lives in a directory of
// the test's; every event a user's session delivers goes through its
// crypto_session (pump), and every message is opened as the UI would.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "client/e2ee/crypto_session.hpp"
#include "client/support/session_fixture.hpp"

namespace natter::testing {

// One install of a user: a login, its device, and what it has shown.
struct crypto_user {
  std::unique_ptr<client::session> session;
  std::unique_ptr<client::e2ee::crypto_session> crypto;
  std::filesystem::path dir;
  std::shared_ptr<std::string> refresh_token = std::make_shared<std::string>();  // the latest, to restart with
  std::map<protocol::message_id, protocol::message> messages;                    // as the server sent them
  std::map<protocol::message_id, client::e2ee::shown_text> shown;                // as the user sees them
  std::vector<client::e2ee::notice> notices;
  std::vector<protocol::event> others;
  int to_device_dropped = 0;  // device messages the test threw away
  int drop_to_device = 0;     // how many more to throw away (acknowledged, never opened)
  bool acknowledge = true;    // false: open and save device messages, never acknowledge them (a crash)

  user_id id() const { return session->user()->id; }
  // The shown text of the message whose decrypted text is `text`, if any.
  bool shows(const std::string& text) const {
    for (const auto& [id, s] : shown) {
      if (!s.error && s.text == text) return true;
    }
    return false;
  }
  // What it shows, for failure messages.
  std::string screen() const {
    std::string out;
    for (const auto& [id, s] : shown) {
      out +=
          std::to_string(id) + ": " +
          (s.error ? "unable to decrypt: " + std::string(client::e2ee::describe(s.error->why)) + " " + s.error->detail
                   : s.text) +
          "\n";
    }
    return out;
  }
  std::optional<protocol::message_id> failed_id() const {
    for (const auto& [id, s] : shown) {
      if (s.error) return id;
    }
    return std::nullopt;
  }
};

class crypto_test : public session_test {
 protected:
  void TearDown() override {
    for (auto& d : dirs_) std::filesystem::remove_all(d);
    session_test::TearDown();
  }

  std::filesystem::path new_dir() {
    std::random_device r;
    auto d = std::filesystem::temp_directory_path() / ("natter-e2ee-" + std::to_string(r()) + std::to_string(r()));
    dirs_.push_back(d);
    return d;
  }

  // A login of `username` (registered already) that remembers its refresh token.
  client::session_options remembering(const std::string& username, const std::shared_ptr<std::string>& latest) {
    auto o = options_for(username);
    auto inner = std::move(o.authenticate);
    o.authenticate = [inner, latest](const client::http_api& h) {
      auto t = inner(h);
      if (t) *latest = t->refresh_token;
      return t;
    };
    return o;
  }

  // A new install of username: logs in, and bootstraps its crypto_session.
  crypto_user install(const std::string& username, const std::string& device_id,
                      const std::function<void(client::session_options&)>& adjust = {}) {
    crypto_user u;
    u.dir = new_dir();
    auto o = remembering(username, u.refresh_token);
    if (adjust) adjust(o);
    u.session = online_with(std::move(o));
    start_crypto(u, device_id);
    return u;
  }

  static void start_crypto(crypto_user& u, const std::string& device_id) {
    client::e2ee::crypto_options o;
    o.state_dir = u.dir;
    o.device_id = device_id;
    o.timeout = client_patience;
    u.crypto = std::make_unique<client::e2ee::crypto_session>(*u.session, std::move(o));
  }

  // Starts u again after a crash: a new session of the same login (its
  // refresh token), the crypto state from u's directory.
  crypto_user restarted(crypto_user& u, const std::string& username, const std::string& device_id) {
    const auto dir = u.dir;
    const auto token = *u.refresh_token;
    u.crypto.reset();
    u.session.reset();
    crypto_user again;
    again.dir = dir;
    auto o = options_for(username);
    o.authenticate = client::with_refresh_token(
        token, [latest = again.refresh_token](const client::tokens& t) { *latest = t.refresh_token; });
    again.session = online_with(std::move(o));
    start_crypto(again, device_id);
    return again;
  }

  // Takes u's events through its crypto_session until done(u) or the deadline.
  template <class Predicate>
  static bool pump(crypto_user& u, Predicate done) {
    const auto deadline = std::chrono::steady_clock::now() + client_patience;
    while (!done(u)) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      auto e = u.session->next_event(std::chrono::milliseconds(100));
      if (!e) continue;
      const auto* event = std::get_if<protocol::event>(&*e);
      if (event != nullptr) take(u, *event);
    }
    return true;
  }

  static void take(crypto_user& u, const protocol::event& e) {
    std::vector<client::e2ee::notice> noticed;
    if (const auto* d = std::get_if<protocol::to_device_event>(&e); d != nullptr && u.drop_to_device > 0) {
      --u.drop_to_device;
      ++u.to_device_dropped;
      (void)get(u.session->call(protocol::to_device_ack_request{d->id}));
      return;
    } else if (d != nullptr && !u.acknowledge) {
      u.crypto->receive(*d, noticed);
    } else {
      noticed = u.crypto->handle(e);
    }
    if (const auto* m = std::get_if<protocol::message_event>(&e)) {
      u.messages[m->msg.id] = m->msg;
      u.shown[m->msg.id] = u.crypto->open(m->msg);
    } else if (std::get_if<protocol::to_device_event>(&e) == nullptr) {
      u.others.push_back(e);
    }
    for (auto& n : noticed) {
      if (const auto* r = std::get_if<client::e2ee::message_reopened>(&n)) {
        u.shown[r->msg.id] = client::e2ee::shown_text{r->text, std::nullopt, true};
      }
      u.notices.push_back(std::move(n));
    }
  }

  static bool pump_until_shown(crypto_user& u, const std::string& text) {
    return pump(u, [&](const crypto_user& x) { return x.shows(text); });
  }

  // A direct chat between a and b (b accepts a as a contact first), encrypted by a.
  protocol::conversation_id encrypted_chat(crypto_user& a, const std::string& b_name, crypto_user& b,
                                           const std::string& a_name) {
    EXPECT_TRUE(get(b.session->call(protocol::contact_add_request{a_name})));
    auto hello = get(a.session->send_text("@" + b_name, "hello"));
    EXPECT_TRUE(hello) << (hello ? "" : hello.error().code);
    if (!hello) return 0;
    const auto c = hello->msg.conversation;
    auto on = a.crypto->encrypt(c);
    EXPECT_TRUE(on) << (on ? "" : on.error().code);
    EXPECT_TRUE(a.crypto->is_encrypted(c));
    return c;
  }

 private:
  std::vector<std::filesystem::path> dirs_;
};

}  // namespace natter::testing
