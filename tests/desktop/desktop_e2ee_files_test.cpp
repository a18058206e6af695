// Files in encrypted chats: the app seals what it attaches (the server sees
// ciphertext under the name "encrypted"), shows the pictures and files a
// client library user sends once they open, saves their bytes, and keeps a
// message's files when it is edited.

#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTextBrowser>

#include "chat_view.hpp"
#include "client/e2ee/file_crypto.hpp"
#include "crypto_worker.hpp"
#include "desktop_crypto_peer.hpp"
#include "desktop_test.hpp"
#include "media_store.hpp"

namespace natter::testing {

namespace {

std::string as_string(const QByteArray& b) {
  return {b.constData(), static_cast<std::size_t>(b.size())};
}

void send_typed(desktop::chat_view* view, const QString& text) {
  view->input()->setText(text);
  QTest::mouseClick(view->send_button(), Qt::LeftButton);
}

// What the library user gets for the file of entry f: downloaded and opened.
std::optional<std::string> opened_by(crypto_peer& p, const client::e2ee::encrypted_file& f, const QTemporaryDir& dir) {
  auto token = p.session->access_token().get();
  if (!token) return std::nullopt;
  const auto path = dir.filePath(QString::fromStdString(f.media_id));
  auto got = p.session->http().download(token.value(), f.media_id, path.toStdString(), {false, true});
  if (!got) return std::nullopt;
  return client::e2ee::open_file(as_string(read_file(path)), f.key, f.nonce);
}

// The library user seals and uploads `plain` as a file of its message.
std::optional<client::e2ee::encrypted_file> sealed_upload(crypto_peer& p, const QTemporaryDir& dir,
                                                          const QByteArray& plain, const std::string& name,
                                                          const std::string& mime) {
  auto sealed = client::e2ee::seal_file(as_string(plain));
  const auto path = write_file(dir, QString::fromStdString(name) + ".sealed",
                               QByteArray(sealed.ciphertext.data(), static_cast<qsizetype>(sealed.ciphertext.size())));
  auto token = p.session->access_token().get();
  if (!token || path.isEmpty()) return std::nullopt;
  client::upload_options o;
  o.purpose = "encrypted";
  auto media = p.session->http().upload(token.value(), path.toStdString(), o);
  if (!media) return std::nullopt;
  return client::e2ee::encrypted_file{media->id, sealed.key, sealed.nonce, name, mime, plain.size(), 0, 0};
}

}  // namespace

void desktop_test::pictures_and_files_in_an_encrypted_chat_open_show_and_save_the_same_bytes() {
  auto bob = make_crypto_peer(peer("bob"), "BOB1");
  QTemporaryDir dir;
  auto app = encrypting_app("ann", dir.path());
  const auto id = encrypted_chat(*app, *bob->session);
  QVERIFY(id != 0);
  QVERIFY(bob->pump([&] { return bob->crypto->is_encrypted(id); }));
  auto* view = current_view(*app);
  QTemporaryDir from;
  QTemporaryDir to;
  const QByteArray notes(1500, 'n');
  const auto picture = write_picture(from, "beach.png", QColor(40, 120, 200));
  view->attach_files({picture, write_file(from, "notes.txt", notes)});
  send_typed(view, "two sealed things");

  // Bob reads the entries and opens the same bytes; the server held none of it.
  QVERIFY(bob->pump([&] { return bob->shows("two sealed things"); }));
  const auto* held = bob->message_shown_as("two sealed things");
  QCOMPARE(held->attachments.size(), std::size_t{2});
  for (const auto& a : held->attachments) QCOMPARE(a.name, std::string("encrypted"));
  const auto& files = bob->shown.at(held->id).files;
  QCOMPARE(files.size(), std::size_t{2});
  QVERIFY(files[0].readable && files[1].readable);
  QCOMPARE(files[0].file.name, std::string("beach.png"));
  QCOMPARE(files[0].file.mime, std::string("image/png"));
  QCOMPARE(files[0].file.width, 64);
  QCOMPARE(files[1].file.name, std::string("notes.txt"));
  QCOMPARE(opened_by(*bob, files[0].file, to), std::optional<std::string>(as_string(read_file(picture))));
  QCOMPARE(opened_by(*bob, files[1].file, to), std::optional<std::string>(as_string(notes)));
  // The sender's own copy opens too: its picture shows.
  const auto own_thumbnail = "thumbnail:" + QString::fromStdString(files[0].file.media_id);
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toHtml().contains(own_thumbnail), 20000);

