// Notifications while the window is not focused, and muted conversations:
// no notification, the unread count still kept.

#include <QAction>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>

#include "desktop_test.hpp"

namespace natter::testing {

void desktop_test::a_muted_conversation_counts_unread_messages_but_does_not_notify() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto carol = peer("carol");
  auto with_bob = accepted_chat(*app, *bob, "hi from bob");
  QVERIFY(with_bob != 0);
  auto with_carol = accepted_chat(*app, *carol, "hi from carol");
  QVERIFY(with_carol != 0);

  // Mute bob's chat: its tab in front, Conversation > Mute notifications.
  app->window.chat_tabs()->setCurrentWidget(app->window.view_of(with_bob));
  QVERIFY(app->window.mute_action()->isEnabled());
  QVERIFY(!app->window.mute_action()->isChecked());
  app->window.mute_action()->trigger();
  QVERIFY(app->window.muted(with_bob));
  QVERIFY(app->window.mute_action()->isChecked());

  // Another window has the focus now.
  QWidget elsewhere;
  elsewhere.show();
  elsewhere.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&elsewhere));
  QSignalSpy notified(&app->window, &desktop::main_window::notified);

  QVERIFY(bob->send_text(with_bob, "muted one").get().ok());
  const auto* c = app->window.state()->find(with_bob);
  QTRY_COMPARE_WITH_TIMEOUT(c->info.unread, std::int64_t(1), 20000);
  QCOMPARE(notified.count(), 0);

  QVERIFY(carol->send_text(with_carol, "not muted").get().ok());
  QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 1, 20000);
  QCOMPARE(notified.at(0).at(0).toString(), QString("carol"));
  QCOMPARE(notified.at(0).at(1).toString(), QString("not muted"));
  QVERIFY2(app->window.windowTitle().startsWith("(2)"),
           qPrintable(app->window.windowTitle()));  // bob's muted message counts
}

}  // namespace natter::testing
