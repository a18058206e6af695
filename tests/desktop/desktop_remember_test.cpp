// Remember me with the file store: a 0600 file holding the login (not the
// password), the login restored at the next start, forgotten at log out.

#include <QCheckBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <filesystem>

#include "credential_store.hpp"
#include "desktop_test.hpp"
#include "login_widget.hpp"

namespace natter::testing {

namespace {

QByteArray contents(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

void desktop_test::remember_me_keeps_the_login_in_a_private_file_and_restores_it_at_the_next_start() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  auto store = desktop::make_file_store(dir.path());
  auto file = dir.filePath("login.json");
  register_user("ann");

  auto app = open_app();
  app->bridge.remember_with(store.get());
  auto* login = app->window.login();
  login->login_field()->setText("ann");
  login->password_field()->setText(password);
  QVERIFY(login->remember_box()->isVisible());
  QTest::keyClick(login->remember_box(), Qt::Key_Space);
  QVERIFY(login->remember_box()->isChecked());
  QTest::mouseClick(login->login_button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(app->bridge.state() == client::connection_state::online, 20000);

  QVERIFY(QFile::exists(file));
  namespace fs = std::filesystem;
  QCOMPARE(fs::status(file.toStdString()).permissions() & fs::perms::all,
           fs::perms::owner_read | fs::perms::owner_write);
  auto kept = contents(file);
  QVERIFY(!kept.contains(password));
  QVERIFY(kept.contains("\"username\":\"ann\""));
  QVERIFY(kept.contains("refresh_token"));
  app.reset();  // quit without logging out

  auto again = open_app();
  again->bridge.remember_with(store.get());
  again->bridge.restore();
  QTRY_VERIFY_WITH_TIMEOUT(again->bridge.state() == client::connection_state::online, 20000);
  QCOMPARE(again->bridge.username(), QString("ann"));
  QVERIFY(!again->window.login()->isVisible());
  QTRY_VERIFY_WITH_TIMEOUT(contents(file) != kept,
                           desktop_wait_ms);  // the refresh spent the kept token; the new one is kept
  QVERIFY(!contents(file).contains(password));

  again->window.log_out_action()->trigger();
  QTRY_VERIFY_WITH_TIMEOUT(again->window.login()->isVisible(), desktop_wait_ms);
  QVERIFY(!QFile::exists(file));
}

}  // namespace natter::testing
