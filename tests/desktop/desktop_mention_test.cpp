// Mentions: "@" offers the members to mention; a message mentioning the
// user counts as @n in the conversation list and shows tinted with the
// mention marked.

#include <QAbstractItemView>
#include <QAction>
#include <QCompleter>
#include <QLineEdit>
#include <QListWidget>
#include <QTextBrowser>

#include "desktop_test.hpp"

namespace natter::testing {

namespace {

QListWidgetItem* item_of(desktop_app& app, conversation_id id) {
  auto* list = app.window.conversation_list();
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->data(Qt::UserRole).toLongLong() == id) return list->item(i);
  return nullptr;
}

QString item_text(desktop_app& app, conversation_id id) {
  auto* item = item_of(app, id);
  return item ? item->text() : QString();
}

}  // namespace

void desktop_test::typing_at_offers_the_members_and_the_mention_reaches_them() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto id = accepted_chat(*app, *bob, "hi ann");
  QVERIFY(id != 0);
  auto* view = current_view(*app);
  auto* completer = view->mention_completer();
  QTRY_VERIFY_WITH_TIMEOUT(!app->window.state()->find(id)->info.members.empty(), 20000);

  QTest::keyClicks(view->input(), "see you @B");
  QTRY_VERIFY_WITH_TIMEOUT(completer->popup()->isVisible(), desktop_wait_ms);
  QCOMPARE(completer->completionCount(), 1);
  QCOMPARE(completer->currentCompletion(), QString("bob"));  // ann is not offered
  QTest::keyClick(completer->popup(), Qt::Key_Down);
  QTest::keyClick(completer->popup(), Qt::Key_Return);
  QCOMPARE(view->input()->text(), QString("see you @bob "));
  QTest::keyClicks(view->input(), "at noon");
  QTest::keyClick(view->input(), Qt::Key_Return);
  auto got = wait_event<protocol::message_event>(*bob, [](const auto& m) { return m.msg.sender == "ann"; });
  QVERIFY(got);
  QCOMPARE(got->msg.text, std::string("see you @bob at noon"));
  QCOMPARE(got->msg.mentions.size(), std::size_t(1));
  QCOMPARE(got->msg.mentions.front().username, std::string("bob"));
}

void desktop_test::a_message_mentioning_the_user_counts_in_the_list_and_shows_marked() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto id = accepted_chat(*app, *bob, "hi ann");
  QVERIFY(id != 0);
  app->window.close_tab_action()->trigger();  // still a member; what comes is unread
  QVERIFY(!current_view(*app));
  QTRY_VERIFY_WITH_TIMEOUT(item_of(*app, id), 20000);

  QVERIFY(bob->send_text(id, "@ann are you there?").get().ok());
  QVERIFY(bob->send_text(id, "no mention here").get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(item_text(*app, id).contains("(2)  @1"), 20000);
  QCOMPARE(app->window.state()->find(id)->info.unread_mentions, std::int64_t(1));

  app->window.conversation_list()->setCurrentItem(item_of(*app, id));
  emit app->window.conversation_list()->itemActivated(item_of(*app, id));
  auto* view = current_view(*app);
  QVERIFY(view && view->conversation() == id);
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toPlainText().contains("no mention here"), 20000);
  auto html = view->transcript()->toHtml();
  QCOMPARE(html.count(view->mention_colour().name()), 1);                          // the one mentioning ann, tinted
  QVERIFY(html.contains(view->palette().color(QPalette::Link).name()));            // @ann marked
  QTRY_VERIFY_WITH_TIMEOUT(!item_text(*app, id).contains("@1"), desktop_wait_ms);  // read now
}

}  // namespace natter::testing
