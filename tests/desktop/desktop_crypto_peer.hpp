#pragma once
// The other side of the desktop e2ee tests: a client library user with a
// crypto_session whose events the test drives (as in
// tests/client/support/crypto_fixture.hpp).

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/e2ee/crypto_session.hpp"

namespace natter::testing {

// The other side: a client library user with a crypto_session, every event
// of whose session goes through it (pump), every message opened.
struct crypto_peer {
  QTemporaryDir dir;  // its state; outlives the crypto_session
  std::unique_ptr<client::session> session;
  std::unique_ptr<client::e2ee::crypto_session> crypto;
  std::map<message_id, client::e2ee::shown_text> shown;
  std::map<message_id, protocol::message> received;  // as the server sent them
  std::vector<client::e2ee::notice> notices;

  user_id id() const { return session->user()->id; }
  bool shows(const std::string& text) const {
    return std::any_of(shown.begin(), shown.end(),
                       [&](const auto& s) { return !s.second.error && s.second.text == text; });
  }
  const protocol::message* message_shown_as(const std::string& text) const {
    for (const auto& [id, s] : shown)
      if (!s.error && s.text == text) return &received.at(id);
    return nullptr;
  }
  void take(std::vector<client::e2ee::notice> got) {
    for (auto& n : got) {
      if (const auto* r = std::get_if<client::e2ee::message_reopened>(&n)) shown[r->msg.id] = {r->text, {}, true};
      notices.push_back(std::move(n));
    }
  }
  // Runs the Qt event loop and this peer's events until `done` holds (20 s at most).
  template <class Pred>
  bool pump(Pred done) {
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
      QCoreApplication::processEvents();
      if (done()) return true;
      auto e = session->next_event(std::chrono::milliseconds(20));
      if (!e) continue;
      if (const auto* change = std::get_if<client::state_change>(&*e)) {
        if (change->state == client::connection_state::online) take(crypto->catch_up());
        continue;
      }
      const auto& event = std::get<protocol::event>(*e);
      take(crypto->handle(event));
      const protocol::message* m = nullptr;
      if (const auto* me = std::get_if<protocol::message_event>(&event)) m = &me->msg;
      if (const auto* r = std::get_if<protocol::request_event>(&event)) m = &r->msg;
      if (const auto* ed = std::get_if<protocol::message_edited_event>(&event)) m = &ed->msg;
      if (m) {
        received[m->id] = *m;
        shown[m->id] = crypto->open(*m);
      }
    }
    return done();
  }
};

// A crypto_session (device `device_id`) over the online session `s`.
inline std::unique_ptr<crypto_peer> make_crypto_peer(std::unique_ptr<client::session> s, const std::string& device_id) {
  auto p = std::make_unique<crypto_peer>();
  p->session = std::move(s);
  client::e2ee::crypto_options o;
  o.state_dir = p->dir.filePath("state").toStdString();
  o.device_id = device_id;
  p->crypto = std::make_unique<client::e2ee::crypto_session>(*p->session, std::move(o));
  p->take(p->crypto->take_notices());
  return p;
}

}  // namespace natter::testing
