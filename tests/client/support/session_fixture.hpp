#pragma once
// A fixture for client library tests: a real natterd, and logged-in
// client::session objects whose events tests wait for (by polling with a
// deadline, never by sleeping).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "client/session.hpp"
#include "integration/support/server_fixture.hpp"

namespace natter::testing {

inline constexpr auto client_patience = std::chrono::seconds(20);

// Everything one session reported, in order.
struct event_log {
  std::vector<protocol::message> messages;
  std::vector<client::connection_state> states;
  std::vector<protocol::event> others;

  void record(const client::session_event& e) {
    if (const auto* change = std::get_if<client::state_change>(&e)) return states.push_back(change->state);
    const auto& event = std::get<protocol::event>(e);
    if (const auto* m = std::get_if<protocol::message_event>(&event)) return messages.push_back(m->msg);
    others.push_back(event);
  }
  int count_text(const std::string& text) const {
    int n = 0;
    for (const auto& m : messages) n += m.text == text ? 1 : 0;
    return n;
  }
};

class session_test : public server_test {
 protected:
  std::vector<std::string> natterd_args() override {
    auto args = relaxed_limits();
    args.insert(args.end(), {"--offline-grace-ms", "200", "--send-rate", "100000"});
    return args;
  }

  client::session_options options_for(const std::string& username) {
    client::session_options o;
    o.server = client::server_url::parse("http://127.0.0.1:" + std::to_string(server_->port())).value();
    o.authenticate = client::with_password(username, default_password);
    o.backoff = {std::chrono::milliseconds(50), std::chrono::milliseconds(500), 2.0, 0.5};
    return o;
  }

  // Registers `username` and returns its started, online session.
  std::unique_ptr<client::session> online_as(const std::string& username) {
    EXPECT_EQ(register_user(username).status, 201);
    return online_with(options_for(username));
  }

  std::unique_ptr<client::session> online_with(client::session_options o) {
    auto s = std::make_unique<client::session>(std::move(o));
    s->start();
    auto online = s->wait_online(client_patience);
    EXPECT_TRUE(online) << (online ? "" : online.error().code);
    return s;
  }

  // Drains the session's queue into `log` until `done(log)` or the deadline.
  template <class Predicate>
  static bool wait_until(client::session& s, event_log& log, Predicate done) {
    const auto deadline = std::chrono::steady_clock::now() + client_patience;
    while (!done(log)) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      if (auto e = s.next_event(std::chrono::milliseconds(100))) log.record(*e);
    }
    return true;
  }

  static bool wait_for_text(client::session& s, event_log& log, const std::string& text) {
    return wait_until(s, log, [&](const event_log& l) { return l.count_text(text) > 0; });
  }

  template <class Future>
  static auto get(Future f) {
    EXPECT_EQ(f.wait_for(client_patience), std::future_status::ready);
    return f.get();
  }
};

}  // namespace natter::testing
