// Profile and status: display name and bio saved on the server, and the
// presence status others see (busy; invisible shows as offline).

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

#include "desktop_test.hpp"
#include "profile_dialog.hpp"

namespace natter::testing {

namespace {

// Natter > Profile and status, loaded.
desktop::profile_dialog* open_profile(desktop_app& app) {
  app.window.profile_action()->trigger();
  desktop::profile_dialog* d = nullptr;
  if (!QTest::qWaitFor([&] { return (d = app.window.profile_window()) && d->loaded(); }, 20000)) return nullptr;
  return d;
}

void choose_status(desktop::profile_dialog* d, const char* status) {
  d->status_box()->setCurrentIndex(d->status_box()->findData(QString(status)));
}

}  // namespace

void desktop_test::profile_and_status_changes_reach_the_server_and_the_others() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  QVERIFY(accepted_chat(*app, *bob, "hi") != 0);  // bob now sees ann's presence

  auto* dialog = open_profile(*app);
  QVERIFY(dialog);
  QVERIFY(dialog->display_name_field()->text().isEmpty() || dialog->display_name_field()->text() == "ann");
  dialog->display_name_field()->setText("Ann Example");
  dialog->bio_field()->setPlainText("Sails on weekends");
  choose_status(dialog, "busy");
  QTest::mouseClick(dialog->save_button(), Qt::LeftButton);
  auto busy =
      wait_event<protocol::presence_event>(*bob, [](const auto& p) { return p.user == "ann" && p.status == "busy"; });
  QVERIFY(busy);
  QTRY_VERIFY_WITH_TIMEOUT(app->window.profile_window() == nullptr, 20000);  // closed once saved

  auto token = bob->access_token().get();
  QVERIFY(token.ok());
  auto profile = bob->http().user(*token, "ann");
  QVERIFY(profile.ok());
  QCOMPARE(profile->display_name, std::string("Ann Example"));
  QCOMPARE(profile->bio, std::string("Sails on weekends"));

  // Invisible: bob sees ann offline; the dialog opens with what was chosen.
  dialog = open_profile(*app);
  QVERIFY(dialog);
  QCOMPARE(dialog->status_box()->currentData().toString(), QString("busy"));
  QCOMPARE(dialog->bio_field()->toPlainText(), QString("Sails on weekends"));
  choose_status(dialog, "invisible");
  QTest::mouseClick(dialog->save_button(), Qt::LeftButton);
  auto hidden = wait_event<protocol::presence_event>(*bob, [](const auto& p) { return p.user == "ann"; });
  QVERIFY(hidden);
  QCOMPARE(hidden->status, std::string("offline"));  // the next news of ann after busy
}

}  // namespace natter::testing
