// The login screen, the information area and which actions are enabled.

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>

#include "chat_view.hpp"
#include "client/http_api.hpp"
#include "desktop_test.hpp"
#include "login_widget.hpp"

namespace natter::testing {

using client::connection_state;

void desktop_test::register_then_log_in_and_out_with_results_in_the_information_area() {
  auto app = open_app();
  auto* login = app->window.login();
  login->email_field()->setText("ann@example.com");
  login->login_field()->setText("ann");
  login->password_field()->setText(password);
  QTest::mouseClick(login->register_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(app->bridge.state() == connection_state::online, 20000);
  QVERIFY2(login->information()->text().contains("Registered as ann"), qPrintable(login->information()->text()));
  QVERIFY(!login->isVisible());
  QVERIFY(app->window.windowTitle().contains("ann"));
  QCOMPARE(app->window.connection_label()->text(), QString("Online"));

  app->window.log_out_action()->trigger();
  QTRY_VERIFY_WITH_TIMEOUT(login->isVisible(), desktop_wait_ms);
  QCOMPARE(login->information()->text(), QString("Logged out."));
  QVERIFY(!app->window.log_out_action()->isEnabled());
  QVERIFY(login->password_field()->text().isEmpty());

  login->password_field()->setText(password);
  QTest::mouseClick(login->login_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(app->bridge.state() == connection_state::online, 20000);
  QCOMPARE(login->information()->text(), QString("Logged in as ann."));
}

void desktop_test::a_wrong_password_is_reported_and_log_in_stays_possible() {
  register_user("ann");
  auto app = open_app();
  auto* login = app->window.login();
  login->login_field()->setText("ann");
  login->password_field()->setText("not the password");
  QTest::mouseClick(login->login_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(login->information()->property("error").toBool(), 20000);
  QVERIFY(!login->information()->text().isEmpty());
  QVERIFY(!app->bridge.signed_in());
  QVERIFY(login->login_button()->isEnabled());
  QVERIFY(login->isVisible());
}

void desktop_test::actions_are_enabled_only_when_they_make_sense() {
  register_user("bob");
  auto app = open_app();
  auto* login = app->window.login();
  QVERIFY(!login->login_button()->isEnabled());  // no name, no password
  login->login_field()->setText("ann");
  QVERIFY(!login->login_button()->isEnabled());
  login->password_field()->setText(password);
  QVERIFY(login->login_button()->isEnabled());
  QVERIFY(!login->register_button()->isEnabled());  // no email
  login->email_field()->setText("ann@example.com");
  QVERIFY(login->register_button()->isEnabled());
  QVERIFY(!app->window.log_out_action()->isEnabled());

  QTest::mouseClick(login->register_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(app->bridge.state() == connection_state::online, 20000);
  // Logged in: no second log-in, no register; log out is possible.
  QVERIFY(!login->login_button()->isEnabled());
  QVERIFY(!login->register_button()->isEnabled());
  QVERIFY(app->window.log_out_action()->isEnabled());
  // Start chat needs someone chosen; answering needs a request.
  QVERIFY(!app->window.start_chat_button()->isEnabled());
  QVERIFY(!app->window.accept_button()->isEnabled());
  QVERIFY(!app->window.decline_button()->isEnabled());
  QTRY_COMPARE_WITH_TIMEOUT(app->window.people_list()->count(), 1, 20000);
  app->window.people_list()->setCurrentRow(0);
  QVERIFY(app->window.start_chat_button()->isEnabled());
  QTest::mouseClick(app->window.start_chat_button(), Qt::LeftButton);
  auto* view = qobject_cast<desktop::chat_view*>(app->window.chat_tabs()->currentWidget());
  QVERIFY(view);
  QVERIFY(!view->send_button()->isEnabled());  // nothing written
  view->input()->setText("   ");
  QVERIFY(!view->send_button()->isEnabled());
  view->input()->setText("hello");
  QVERIFY(view->send_button()->isEnabled());
}

void desktop_test::the_people_list_shows_the_users_after_log_in() {
  register_user("bob");
  register_user("carol");
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == connection_state::online);
  auto* people = app->window.people_list();
  QTRY_COMPARE_WITH_TIMEOUT(people->count(), 2, 20000);
  QCOMPARE(people->item(0)->text(), QString("bob"));
  QCOMPARE(people->item(1)->text(), QString("carol"));
}

// "Log out other devices" from elsewhere: the session's connection closes
// and its refresh is refused, so the app shows the login screen and why.
void desktop_test::a_login_ended_elsewhere_returns_to_the_login_screen_with_the_reason() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == connection_state::online);
  client::http_api http(client::server_url::parse(server_url().toStdString()).value(), nullptr);
  auto other = http.login("ann", password);
  QVERIFY(other.ok());
  QVERIFY(http.end_sessions(other->access_token, "").ok());
  auto* login = app->window.login();
  QTRY_VERIFY_WITH_TIMEOUT(login->isVisible(), 20000);
  QVERIFY(!app->bridge.signed_in());
  QVERIFY2(login->information()->text().startsWith("Logged out: "), qPrintable(login->information()->text()));
  QVERIFY(login->information()->property("error").toBool());
  QVERIFY(!app->window.log_out_action()->isEnabled());
  login->password_field()->setText(password);
  QVERIFY(login->login_button()->isEnabled());
}

}  // namespace natter::testing
