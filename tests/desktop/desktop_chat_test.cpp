// Chat requests, chatting both ways with ticks, and unread marks.

#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBrowser>

#include "chat_view.hpp"
#include "desktop_test.hpp"
#include "request_dialog.hpp"

namespace natter::testing {

namespace {

QString transcript(desktop::chat_view* v) {
  return v ? v->transcript()->toPlainText() : QString();
}

int row_of(QListWidget* list, const QString& starts) {
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->text().startsWith(starts)) return i;
  return -1;
}

bool marked_unread(QListWidget* list, const QString& who) {
  int row = row_of(list, who);
  return row >= 0 && list->item(row)->foreground().color() == QColor(0xc0, 0x1c, 0x28) &&
         list->item(row)->font().bold();
}

void send(desktop::chat_view* view, const QString& text) {
  view->input()->setText(text);
  QTest::mouseClick(view->send_button(), Qt::LeftButton);
}

}  // namespace

void desktop_test::a_chat_request_accepted_by_the_other_side_then_chat_both_ways_with_ticks() {
  auto bob = peer("bob");
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  QTRY_COMPARE_WITH_TIMEOUT(app->window.people_list()->count(), 1, 20000);
  app->window.people_list()->setCurrentRow(0);
  QTest::mouseClick(app->window.start_chat_button(), Qt::LeftButton);
  send(current_view(*app), "hi bob");

  auto request = wait_event<protocol::request_event>(*bob, [](const auto& r) { return r.msg.text == "hi bob"; });
  QVERIFY(request);
  QCOMPARE(request->from, std::string("ann"));
  QVERIFY(bob->request(protocol::request_accept_request{request->conversation}).get().ok());
  QVERIFY(bob->send_text(request->conversation, "hi ann").get().ok());
  auto* view = current_view(*app);
  QTRY_VERIFY_WITH_TIMEOUT(transcript(view).contains("hi ann"), 20000);
  QCOMPARE(view->conversation(), request->conversation);
  QCOMPARE(transcript(view).count("hi bob"), 1);

  // Ticks: sent, then delivered, then read, as bob's receipts arrive.
  const auto* c = app->window.state()->find(request->conversation);
  auto seq = request->msg.seq;
  QVERIFY(bob->request(protocol::receipt_delivered_request{request->conversation, seq}).get().ok());
  QTRY_COMPARE_WITH_TIMEOUT(desktop::chat_view::tick_of(*c, seq), QString("delivered"), 20000);
  QVERIFY(bob->request(protocol::receipt_read_request{request->conversation, seq}).get().ok());
  QTRY_COMPARE_WITH_TIMEOUT(desktop::chat_view::tick_of(*c, seq), QString("read"), 20000);

  send(view, "how are you?");
  QVERIFY(wait_event<protocol::message_event>(*bob, [](const auto& m) { return m.msg.text == "how are you?"; }));
  QTRY_VERIFY_WITH_TIMEOUT(transcript(view).contains("how are you?"), desktop_wait_ms);
}

void desktop_test::an_incoming_request_declined_tells_the_sender() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto sent = bob->send_text("@ann", "may I?").get();
  QVERIFY(sent.ok());
  auto* requests = app->window.request_list();
  QTRY_COMPARE_WITH_TIMEOUT(requests->count(), 1, 20000);
  QVERIFY(requests->item(0)->text().contains("bob"));
  QVERIFY(requests->item(0)->text().contains("may I?"));
  QVERIFY(app->window.decline_button()->isEnabled());
  QTest::mouseClick(app->window.decline_button(), Qt::LeftButton);
  auto declined = wait_event<protocol::request_declined_event>(*bob, [](const auto&) { return true; });
  QVERIFY(declined);
  QCOMPARE(declined->by, std::string("ann"));
  QCOMPARE(declined->conversation, sent->msg.conversation);
  QTRY_COMPARE_WITH_TIMEOUT(requests->count(), 0, desktop_wait_ms);
  QVERIFY(!app->window.accept_button()->isEnabled());
}

void desktop_test::two_conversations_at_once_with_red_unread_marks() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto carol = peer("carol");
  QVERIFY(bob->send_text("@ann", "from bob").get().ok());
  QVERIFY(carol->send_text("@ann", "from carol").get().ok());
  auto* requests = app->window.request_list();
  QTRY_COMPARE_WITH_TIMEOUT(requests->count(), 2, 20000);
  for (int i = 0; i < 2; ++i) {
    requests->setCurrentRow(0);
    QTest::mouseClick(app->window.accept_button(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(app->window.chat_tabs()->count(), i + 1, 20000);
  }
  QTRY_VERIFY_WITH_TIMEOUT(!app->window.request_window()->isVisible(), desktop_wait_ms);
  QVERIFY(refocus(*app));
  auto* tabs = app->window.chat_tabs();
  QCOMPARE(tabs->count(), 2);
  // In front: the chat accepted last; a message in the other one is unread.
  auto* front = current_view(*app);
  auto& behind = front->peer() == "bob" ? *carol : *bob;
  auto behind_name = front->peer() == "bob" ? QString("carol") : QString("bob");
  QVERIFY(behind.send_text("@ann", "are you there?").get().ok());
  auto* list = app->window.conversation_list();
  QTRY_VERIFY_WITH_TIMEOUT(marked_unread(list, behind_name), 20000);
  QVERIFY(list->item(row_of(list, behind_name))->text().contains("(1)"));
  QVERIFY(!marked_unread(list, front->peer()));
  QVERIFY(app->window.windowTitle().startsWith("(1)"));

  tabs->setCurrentIndex(1 - tabs->currentIndex());  // read it
  QTRY_VERIFY_WITH_TIMEOUT(!marked_unread(list, behind_name), desktop_wait_ms);
  QVERIFY(!app->window.windowTitle().startsWith("("));
  QVERIFY(transcript(current_view(*app)).contains("are you there?"));
}

}  // namespace natter::testing
