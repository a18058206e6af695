// Reactions: chips under a message follow the other side's reactions live,
// and the user's own come and go from the message's menu and a chip.

#include <QAction>
#include <QLineEdit>
#include <QTextBrowser>

#include "desktop_test.hpp"

namespace natter::testing {

namespace {

// The transcript as text, its non-breaking spaces as spaces.
QString shown_text(desktop::chat_view* v) {
  return v->transcript()->toPlainText().replace(QChar::Nbsp, ' ');
}

QAction* thumbs_up(desktop::chat_view* v) {
  return v->react_actions().front();  // common_emoji() starts with 👍
}

}  // namespace

void desktop_test::reactions_show_live_and_toggle_from_the_menu_and_a_chip() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto id = accepted_chat(*app, *bob, "lunch today?");
  QVERIFY(id != 0);
  auto* view = current_view(*app);
  auto question = app->window.state()->find(id)->messages.back().id;
  const QString up = desktop::chat_view::common_emoji().front();
  QCOMPARE(up, QString("\U0001F44D"));

  // Bob's reaction shows as a chip with its count.
  QVERIFY(bob->request(protocol::react_request{question, up.toStdString()}).get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(shown_text(view).contains(up + " 1"), 20000);
  QTest::keyClick(view->input(), Qt::Key_Up, Qt::AltModifier);
  QCOMPARE(view->selected(), question);
  QVERIFY(thumbs_up(view)->isEnabled());
  QVERIFY(!thumbs_up(view)->isChecked());  // bob's, not ann's

  // Ann adds hers from the React menu: bob hears it, the chip counts two,
  // and the menu marks it as hers.
  thumbs_up(view)->trigger();
  auto added = wait_event<protocol::message_reaction_event>(*bob, [](const auto& r) { return r.by.username == "ann"; });
  QVERIFY(added);
  QCOMPARE(added->action, std::string("add"));
  QCOMPARE(added->reactions.front().count, std::int64_t(2));
  QTRY_VERIFY_WITH_TIMEOUT(shown_text(view).contains(up + " 2"), 20000);
  QTRY_VERIFY_WITH_TIMEOUT(thumbs_up(view)->isChecked(), desktop_wait_ms);

  // A click on the chip takes it back.
  auto chip = QString("react:%1/%2").arg(question).arg(QString::fromLatin1(QUrl::toPercentEncoding(up)));
  emit view->transcript()->anchorClicked(QUrl(chip));
  auto removed = wait_event<protocol::message_reaction_event>(*bob, [](const auto& r) { return r.action == "remove"; });
  QVERIFY(removed);
  QCOMPARE(removed->by.username, std::string("ann"));
  QTRY_VERIFY_WITH_TIMEOUT(shown_text(view).contains(up + " 1"), 20000);
  QTRY_VERIFY_WITH_TIMEOUT(!thumbs_up(view)->isChecked(), desktop_wait_ms);
}

}  // namespace natter::testing
