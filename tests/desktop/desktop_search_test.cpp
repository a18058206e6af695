// Message search: words found in an older message, and the result opened
// at that message with the pages before the newest loaded.

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>

#include "desktop_test.hpp"
#include "search_dialog.hpp"

namespace natter::testing {

void desktop_test::a_search_result_opens_its_conversation_at_the_message() {
  auto bob = peer("bob");
  register_user("ann");
  auto plan = bob->send_text("@ann", "the harbour plan").get();
  QVERIFY(plan.ok());
  constexpr int fillers = 60;  // more than the first history page (50)
  for (int i = 1; i <= fillers; ++i)
    QVERIFY(bob->send_text("@ann", QString("filler-%1").arg(i, 3, 10, QChar('0')).toStdString()).get().ok());
  auto app = logged_in_app("ann", true);
  QVERIFY(app->bridge.state() == client::connection_state::online);
  QTRY_COMPARE_WITH_TIMEOUT(app->window.request_list()->count(), 1, 20000);
  QTest::mouseClick(app->window.accept_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app) && current_view(*app)->transcript()->toPlainText().contains("filler-060"),
                           20000);
  auto* view = current_view(*app);
  QVERIFY(!view->transcript()->toPlainText().contains("harbour"));

  QVERIFY(app->window.search_action()->isEnabled());
  app->window.search_action()->trigger();
  auto* dialog = app->window.search_window();
  QVERIFY(dialog && dialog->isVisible());
  QTest::keyClicks(dialog->query_field(), "harb");
  QTest::keyClick(dialog->query_field(), Qt::Key_Return);
  QTRY_COMPARE_WITH_TIMEOUT(dialog->results_list()->count(), 1, 20000);
  auto found = dialog->results_list()->item(0)->text();
  QVERIFY(found.contains("the harbour plan"));
  QVERIFY(found.startsWith("bob"));
  QVERIFY(!dialog->more_button()->isEnabled());  // one page

  QTest::keyClick(dialog->results_list(), Qt::Key_Return);
  QTRY_COMPARE_WITH_TIMEOUT(view->selected(), plan.value().msg.id, 20000);
  QVERIFY(view->transcript()->toPlainText().contains("the harbour plan"));
  QCOMPARE(current_view(*app), view);
  QCOMPARE(app->window.state()->find(view->conversation())->messages.size(), std::size_t(fillers + 1));

  // Nothing found says so.
  dialog->query_field()->setText("lighthouse");
  QTest::keyClick(dialog->query_field(), Qt::Key_Return);
  QTRY_COMPARE_WITH_TIMEOUT(dialog->status_label()->text(), QString("Nothing found."), 20000);
  QCOMPARE(dialog->results_list()->count(), 0);
}

}  // namespace natter::testing
