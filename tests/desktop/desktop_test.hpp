#pragma once
// natter-desktop's windows against a real natterd (a fresh one per test),
// under the offscreen platform. The other side of each chat is the client
// library. Waits are on conditions (QTRY_*, events), never fixed sleeps.

#include <QObject>
#include <QtTest/QtTest>
#include <memory>
#include <optional>
#include <string>

#include "client/session.hpp"
#include "integration/support/natterd_process.hpp"
#include "main_window.hpp"
#include "session_bridge.hpp"

namespace natter::testing {

// One desktop app: its bridge and window, shown and focused.
struct desktop_app {
  desktop::session_bridge bridge;
  desktop::main_window window;
  explicit desktop_app(const QString& server) : window(bridge, server) {}
};

class desktop_test : public QObject {
  Q_OBJECT

 private slots:
  void init();
  void cleanup();
  // desktop_login_test.cpp
  void register_then_log_in_and_out_with_results_in_the_information_area();
  void a_wrong_password_is_reported_and_log_in_stays_possible();
  void actions_are_enabled_only_when_they_make_sense();
  void the_people_list_shows_the_users_after_log_in();
  void a_login_ended_elsewhere_returns_to_the_login_screen_with_the_reason();
  // desktop_chat_test.cpp
  void a_chat_request_accepted_by_the_other_side_then_chat_both_ways_with_ticks();
  void an_incoming_request_declined_tells_the_sender();
  void two_conversations_at_once_with_red_unread_marks();
  // desktop_resilience_test.cpp
  void a_server_restart_loses_nothing_and_sends_what_was_queued();
  void screenshots();

 private:
  QString server_url() const;
  void register_user(const std::string& name);
  std::unique_ptr<desktop_app> open_app();
  // Registers `name` (unless `registered`) and logs in through the login screen.
  std::unique_ptr<desktop_app> logged_in_app(const std::string& name, bool registered = false);
  std::unique_ptr<client::session> peer(const std::string& name);
  // The first event of type T on `s` that satisfies `ok`, within 20 s,
  // while the Qt event loop keeps running.
  template <class T, class Pred>
  std::optional<T> wait_event(client::session& s, Pred ok);
  static void save_screenshot(QWidget& w, const QString& name);

  std::unique_ptr<natterd_process> server_;
};

template <class T, class Pred>
std::optional<T> desktop_test::wait_event(client::session& s, Pred ok) {
  QDeadlineTimer deadline(20000);
  while (!deadline.hasExpired()) {
    QCoreApplication::processEvents();
    auto e = s.next_event(std::chrono::milliseconds(20));
    if (!e) continue;
    if (const auto* pe = std::get_if<protocol::event>(&*e))
      if (const auto* t = std::get_if<T>(pe); t && ok(*t)) return *t;
  }
  return std::nullopt;
}

inline constexpr const char* password = "correct horse battery";

}  // namespace natter::testing