  // Bob sends a picture and a file back: the picture shows, the file saves.
  QImage photo(80, 60, QImage::Format_RGB32);
  photo.fill(QColor(10, 200, 90));
  const auto photo_path = from.filePath("photo.png");
  QVERIFY(photo.save(photo_path));
  const QByteArray report("the report\n", 11);
  auto image = sealed_upload(*bob, from, read_file(photo_path), "photo.png", "image/png");
  auto file = sealed_upload(*bob, from, report, ".report.txt", "text/plain");
  QVERIFY(image && file);
  protocol::send_request r;
  r.conversation = id;
  r.client_msg_id = "sealed-files";
  r.text = "for you, sealed";
  auto sent = bob->crypto->send(r, {*image, *file});
  QVERIFY2(sent.ok(), sent ? "" : sent.error().code.c_str());
  const auto thumbnail = "thumbnail:" + QString::fromStdString(image->media_id);
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toHtml().contains(thumbnail), 20000);
  QVERIFY(app->window.media()->thumbnail(QString::fromStdString(image->media_id)));
  QVERIFY(
      view->transcript()->toPlainText().contains(".report.txt (" + QLocale().formattedDataSize(report.size()) + ")"));
  QVERIFY(!view->transcript()->toPlainText().contains("could not be read"));

  QStringList asked;
  app->window.ask_save_path_with([&](const QString& suggested) {
    asked << suggested;
    return to.filePath(suggested);
  });
  QTest::keyClick(view->input(), Qt::Key_Up, Qt::AltModifier);
  QVERIFY(view->save_action()->isEnabled());
  QTest::keyClick(view->input(), Qt::Key_S, Qt::ControlModifier);
  QCOMPARE(asked, (QStringList{"photo.png", "_report.txt"}));  // a leading dot is not kept
  QTRY_COMPARE_WITH_TIMEOUT(read_file(to.filePath("_report.txt")), report, 20000);
  QTRY_COMPARE_WITH_TIMEOUT(read_file(to.filePath("photo.png")), read_file(photo_path), 20000);
}

void desktop_test::an_edit_in_an_encrypted_chat_changes_the_text_and_keeps_the_files() {
  auto bob = make_crypto_peer(peer("bob"), "BOB1");
  QTemporaryDir dir;
  auto app = encrypting_app("ann", dir.path());
  const auto id = encrypted_chat(*app, *bob->session);
  QVERIFY(id != 0);
  QVERIFY(bob->pump([&] { return bob->crypto->is_encrypted(id); }));
  auto* view = current_view(*app);
  QTemporaryDir from;
  const QByteArray notes("minutes of the meeting");
  view->attach_files({write_file(from, "minutes.txt", notes)});
  send_typed(view, "before the edit");
  QVERIFY(bob->pump([&] { return bob->shows("before the edit"); }));
  const auto message = bob->message_shown_as("before the edit")->id;
  const auto before = bob->shown.at(message).files;
  QCOMPARE(before.size(), std::size_t{1});
  QTRY_VERIFY_WITH_TIMEOUT(app->window.state()->find(id)->pending.empty(),
                           desktop_wait_ms);  // acknowledged: it can be edited

  QTest::keyClick(view->input(), Qt::Key_Up);
  QCOMPARE(view->input()->text(), QString("before the edit"));
  send_typed(view, "after the edit");
  QVERIFY(bob->pump([&] { return bob->shows("after the edit"); }));
  const auto& after = bob->shown.at(message);
  QCOMPARE(after.files.size(), std::size_t{1});
  QVERIFY(after.files[0].readable);
  QCOMPARE(after.files[0].file.media_id, before[0].file.media_id);
  QCOMPARE(after.files[0].file.key, before[0].file.key);
  QCOMPARE(after.files[0].file.name, std::string("minutes.txt"));
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toPlainText().contains("after the edit (edited)"), 20000);
  QVERIFY(view->transcript()->toPlainText().contains("minutes.txt ("));
}

void desktop_test::an_encrypted_file_that_does_not_open_says_so_in_its_place() {
  auto bob = make_crypto_peer(peer("bob"), "BOB1");
  QTemporaryDir dir;
  auto app = encrypting_app("ann", dir.path());
  const auto id = encrypted_chat(*app, *bob->session);
  QVERIFY(id != 0);
  QVERIFY(bob->pump([&] { return bob->crypto->is_encrypted(id); }));
  auto* view = current_view(*app);
  QTemporaryDir from;
  QImage photo(30, 20, QImage::Format_RGB32);
  photo.fill(QColor(90, 90, 90));
  const auto photo_path = from.filePath("photo.png");
  QVERIFY(photo.save(photo_path));
  auto image = sealed_upload(*bob, from, read_file(photo_path), "photo.png", "image/png");
  QVERIFY(image);
  image->key = client::e2ee::seal_file("another file").key;  // not the key it was sealed with
  protocol::send_request r;
  r.conversation = id;
  r.client_msg_id = "wrong-key";
  r.text = "this one is damaged";
  QVERIFY(bob->crypto->send(r, {*image}).ok());
  QTRY_VERIFY_WITH_TIMEOUT(view->transcript()->toPlainText().contains("photo.png (the file was changed or damaged)"),
                           20000);
  QVERIFY(view->transcript()->toPlainText().contains("this one is damaged"));
  QVERIFY(app->window.media()->damaged(QString::fromStdString(image->media_id)));
}

}  // namespace natter::testing
