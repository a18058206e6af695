#pragma once
// natter-desktop's windows against a real natterd (a fresh one per test),
// under the offscreen platform. The other side of each chat is the client
// library. Waits are on conditions (QTRY_*, events), never fixed sleeps.

#include <QApplication>
#include <QColor>
#include <QFile>
#include <QImage>
#include <QObject>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>
#include <memory>
#include <optional>
#include <string>

#include "chat_view.hpp"
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
  // desktop_end_test.cpp
  void ending_a_direct_chat_tells_the_other_side_and_hides_it_until_they_write();
  void leaving_a_group_tells_its_members();
  // desktop_message_test.cpp
  void reply_edit_and_delete_from_the_keyboard_reach_the_other_side();
  void typing_shows_on_both_sides();
  void scrolling_to_the_top_loads_older_messages();
  // desktop_request_test.cpp
  void a_request_accepted_in_its_dialog_opens_the_chat();
  void a_request_put_off_then_declined_in_its_dialog_tells_the_sender();
  // desktop_notify_test.cpp
  void a_muted_conversation_counts_unread_messages_but_does_not_notify();
  // desktop_profile_test.cpp
  void profile_and_status_changes_reach_the_server_and_the_others();
  // desktop_attachment_test.cpp
  void a_picture_dropped_on_the_chat_reaches_the_other_side_as_an_image();
  void a_picture_and_a_file_from_the_other_side_show_and_save_from_the_keyboard();
  // desktop_reaction_test.cpp
  void reactions_show_live_and_toggle_from_the_menu_and_a_chip();
  // desktop_mention_test.cpp
  void typing_at_offers_the_members_and_the_mention_reaches_them();
  void a_message_mentioning_the_user_counts_in_the_list_and_shows_marked();
  // desktop_search_test.cpp
  void a_search_result_opens_its_conversation_at_the_message();
  // desktop_group_test.cpp
  void a_new_group_from_its_dialog_invites_the_people_checked();
  void a_room_chosen_from_the_list_is_joined_and_opens();
  // desktop_remember_test.cpp
  void remember_me_keeps_the_login_in_a_private_file_and_restores_it_at_the_next_start();
  // desktop_e2ee_test.cpp
  void an_encrypted_chat_reads_both_ways_behind_a_lock();
  void a_message_without_its_key_shows_unable_to_decrypt_until_the_key_is_shared_again();
  void the_devices_dialog_shows_the_same_safety_number_as_the_peer_and_marks_verified();
  void a_verified_contacts_key_change_warns_and_holds_sending_until_accepted();
  void a_backup_set_up_in_the_app_is_restored_on_a_new_device_that_the_app_then_approves();
  void pictures_and_files_in_an_encrypted_chat_open_show_and_save_the_same_bytes();
  void an_edit_in_an_encrypted_chat_changes_the_text_and_keeps_the_files();
  void an_encrypted_file_that_does_not_open_says_so_in_its_place();
  void screenshots();

 private:
  QString server_url() const;
  void register_user(const std::string& name);
  std::unique_ptr<desktop_app> open_app();
  // Registers `name` (unless `registered`) and logs in through the login screen.
  std::unique_ptr<desktop_app> logged_in_app(const std::string& name, bool registered = false);
  // Logs `name` in through the login screen and waits until online.
  static void log_in(desktop_app& app, const std::string& name);
  // desktop_e2ee_test.cpp. Like logged_in_app, with end-to-end encryption
  // (its devices' state under `dir`).
  std::unique_ptr<desktop_app> encrypting_app(const std::string& name, const QString& dir, bool registered = false);
  // The app's user accepts a chat from `bob` and turns encryption on for it
  // from the menu; returns its id (0: failed).
  conversation_id encrypted_chat(desktop_app& app, client::session& bob);
  std::unique_ptr<client::session> peer(const std::string& name);
  // An online session of `name`, registered already (another install of theirs).
  std::unique_ptr<client::session> session_of(const std::string& name);
  // The first event of type T on `s` that satisfies `ok`, within 20 s,
  // while the Qt event loop keeps running.
  template <class T, class Pred>
  std::optional<T> wait_event(client::session& s, Pred ok);
  // With `dialog`: drawn over the middle of w, as it appears on screen.
  static void save_screenshot(QWidget& w, const QString& name, QWidget* dialog = nullptr);
  // `from` (a peer) writes to the app's user, who accepts in the requests
  // panel; the chat is then open in front. Returns its id (0: failed).
  conversation_id accepted_chat(desktop_app& app, client::session& from, const std::string& text);

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

// The chat in front.
inline desktop::chat_view* current_view(desktop_app& app) {
  return qobject_cast<desktop::chat_view*>(app.window.chat_tabs()->currentWidget());
}

// A 64x48 PNG of one colour saved as dir/name; its path ("" when it could not be written).
inline QString write_picture(const QTemporaryDir& dir, const QString& name, QColor colour = QColor(200, 40, 40)) {
  QImage image(64, 48, QImage::Format_RGB32);
  image.fill(colour);
  auto path = dir.filePath(name);
  return image.save(path) ? path : QString();
}

// bytes saved as dir/name; its path ("" when it could not be written).
inline QString write_file(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
  auto path = dir.filePath(name);
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) return {};
  return path;
}

// The file's bytes (empty when it cannot be read).
inline QByteArray read_file(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// How long a QTRY_* waits for what the server or a worker thread brings
// (QtTest's own default, 5 s, is short on a loaded two-core machine).
inline constexpr int desktop_wait_ms = 20000;

// Makes the main window the active one again (a request dialog shown on
// the offscreen platform takes the activation, and keeps it when hidden:
// QWindow::isActive() then still says yes for its parent).
inline bool refocus(desktop_app& app) {
  app.window.activateWindow();
  return QTest::qWaitFor([&] { return QApplication::activeWindow() == &app.window; }, desktop_wait_ms);
}

inline constexpr const char* password = "correct horse battery";

}  // namespace natter::testing
