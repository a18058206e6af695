// Ending conversations: a direct chat (the other side sees an action
// message) and a group (its members see member.left).

#include <QAction>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>

#include "desktop_test.hpp"

namespace natter::testing {

namespace {

bool listed(QListWidget* list, const QString& title) {
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->text().startsWith(title)) return true;
  return false;
}

// Conversation > End conversation, then the confirmation's first button.
bool end_current(desktop_app& app) {
  if (!app.window.end_action()->isEnabled()) return false;
  app.window.end_action()->trigger();
  QMessageBox* box = nullptr;
  if (!QTest::qWaitFor([&] { return (box = app.window.findChild<QMessageBox*>()) != nullptr; }, desktop_wait_ms))
    return false;
  QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
  return true;
}

}  // namespace

void desktop_test::ending_a_direct_chat_tells_the_other_side_and_hides_it_until_they_write() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto id = accepted_chat(*app, *bob, "hello ann");
  QVERIFY(id != 0);
  auto* list = app->window.conversation_list();
  QTRY_VERIFY_WITH_TIMEOUT(listed(list, "bob"), 20000);

  QVERIFY(end_current(*app));
  auto ended = wait_event<protocol::message_event>(*bob, [](const auto& m) { return m.msg.sender == "ann"; });
  QVERIFY(ended);
  QCOMPARE(ended->msg.text, std::string("/me ended the chat"));
  QCOMPARE(ended->msg.conversation, id);
  QTRY_VERIFY_WITH_TIMEOUT(app->window.view_of(id) == nullptr, desktop_wait_ms);
  QTRY_VERIFY_WITH_TIMEOUT(!listed(list, "bob"), desktop_wait_ms);
  QVERIFY(!app->window.end_action()->isEnabled());

  QVERIFY(bob->send_text(id, "wait, one more thing").get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(listed(list, "bob"), 20000);
}

void desktop_test::leaving_a_group_tells_its_members() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  QVERIFY(accepted_chat(*app, *bob, "hi") != 0);  // so that bob may add ann to a group
  auto group = bob->call(protocol::group_create_request{"Team", {"ann"}}).get();
  QVERIFY(group.ok());
  QVERIFY(group->invited.empty());
  auto id = group->conv.id;
  QVERIFY(bob->send_text(id, "welcome to the team").get().ok());
  auto* list = app->window.conversation_list();
  QTRY_VERIFY_WITH_TIMEOUT(listed(list, "Team"), 20000);

  // Open it with the keyboard: the row, then Return.
  for (int i = 0; i < list->count(); ++i)
    if (list->item(i)->text().startsWith("Team")) list->setCurrentRow(i);
  list->setFocus();
  QTest::keyClick(list, Qt::Key_Return);
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app) && current_view(*app)->conversation() == id, 20000);

  QVERIFY(end_current(*app));
  auto left = wait_event<protocol::member_left_event>(*bob, [&](const auto& e) { return e.conversation == id; });
  QVERIFY(left);
  QCOMPARE(left->user, std::string("ann"));
  QTRY_VERIFY_WITH_TIMEOUT(app->window.view_of(id) == nullptr, desktop_wait_ms);
  QTRY_VERIFY_WITH_TIMEOUT(!listed(list, "Team"), desktop_wait_ms);
}

}  // namespace natter::testing
