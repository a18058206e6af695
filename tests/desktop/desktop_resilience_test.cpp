// Reconnecting after a server restart, and the README's screenshots.

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTextBrowser>

#include "chat_view.hpp"
#include "desktop_test.hpp"

namespace natter::testing {

namespace {

desktop::chat_view* current_view(desktop_app& app) {
  return qobject_cast<desktop::chat_view*>(app.window.chat_tabs()->currentWidget());
}

QPalette dark_palette() {
  QPalette p;
  p.setColor(QPalette::Window, QColor(0x24, 0x24, 0x24));
  p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
  p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
  p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
  p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
  p.setColor(QPalette::Button, QColor(0x30, 0x30, 0x30));
  p.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
  p.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
  for (auto role : {QPalette::ButtonText, QPalette::Text, QPalette::WindowText})
    p.setColor(QPalette::Disabled, role, QColor(0x77, 0x77, 0x77));
  return p;
}

}  // namespace

void desktop_test::a_server_restart_loses_nothing_and_sends_what_was_queued() {
  auto bob = peer("bob");
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto first = bob->send_text("@ann", "before").get();
  QVERIFY(first.ok());
  QTRY_COMPARE_WITH_TIMEOUT(app->window.request_list()->count(), 1, 20000);
  QTest::mouseClick(app->window.accept_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app), 20000);
  auto* view = current_view(*app);

  server_->stop();
  QTRY_VERIFY_WITH_TIMEOUT(app->bridge.state() == client::connection_state::reconnecting, 20000);
  QVERIFY(app->window.connection_label()->text().contains("queued"));
  QVERIFY(app->window.log_out_action()->isEnabled());
  view->input()->setText("while down");
  QVERIFY(view->send_button()->isEnabled());  // queued, not refused
  QTest::mouseClick(view->send_button(), Qt::LeftButton);
  const auto* c = app->window.state()->find(view->conversation());
  QCOMPARE(c->pending.size(), 1u);  // shown with a clock until acknowledged
  QVERIFY(view->transcript()->toPlainText().contains("while down"));

  server_->restart(true);
  QTRY_VERIFY_WITH_TIMEOUT(app->bridge.state() == client::connection_state::online, 30000);
  auto got = wait_event<protocol::message_event>(*bob, [](const auto& m) { return m.msg.text == "while down"; });
  QVERIFY(got);
  QVERIFY(bob->wait_online(std::chrono::seconds(20)).ok());
  QVERIFY(bob->send_text(first->msg.conversation, "after").get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toPlainText().contains("after"), 20000);
  auto text = view->transcript()->toPlainText();
  QCOMPARE(text.count("while down"), 1);
  QCOMPARE(text.count("before"), 1);
  QTRY_COMPARE(c->pending.size(), 0u);
  // Nothing stored twice: the history holds "while down" once.
  auto history = bob->call(protocol::history_request{first->msg.conversation, std::nullopt, std::nullopt, 50}).get();
  QVERIFY(history.ok());
  int copies = 0;
  for (const auto& e : history->events)
    if (const auto* m = std::get_if<protocol::message_event>(&e); m && m->msg.text == "while down") ++copies;
  QCOMPARE(copies, 1);
}

// A main window with two chats, one unread; a chat with ticks; a request.
void desktop_test::screenshots() {
  if (qEnvironmentVariableIsEmpty("NATTER_SCREENSHOTS")) QSKIP("set NATTER_SCREENSHOTS=1 to refresh the pictures");
  auto bob = peer("bob");
  auto carol = peer("carol");
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto from_bob = bob->send_text("@ann", "Hi Ann! Lunch on Friday?").get();
  QVERIFY(from_bob.ok());
  QTRY_COMPARE_WITH_TIMEOUT(app->window.request_list()->count(), 1, 20000);
  save_screenshot(app->window, "request");
  QTest::mouseClick(app->window.accept_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app), 20000);
  auto* view = current_view(*app);
  view->input()->setText("Yes! The usual place at noon?");
  QTest::mouseClick(view->send_button(), Qt::LeftButton);
  auto mine = wait_event<protocol::message_event>(*bob, [](const auto& m) { return m.msg.sender == "ann"; });
  QVERIFY(mine);
  QVERIFY(bob->request(protocol::receipt_read_request{mine->msg.conversation, mine->msg.seq}).get().ok());
  QVERIFY(bob->send_text(mine->msg.conversation, "Perfect, see you there").get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toPlainText().contains("see you there"), 20000);
  const auto* c = app->window.state()->find(mine->msg.conversation);
  QTRY_COMPARE(desktop::chat_view::tick_of(*c, mine->msg.seq), QString("read"));
  save_screenshot(app->window, "chat");
  QVERIFY(carol->send_text("@ann", "Did you see the new release notes?").get().ok());
  QTRY_COMPARE_WITH_TIMEOUT(app->window.request_list()->count(), 1, 20000);
  save_screenshot(app->window, "main");
  auto light = QApplication::palette();
  QApplication::setPalette(dark_palette());
  QCoreApplication::processEvents();
  view->render(*app->window.state());
  save_screenshot(app->window, "main-dark");
  QApplication::setPalette(light);
}

}  // namespace natter::testing
