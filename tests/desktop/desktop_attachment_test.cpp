// Attachments: a picture dropped onto the chat goes to the other side as an
// image; a picture and a file from the other side show as a thumbnail and a
// link with its size, and save to disk from the keyboard.

#include <QDropEvent>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTextBrowser>

#include "desktop_test.hpp"
#include "media_store.hpp"

namespace natter::testing {

void desktop_test::a_picture_dropped_on_the_chat_reaches_the_other_side_as_an_image() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto id = accepted_chat(*app, *bob, "send me the photo");
  QVERIFY(id != 0);
  auto* view = current_view(*app);
  QVERIFY(view->attach_button()->isEnabled());
  QVERIFY(!view->send_button()->isEnabled());
  QTemporaryDir dir;
  auto picture = write_picture(dir, "photo.png");
  QVERIFY(!picture.isEmpty());

  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(picture)});
  QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(view, &enter);
  QVERIFY(enter.isAccepted());
  QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(view, &drop);
  QVERIFY(drop.isAccepted());
  QCOMPARE(view->attached(), QStringList{picture});
  QVERIFY(view->attachments_label()->text().contains("photo.png"));
  QVERIFY(view->send_button()->isEnabled());  // a picture alone may be sent
  QTest::mouseClick(view->send_button(), Qt::LeftButton);
  QVERIFY(view->attached().isEmpty());
  QVERIFY(!view->attachments_label()->isVisible());

  auto got = wait_event<protocol::message_event>(*bob, [](const auto& m) { return m.msg.sender == "ann"; });
  QVERIFY(got);
  QCOMPARE(got->msg.attachments.size(), std::size_t(1));
  const auto& image = got->msg.attachments.front();
  QCOMPARE(image.kind, std::string("image"));
  QCOMPARE(image.name, std::string("photo.png"));
  QCOMPARE(image.width, std::optional<int>(64));
  // Ann's own message shows the thumbnail the server made.
  auto thumbnail = "thumbnail:" + QString::fromStdString(image.id);
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toHtml().contains(thumbnail), 20000);
  QVERIFY(app->window.media()->thumbnail(QString::fromStdString(image.id)));
}

void desktop_test::a_picture_and_a_file_from_the_other_side_show_and_save_from_the_keyboard() {
  auto app = logged_in_app("ann");
  QVERIFY(app->bridge.state() == client::connection_state::online);
  auto bob = peer("bob");
  auto id = accepted_chat(*app, *bob, "two things for you");
  QVERIFY(id != 0);
  auto* view = current_view(*app);
  QTemporaryDir from;
  QTemporaryDir to;
  QByteArray notes(1500, 'n');
  auto token = bob->access_token().get();
  QVERIFY(token.ok());
  auto image = bob->http().upload(token.value(), write_picture(from, "beach.png").toStdString());
  auto file = bob->http().upload(token.value(), write_file(from, "notes.txt", notes).toStdString());
  QVERIFY(image.ok() && file.ok());
  protocol::send_request r;
  r.conversation = id;
  r.client_msg_id = "with-attachments";
  r.text = "the photo and the notes";
  r.attachments = {image.value().id, file.value().id};
  QVERIFY(bob->request(r).get().ok());

  auto thumbnail = "thumbnail:" + QString::fromStdString(image.value().id);
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toHtml().contains(thumbnail), 20000);
  auto text = view->transcript()->toPlainText();
  QVERIFY(text.contains("notes.txt (" + QLocale().formattedDataSize(notes.size()) + ")"));

  // Alt+Up chooses the message; Ctrl+S saves both attachments.
  QStringList asked;
  app->window.ask_save_path_with([&](const QString& suggested) {
    asked << suggested;
    return to.filePath(suggested);
  });
  QTest::keyClick(view->input(), Qt::Key_Up, Qt::AltModifier);
  QVERIFY(view->save_action()->isEnabled());
  QTest::keyClick(view->input(), Qt::Key_S, Qt::ControlModifier);
  QCOMPARE(asked, (QStringList{"beach.png", "notes.txt"}));
  QTRY_COMPARE_WITH_TIMEOUT(read_file(to.filePath("notes.txt")), notes, 20000);
  QTRY_VERIFY_WITH_TIMEOUT(!QImage(to.filePath("beach.png")).isNull(), 20000);
  QCOMPARE(QImage(to.filePath("beach.png")).size(), QSize(64, 48));
}

}  // namespace natter::testing
