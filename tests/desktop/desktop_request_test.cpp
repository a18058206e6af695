// The request dialog: an incoming chat request offered by itself, accepted
// or declined there; Later puts it off until asked for again.

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>

#include "desktop_test.hpp"
#include "request_dialog.hpp"

namespace natter::testing {

void desktop_test::a_request_accepted_in_its_dialog_opens_the_chat() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto sent = bob->send_text("@ann", "may I?").get();
  QVERIFY(sent.ok());
  auto* dialog = app->window.request_window();
  QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 20000);
  QCOMPARE(dialog->conversation(), sent->msg.conversation);
  QVERIFY(dialog->windowTitle().contains("bob"));
  QVERIFY(dialog->text_label()->text().contains("may I?"));
  QVERIFY(dialog->accept_button()->isEnabled());

  QTest::mouseClick(dialog->accept_button(), Qt::LeftButton);
  auto accepted = wait_event<protocol::request_accepted_event>(*bob, [](const auto&) { return true; });
  QVERIFY(accepted);
  QCOMPARE(accepted->by, std::string("ann"));
  QVERIFY(!dialog->isVisible());
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app) && current_view(*app)->conversation() == sent->msg.conversation, 20000);
  QCOMPARE(app->window.request_list()->count(), 0);
  QVERIFY(!app->window.answer_action()->isEnabled());
}

void desktop_test::a_request_put_off_then_declined_in_its_dialog_tells_the_sender() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto sent = bob->send_text("@ann", "buy my stuff").get();
  QVERIFY(sent.ok());
  auto* dialog = app->window.request_window();
  QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 20000);

  // Later: the dialog goes; the request stays in the panel, and is not
  // offered again by itself, only when asked for.
  QTest::keyClick(dialog, Qt::Key_Escape);
  QVERIFY(!dialog->isVisible());
  QCOMPARE(app->window.request_list()->count(), 1);
  QVERIFY(refocus(*app));
  QVERIFY(app->window.answer_action()->isEnabled());
  QTest::keyClick(&app->window, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
  QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), desktop_wait_ms);
  QCOMPARE(dialog->conversation(), sent->msg.conversation);

  QTest::mouseClick(dialog->decline_button(), Qt::LeftButton);
  auto declined = wait_event<protocol::request_declined_event>(*bob, [](const auto&) { return true; });
  QVERIFY(declined);
  QCOMPARE(declined->conversation, sent->msg.conversation);
  QVERIFY(!dialog->isVisible());
  QTRY_COMPARE_WITH_TIMEOUT(app->window.request_list()->count(), 0, desktop_wait_ms);
  QVERIFY(app->window.chat_tabs()->count() == 0);
}

}  // namespace natter::testing
