// Reconnecting after a server restart, and the README's screenshots.

#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLinearGradient>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>

#include "chat_view.hpp"
#include "desktop_test.hpp"
#include "request_dialog.hpp"
#include "theme.hpp"

namespace natter::testing {

namespace {}  // namespace

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
  // bob writes too while the server is down: it waits in bob's outbox.
  protocol::send_request from_bob;
  from_bob.conversation = first->msg.conversation;
  from_bob.client_msg_id = "bob-while-down";
  from_bob.text = "bob wrote meanwhile";
  auto bob_sent = bob->request(from_bob);
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
  QVERIFY(bob_sent.get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toPlainText().contains("bob wrote meanwhile"), 20000);
  auto text = view->transcript()->toPlainText();
  QCOMPARE(text.count("while down"), 1);
  QCOMPARE(text.count("before"), 1);
  QCOMPARE(text.count("bob wrote meanwhile"), 1);
  QTRY_COMPARE_WITH_TIMEOUT(c->pending.size(), 0u, desktop_wait_ms);
  // Nothing stored twice: the history holds "while down" once.
  auto history = bob->call(protocol::history_request{first->msg.conversation, std::nullopt, std::nullopt, 50}).get();
  QVERIFY(history.ok());
  int copies = 0;
  for (const auto& e : history->events)
    if (const auto* m = std::get_if<protocol::message_event>(&e); m && m->msg.text == "while down") ++copies;
  QCOMPARE(copies, 1);
}

// The README's pictures: a request offered in its dialog, a chat with
// ticks, the main window with an unread chat and a request put off; then
// the main window and the request dialog in the dark theme.
void desktop_test::screenshots() {
  if (qEnvironmentVariableIsEmpty("NATTER_SCREENSHOTS")) QSKIP("set NATTER_SCREENSHOTS=1 to refresh the pictures");
  auto bob = peer("bob");
  auto carol = peer("carol");
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  QVERIFY(bob->send_text("@ann", "Hi Ann! Lunch on Friday?").get().ok());
  auto* dialog = app->window.request_window();
  QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 20000);
  save_screenshot(app->window, "request", dialog);
  QTest::mouseClick(dialog->accept_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(current_view(*app), 20000);
  QVERIFY(refocus(*app));
  auto* view = current_view(*app);
  view->input()->setText("Yes! The usual place at noon?");
  QTest::mouseClick(view->send_button(), Qt::LeftButton);
  auto mine = wait_event<protocol::message_event>(*bob, [](const auto& m) { return m.msg.sender == "ann"; });
  QVERIFY(mine);
  QVERIFY(bob->request(protocol::receipt_read_request{mine->msg.conversation, mine->msg.seq}).get().ok());
  QVERIFY(bob->send_text(mine->msg.conversation, "Perfect, see you there").get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toPlainText().contains("see you there"), 20000);
  // A picture (its thumbnail) and a reaction on ann's message.
  QTemporaryDir dir;
  QImage picture(640, 400, QImage::Format_RGB32);
  QPainter paint(&picture);
  QLinearGradient sky(0, 0, 0, 400);
  sky.setColorAt(0, QColor(0x62, 0xa0, 0xea));
  sky.setColorAt(1, QColor(0xf6, 0xd3, 0x2d));
  paint.fillRect(picture.rect(), sky);
  paint.end();
  QVERIFY(picture.save(dir.filePath("harbour.png")));
  auto token = bob->access_token().get();
  QVERIFY(token.ok());
  auto upload = bob->http().upload(token.value(), dir.filePath("harbour.png").toStdString());
  QVERIFY(upload.ok());
  protocol::send_request with_picture;
  with_picture.conversation = mine->msg.conversation;
  with_picture.client_msg_id = "screenshot-picture";
  with_picture.text = "The place:";
  with_picture.attachments = {upload.value().id};
  QVERIFY(bob->request(with_picture).get().ok());
  QVERIFY(bob->request(protocol::react_request{mine->msg.id, "\U0001F44D"}).get().ok());
  auto thumbnail = "thumbnail:" + QString::fromStdString(upload.value().id);
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toHtml().contains(thumbnail), 20000);
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toPlainText().contains(QString("\U0001F44D")), 20000);
  const auto* c = app->window.state()->find(mine->msg.conversation);
  QTRY_COMPARE_WITH_TIMEOUT(desktop::chat_view::tick_of(*c, mine->msg.seq), QString("read"), desktop_wait_ms);
  save_screenshot(app->window, "chat");
  QVERIFY(carol->send_text("@ann", "Did you see the new release notes?").get().ok());
  QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 20000);
  QTest::keyClick(dialog, Qt::Key_Escape);  // Later
  QVERIFY(refocus(*app));
  save_screenshot(app->window, "main");

  auto light = QApplication::palette();
  auto style = QApplication::style()->name();
  desktop::use_dark_theme();
  QCoreApplication::processEvents();
  view->render(*app->window.state());
  save_screenshot(app->window, "main-dark");
  app->window.answer_action()->trigger();
  QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), desktop_wait_ms);
  save_screenshot(app->window, "request-dark", dialog);
  QApplication::setStyle(QStyleFactory::create(style));
  QApplication::setPalette(light);
}

}  // namespace natter::testing
