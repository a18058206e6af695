// End-to-end encryption in the desktop app: an encrypted direct chat with a
// client library user whose crypto_session the test drives (as in
// tests/client/support/crypto_fixture.hpp), messages that cannot be read
// until their key arrives, the devices dialog, and a key change.

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTreeWidget>
#include <algorithm>
#include <map>
#include <set>

#include "backup_dialog.hpp"
#include "chat_view.hpp"
#include "client/e2ee/crypto_session.hpp"
#include "crypto_worker.hpp"
#include "desktop_crypto_peer.hpp"
#include "desktop_test.hpp"
#include "devices_dialog.hpp"

namespace natter::testing {

namespace {

QString transcript_of(desktop::chat_view* v) {
  return v ? v->transcript()->toPlainText() : QString();
}

void type_and_send(desktop::chat_view* view, const QString& text) {
  view->input()->setText(text);
  QTest::mouseClick(view->send_button(), Qt::LeftButton);
}

bool crypto_working(desktop_app& app) {
  return QTest::qWaitFor([&] { return app.bridge.crypto() && app.bridge.crypto()->working(); }, 20000);
}

}  // namespace

std::unique_ptr<desktop_app> desktop_test::encrypting_app(const std::string& name, const QString& dir,
                                                          bool registered) {
  if (!registered) register_user(name);
  auto app = open_app();
  app->bridge.encrypt_under(dir);
  log_in(*app, name);
  return app;
}

// The app's user accepts a chat from `bob` and turns encryption on for it
// from the menu; returns its id (0: failed).
conversation_id desktop_test::encrypted_chat(desktop_app& app, client::session& bob) {
  if (!crypto_working(app)) return 0;
  auto id = accepted_chat(app, bob, "hello, let us encrypt");
  if (id == 0) return 0;
  if (!QTest::qWaitFor([&] { return app.window.encrypt_action()->isEnabled(); }, 20000)) return 0;
  app.window.encrypt_action()->trigger();
  QMessageBox* box = nullptr;
  if (!QTest::qWaitFor([&] { return (box = app.window.findChild<QMessageBox*>()) != nullptr; }, desktop_wait_ms))
    return 0;
  if (!box->text().contains("cannot be turned off")) return 0;
  QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
  if (!QTest::qWaitFor([&] { return app.window.state()->find(id)->info.encrypted; }, 20000)) return 0;
  return refocus(app) ? id : 0;
}

void desktop_test::an_encrypted_chat_reads_both_ways_behind_a_lock() {
  auto bob = make_crypto_peer(peer("bob"), "BOB1");
  QTemporaryDir dir;
  auto app = encrypting_app("ann", dir.path());
  const auto id = encrypted_chat(*app, *bob->session);
  QVERIFY(id != 0);
  auto* view = current_view(*app);
  QTRY_VERIFY_WITH_TIMEOUT(view->lock_label()->isVisible(), desktop_wait_ms);
  QVERIFY(app->window.chat_tabs()->tabText(app->window.chat_tabs()->currentIndex()).contains(QString::fromUtf8("🔒")));
  QTRY_VERIFY_WITH_TIMEOUT(app->window.conversation_list()->count() == 1 &&
                               app->window.conversation_list()->item(0)->text().contains(QString::fromUtf8("🔒")),
                           desktop_wait_ms);

  type_and_send(view, "the first secret");
  QVERIFY(bob->pump([&] { return bob->shows("the first secret"); }));
  const auto* sealed = bob->message_shown_as("the first secret");
  QVERIFY(sealed->encrypted.has_value());  // the server held no text
  QCOMPARE(sealed->text, std::string());

  QVERIFY(bob->pump([&] { return bob->crypto->is_encrypted(id); }));
  auto answer = bob->crypto->send(id, "and one back");
  QVERIFY2(answer.ok(), answer ? "" : answer.error().code.c_str());
  QTRY_VERIFY_WITH_TIMEOUT(transcript_of(view).contains("and one back"), 20000);
  QCOMPARE(transcript_of(view).count("the first secret"), 1);
  QVERIFY(!transcript_of(view).contains("Unable to decrypt"));
  QVERIFY(app->window.conversation_list()->item(0)->text().contains("bob: and one back"));
  save_screenshot(app->window, "e2ee");
}

void desktop_test::a_message_without_its_key_shows_unable_to_decrypt_until_the_key_is_shared_again() {
  auto bob = make_crypto_peer(peer("bob"), "BOB1");
  conversation_id id = 0;
  user_id ann = 0;
  {
    QTemporaryDir first_install;
    auto app = encrypting_app("ann", first_install.path());
    id = encrypted_chat(*app, *bob->session);
    QVERIFY(id != 0);
    QVERIFY(bob->pump([&] { return bob->crypto->is_encrypted(id); }));
    for (auto u : app->window.state()->find(id)->info.member_ids)
      if (u != bob->id()) ann = u;
    QVERIFY(bob->crypto->send(id, "for the first install only").ok());
    QTRY_VERIFY_WITH_TIMEOUT(transcript_of(current_view(*app)).contains("for the first install only"), 20000);
  }
  std::set<std::string> first_devices;
  for (const auto& d : bob->crypto->devices_of(ann)) first_devices.insert(d.device_id);
  QCOMPARE(first_devices.size(), std::size_t{1});
  // A new install (a new device, its state elsewhere): the message's key
  // was shared with the first device only.
  QTemporaryDir second_install;
  auto app = encrypting_app("ann", second_install.path(), true);
  QVERIFY(crypto_working(*app));
  QTRY_VERIFY_WITH_TIMEOUT(app->window.conversation_list()->count() == 1, 20000);
  app->window.conversation_list()->setCurrentRow(0);
  emit app->window.conversation_list()->itemActivated(app->window.conversation_list()->item(0));
  auto* view = current_view(*app);
  QVERIFY(view);
  QTRY_VERIFY_WITH_TIMEOUT(transcript_of(view).contains("Unable to decrypt: "), 20000);
  QVERIFY(!transcript_of(view).contains("for the first install only"));

  // Bob's side learns of the new device, then shares the key again.
  QVERIFY(bob->pump([&] {
    return std::any_of(bob->notices.begin(), bob->notices.end(), [&](const client::e2ee::notice& n) {
      const auto* added = std::get_if<client::e2ee::device_added>(&n);
      return added && added->user == ann && first_devices.count(added->device_id) == 0;
    });
  }));
  QVERIFY(bob->crypto->reshare(id).ok());
  QTRY_VERIFY_WITH_TIMEOUT(transcript_of(view).contains("for the first install only"), 20000);
  QVERIFY(!transcript_of(view).contains("Unable to decrypt"));
}

void desktop_test::the_devices_dialog_shows_the_same_safety_number_as_the_peer_and_marks_verified() {
  auto bob = make_crypto_peer(peer("bob"), "BOB1");
  QTemporaryDir dir;
  auto app = encrypting_app("ann", dir.path());
  const auto id = encrypted_chat(*app, *bob->session);
  QVERIFY(id != 0);
  QVERIFY(app->window.devices_action()->isEnabled());
  app->window.devices_action()->trigger();
  auto* dialog = app->window.devices_window();
  QVERIFY(dialog);
  QTRY_VERIFY_WITH_TIMEOUT(dialog->device_list()->topLevelItemCount() == 1 && dialog->user() != 0, 20000);
  QVERIFY(dialog->device_list()->topLevelItem(0)->text(0).startsWith("BOB1"));
  QVERIFY(!dialog->device_list()->topLevelItem(0)->text(2).isEmpty());  // the fingerprint
  QVERIFY(dialog->trust_label()->text().contains("not verified"));
  user_id ann = 0;
  for (auto u : app->window.state()->find(id)->info.member_ids)
    if (u != bob->id()) ann = u;
  const auto number = bob->crypto->safety_number_with(ann);
  QVERIFY(number.has_value());
  QVERIFY(dialog->safety_number_label()->text().contains(QString::fromStdString(*number)));

  QVERIFY(dialog->verify_button()->isEnabled());
  QTest::mouseClick(dialog->verify_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(dialog->trust_label()->text().endsWith(": verified"), 20000);
  QVERIFY(!dialog->verify_button()->isEnabled());
  save_screenshot(app->window, "e2ee-devices", dialog);
  dialog->close();
}

void desktop_test::a_verified_contacts_key_change_warns_and_holds_sending_until_accepted() {
  auto bob = make_crypto_peer(peer("bob"), "BOB1");
  QTemporaryDir dir;
  auto app = encrypting_app("ann", dir.path());
  const auto id = encrypted_chat(*app, *bob->session);
  QVERIFY(id != 0);
  app->window.devices_action()->trigger();
  auto* dialog = app->window.devices_window();
  QTRY_VERIFY_WITH_TIMEOUT(dialog->verify_button()->isEnabled(), 20000);
  QTest::mouseClick(dialog->verify_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(dialog->trust_label()->text().endsWith(": verified"), 20000);
  dialog->close();
  QVERIFY(refocus(*app));
  auto* view = current_view(*app);
  QVERIFY(!view->key_warning_label()->isVisible());

  // Bob's self-signing key is replaced (a reinstall, or the server lying).
  QSignalSpy notified(&app->window, &desktop::main_window::notified);
  client::e2ee::self_signing replacement;
  QVERIFY(bob->session->call(replacement.publish(bob->id(), true)).get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(view->key_warning_label()->isVisible(), 20000);
  QVERIFY(view->key_warning_label()->text().contains("bob's keys changed"));
  QVERIFY(!notified.isEmpty());

  type_and_send(view, "held back");
  QTRY_VERIFY_WITH_TIMEOUT(app->window.statusBar()->currentMessage().contains("Accept the new keys first"), 20000);
  QCOMPARE(view->input()->text(), QString("held back"));
  QVERIFY(!transcript_of(view).contains("held back"));
  save_screenshot(app->window, "e2ee-key-warning");

  QTest::mouseClick(view->accept_keys_button(), Qt::LeftButton);
  QVERIFY(!view->key_warning_label()->isVisible());
  QTest::mouseClick(view->send_button(), Qt::LeftButton);
  QVERIFY(bob->pump([&] { return bob->shows("held back"); }));
  QVERIFY(transcript_of(view).contains("held back"));
}

void desktop_test::a_backup_set_up_in_the_app_is_restored_on_a_new_device_that_the_app_then_approves() {
  auto bob = make_crypto_peer(peer("bob"), "BOB1");
  QTemporaryDir dir;
  auto app = encrypting_app("ann", dir.path());
  const auto id = encrypted_chat(*app, *bob->session);
  QVERIFY(id != 0);
  QVERIFY(bob->pump([&] { return bob->crypto->is_encrypted(id); }));
  QVERIFY(bob->crypto->send(id, "kept in the backup").ok());
  QTRY_VERIFY_WITH_TIMEOUT(transcript_of(current_view(*app)).contains("kept in the backup"), 20000);

  QVERIFY(app->window.backup_action()->isEnabled());
  app->window.backup_action()->trigger();
  auto* backup = app->window.backup_window();
  QVERIFY(backup);
  QTRY_VERIFY_WITH_TIMEOUT(backup->status_label()->text().contains("No key backup yet"), 20000);
  backup->passphrase()->setText("too short");
  backup->repeat()->setText("too short");
  QTest::mouseClick(backup->setup_button(), Qt::LeftButton);
  QVERIFY(backup->result_label()->text().contains("at least 10"));
  const QString pass = "a long recovery passphrase";
  backup->passphrase()->setText(pass);
  backup->repeat()->setText(pass + "!");
  QTest::mouseClick(backup->setup_button(), Qt::LeftButton);
  QVERIFY(backup->result_label()->text().contains("differ"));
  backup->repeat()->setText(pass);
  QTest::mouseClick(backup->setup_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(backup->result_label()->text().startsWith("Backup set up"), 30000);
  QVERIFY(backup->status_label()->text().contains("this device adds new keys"));
  QVERIFY(backup->passphrase()->text().isEmpty());  // not kept once used
  save_screenshot(app->window, "e2ee-backup", backup);
  backup->close();

  // Another install of ann's (the client library) restores it and reads what
  // was sent before it existed.
  auto ann2 = make_crypto_peer(session_of("ann"), "ANN2");
  auto wrong = ann2->crypto->backup_restore("not the passphrase at all");
  QVERIFY(!wrong.ok());
  QCOMPARE(wrong.error().code, std::string("WRONG_PASSPHRASE"));
  auto restored = ann2->crypto->backup_restore(pass.toStdString());
  QVERIFY2(restored.ok(), restored ? "" : restored.error().code.c_str());
  QVERIFY(restored->imported >= 1);
  protocol::history_request page_of_chat;
  page_of_chat.conversation = id;
  auto page = ann2->session->call(page_of_chat).get();
  QVERIFY(page.ok());
  bool read = false;
  for (const auto& e : page->events) {
    if (const auto* m = std::get_if<protocol::message_event>(&e)) {
      const auto shown = ann2->crypto->open(m->msg);
      read = read || (!shown.error && shown.text == "kept in the backup");
    }
  }
  QVERIFY(read);

  // The app holds ann's signing key: it approves the new install, which
  // cannot approve anything itself.
  auto refused = ann2->crypto->approve_device("ANN2");
  QVERIFY(!refused.ok());
  QCOMPARE(refused.error().code, std::string("NOT_ALLOWED"));
  app->window.close_tab_action()->trigger();  // no chat open: the dialog shows ann's own devices
  QTRY_VERIFY_WITH_TIMEOUT(app->window.devices_action()->isEnabled(), desktop_wait_ms);
  app->window.devices_action()->trigger();
  auto* devices = app->window.devices_window();
  QVERIFY(devices);
  QTreeWidgetItem* row = nullptr;
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        auto found = devices->device_list()->findItems("ANN2", Qt::MatchStartsWith);
        row = found.isEmpty() ? nullptr : found.front();
        return row != nullptr;
      }(),
      20000);
  QCOMPARE(row->text(3), QString("no"));
  QVERIFY(devices->approve_button()->isVisible());
  devices->device_list()->setCurrentItem(row);
  QVERIFY(devices->approve_button()->isEnabled());
  QTest::mouseClick(devices->approve_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(
      [&] {
        auto found = devices->device_list()->findItems("ANN2", Qt::MatchStartsWith);
        return !found.isEmpty() && found.front()->text(3) == "yes";
      }(),
      20000);
  QVERIFY(app->window.statusBar()->currentMessage().contains("ANN2 approved"));
  // The new install sees itself confirmed (one query of the signed list).
  bool confirmed = false;
  for (const auto& d : ann2->crypto->devices_of(ann2->id()))
    if (d.device_id == "ANN2") confirmed = d.signed_by_owner;
  QVERIFY(confirmed);
  devices->close();
  app.reset();

  // A third install, this time of the app, restores from its dialog.
  QTemporaryDir third_install;
  auto again = encrypting_app("ann", third_install.path(), true);
  QVERIFY(crypto_working(*again));
  QTRY_VERIFY_WITH_TIMEOUT(again->window.backup_action()->isEnabled(), 20000);
  again->window.backup_action()->trigger();
  auto* restore = again->window.backup_window();
  QTRY_VERIFY_WITH_TIMEOUT(restore->status_label()->text().contains("does not add to it"), 20000);
  restore->passphrase()->setText("not the passphrase at all");
  QTest::mouseClick(restore->restore_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(restore->result_label()->text().startsWith("Wrong passphrase"), 30000);
  restore->passphrase()->setText(pass);
  QTest::mouseClick(restore->restore_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(restore->result_label()->text().startsWith("Restored: "), 30000);
  QVERIFY(restore->status_label()->text().contains("this device adds new keys"));
  restore->close();
  QTRY_VERIFY_WITH_TIMEOUT(again->window.conversation_list()->count() == 1, 20000);
  again->window.conversation_list()->setCurrentRow(0);
  emit again->window.conversation_list()->itemActivated(again->window.conversation_list()->item(0));
  QTRY_VERIFY_WITH_TIMEOUT(transcript_of(current_view(*again)).contains("kept in the backup"), 20000);
}

}  // namespace natter::testing
