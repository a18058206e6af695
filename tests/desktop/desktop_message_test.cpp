// Replies, edits and deletions from the keyboard, typing notices both ways,
// and older messages loaded when the chat is scrolled to the top.

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>

#include "desktop_test.hpp"

namespace natter::testing {

namespace {

QString transcript(desktop::chat_view* v) {
  return v ? v->transcript()->toPlainText() : QString();
}

void type_and_send(desktop::chat_view* view, const QString& text) {
  view->input()->setText(text);
  QTest::keyClick(view->input(), Qt::Key_Return);
}

}  // namespace

void desktop_test::reply_edit_and_delete_from_the_keyboard_reach_the_other_side() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto id = accepted_chat(*app, *bob, "lunch today?");
  QVERIFY(id != 0);
  auto* view = current_view(*app);
  const auto& question = app->window.state()->find(id)->messages.back();
  QCOMPARE(question.text, std::string("lunch today?"));
  auto question_id = question.id;

  // Alt+Up chooses the newest message (bob's); Ctrl+R answers it.
  QTest::keyClick(view->input(), Qt::Key_Up, Qt::AltModifier);
  QCOMPARE(view->selected(), question_id);
  QVERIFY(!view->edit_action()->isEnabled());  // not ann's own
  QTest::keyClick(view->input(), Qt::Key_R, Qt::ControlModifier);
  QVERIFY(view->mode_label()->text().contains("Replying to bob"));
  type_and_send(view, "yes, at noon");
  auto reply = wait_event<protocol::message_event>(*bob, [](const auto& m) { return m.msg.sender == "ann"; });
  QVERIFY(reply);
  QCOMPARE(reply->msg.reply_to, std::optional<message_id>(question_id));
  QTRY_VERIFY_WITH_TIMEOUT(transcript(view).contains("yes, at noon"), desktop_wait_ms);
  QTRY_VERIFY_WITH_TIMEOUT(app->window.state()->find(id)->pending.empty(),
                           desktop_wait_ms);  // acknowledged: it can be edited

  // Up in the empty line edits ann's latest message.
  QTest::keyClick(view->input(), Qt::Key_Up);
  QCOMPARE(view->input()->text(), QString("yes, at noon"));
  type_and_send(view, "yes, at one");
  auto edited = wait_event<protocol::message_edited_event>(*bob, [](const auto&) { return true; });
  QVERIFY(edited);
  QCOMPARE(edited->msg.id, reply->msg.id);
  QCOMPARE(edited->msg.text, std::string("yes, at one"));
  QTRY_VERIFY_WITH_TIMEOUT(transcript(view).contains("yes, at one (edited)"), desktop_wait_ms);

  // Alt+Up chooses it again (the newest); Ctrl+D deletes it.
  QTest::keyClick(view->input(), Qt::Key_Up, Qt::AltModifier);
  QCOMPARE(view->selected(), reply->msg.id);
  QVERIFY(view->delete_action()->isEnabled());
  QTest::keyClick(view->input(), Qt::Key_D, Qt::ControlModifier);
  auto deleted = wait_event<protocol::message_deleted_event>(*bob, [](const auto&) { return true; });
  QVERIFY(deleted);
  QCOMPARE(deleted->id, reply->msg.id);
  QTRY_VERIFY_WITH_TIMEOUT(!transcript(view).contains("yes, at one"), desktop_wait_ms);
  QVERIFY(transcript(view).contains("lunch today?"));
}

void desktop_test::typing_shows_on_both_sides() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto id = accepted_chat(*app, *bob, "hi");
  QVERIFY(id != 0);
  auto* view = current_view(*app);
  QVERIFY(view->typing_label()->text().isEmpty());
  QVERIFY(bob->request(protocol::typing_request{id}).get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(view->typing_label()->text().contains("bob is typing"), 20000);

  QTest::keyClicks(view->input(), "hel");
  auto typing = wait_event<protocol::typing_event>(*bob, [](const auto& t) { return t.user == "ann"; });
  QVERIFY(typing);
  QCOMPARE(typing->conversation, id);
}

void desktop_test::scrolling_to_the_top_loads_older_messages() {
  auto bob = peer("bob");
  register_user("ann");
  constexpr int count = 70;  // more than one history page (50)
  for (int i = 1; i <= count; ++i) {
    auto sent = bob->send_text("@ann", QString("old-%1").arg(i, 3, 10, QChar('0')).toStdString()).get();
    QVERIFY2(sent.ok(), sent ? "" : (sent.error().code + " " + sent.error().message).c_str());
  }
  auto app = logged_in_app("ann", true);
  QVERIFY(app->bridge.state() == client::connection_state::online);
  QTRY_COMPARE_WITH_TIMEOUT(app->window.request_list()->count(), 1, 20000);
  QTest::mouseClick(app->window.accept_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(transcript(current_view(*app)).contains("old-070"), 20000);
  auto* view = current_view(*app);
  QVERIFY(!transcript(view).contains("old-001"));
  QVERIFY(transcript(view).contains("Scroll up for older messages"));

  auto* bar = view->transcript()->verticalScrollBar();
  QVERIFY(bar->maximum() > 0);
  bar->setValue(bar->minimum());
  QTRY_VERIFY_WITH_TIMEOUT(transcript(view).contains("old-001"), 20000);
  QCOMPARE(transcript(view).count("old-020"), 1);
  QVERIFY(!transcript(view).contains("Scroll up for older messages"));
  QCOMPARE(app->window.state()->find(view->conversation())->messages.size(), std::size_t(count));
}

}  // namespace natter::testing
