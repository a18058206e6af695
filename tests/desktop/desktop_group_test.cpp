// New groups and public rooms: a group made in its dialog invites the
// people checked; a room chosen from the server's list is joined and opens.

#include <QAction>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStatusBar>
#include <QTextBrowser>

#include "desktop_test.hpp"
#include "group_dialog.hpp"
#include "room_dialog.hpp"

namespace natter::testing {

namespace {

QString current_tab(desktop_app& app) {
  return app.window.chat_tabs()->tabText(app.window.chat_tabs()->currentIndex());
}

}  // namespace

void desktop_test::a_new_group_from_its_dialog_invites_the_people_checked() {
  auto bob = peer("bob");
  auto carol = peer("carol");
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  QTRY_COMPARE_WITH_TIMEOUT(app->window.people_list()->count(), 2, 20000);
  QVERIFY(app->window.new_group_action()->isEnabled());
  app->window.new_group_action()->trigger();
  auto* dialog = app->window.group_window();
  QVERIFY(dialog && dialog->isVisible());
  auto* create = dialog->create_button();
  QVERIFY(create);
  QVERIFY(!create->isEnabled());  // no name yet
  QTest::keyClicks(dialog->name_field(), "Trip");
  QVERIFY(create->isEnabled());
  auto bobs = dialog->people_list()->findItems("bob", Qt::MatchExactly);
  QCOMPARE(bobs.size(), 1);
  bobs.front()->setCheckState(Qt::Checked);
  QTest::keyClick(dialog->name_field(), Qt::Key_Return);

  auto invited = wait_event<protocol::group_invited_event>(*bob, [](const auto& g) { return g.name == "Trip"; });
  QVERIFY(invited);
  QCOMPARE(invited->by, std::string("ann"));
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app) && current_view(*app)->conversation() == invited->conversation, 20000);
  QCOMPARE(current_tab(*app), QString("Trip"));
  QVERIFY(app->window.statusBar()->currentMessage().contains("Invited bob"));
  QCOMPARE(app->window.state()->find(invited->conversation)->info.members, std::vector<std::string>{"ann"});
}

void desktop_test::a_room_chosen_from_the_list_is_joined_and_opens() {
  auto bob = peer("bob");
  QVERIFY(bob->request(protocol::room_create_request{"lobby", "say hello"}).get().ok());
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  app->window.join_room_action()->trigger();
  auto* dialog = app->window.room_window();
  QVERIFY(dialog && dialog->isVisible());
  QTRY_COMPARE_WITH_TIMEOUT(dialog->rooms_list()->count(), 1, 20000);
  auto text = dialog->rooms_list()->item(0)->text();
  QVERIFY(text.contains("#lobby") && text.contains("say hello") && !text.contains("joined"));
  QVERIFY(dialog->join_button()->isEnabled());
  QTest::keyClick(dialog->rooms_list(), Qt::Key_Return);

  auto joined = wait_event<protocol::member_joined_event>(*bob, [](const auto& j) { return j.user == "ann"; });
  QVERIFY(joined);
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app) && current_view(*app)->conversation() == joined->conversation, 20000);
  QCOMPARE(current_tab(*app), QString("#lobby"));
  QVERIFY(!dialog->isVisible());
  QVERIFY(bob->send_text(joined->conversation, "welcome ann").get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app)->transcript()->toPlainText().contains("welcome ann"), 20000);
}

}  // namespace natter::testing
