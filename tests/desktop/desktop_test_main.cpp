// The fixture's helpers and main(): a QApplication on the offscreen platform.

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSettings>

#include "client/http_api.hpp"
#include "desktop_test.hpp"
#include "login_widget.hpp"

namespace natter::testing {

void desktop_test::init() {
  server_ = std::make_unique<natterd_process>();
  QSettings(QSettings::IniFormat, QSettings::UserScope, "natter", QCoreApplication::applicationName()).clear();
}

void desktop_test::cleanup() {
  server_.reset();
}

QString desktop_test::server_url() const {
  return QString("http://127.0.0.1:%1").arg(server_->port());
}

void desktop_test::register_user(const std::string& name) {
  client::http_api http(client::server_url::parse(server_url().toStdString()).value(), nullptr);
  auto made = http.register_account({name + "@example.com", name, password, {}});
  QVERIFY2(made.ok(), made ? "" : made.error().code.c_str());
}

std::unique_ptr<desktop_app> desktop_test::open_app() {
  auto app = std::make_unique<desktop_app>(server_url());
  app->window.show();
  app->window.activateWindow();
  if (!QTest::qWaitForWindowActive(&app->window)) qWarning("the window did not become active");
  return app;
}

std::unique_ptr<desktop_app> desktop_test::logged_in_app(const std::string& name, bool registered) {
  if (!registered) register_user(name);
  auto app = open_app();
  log_in(*app, name);
  return app;  // the caller checks that it is online
}

void desktop_test::log_in(desktop_app& app, const std::string& name) {
  auto* login = app.window.login();
  login->login_field()->setText(QString::fromStdString(name));
  login->password_field()->setText(password);
  QTest::mouseClick(login->login_button(), Qt::LeftButton);
  if (!QTest::qWaitFor([&] { return app.bridge.state() == client::connection_state::online; }, 20000))
    qWarning("not online after logging in");
}

std::unique_ptr<client::session> desktop_test::peer(const std::string& name) {
  register_user(name);
  return session_of(name);
}

std::unique_ptr<client::session> desktop_test::session_of(const std::string& name) {
  client::session_options o;
  o.server = client::server_url::parse(server_url().toStdString()).value();
  o.authenticate = client::with_password(name, password);
  o.backoff = {std::chrono::milliseconds(50), std::chrono::milliseconds(500), 2.0, 0.5};
  auto s = std::make_unique<client::session>(std::move(o));
  s->start();
  auto online = s->wait_online(std::chrono::seconds(20));
  if (!online) qWarning("peer %s not online: %s", name.c_str(), online.error().code.c_str());
  return s;
}

conversation_id desktop_test::accepted_chat(desktop_app& app, client::session& from, const std::string& text) {
  auto sent = from.send_text("@" + app.bridge.username().toStdString(), text).get();
  if (!sent) return 0;
  auto* requests = app.window.request_list();
  if (!QTest::qWaitFor([&] { return requests->count() > 0; }, 20000)) return 0;
  requests->setCurrentRow(0);
  QTest::mouseClick(app.window.accept_button(), Qt::LeftButton);
  auto id = sent->msg.conversation;
  if (!QTest::qWaitFor([&] { return current_view(app) && current_view(app)->conversation() == id; }, 20000)) return 0;
  return refocus(app) ? id : 0;
}

// With NATTER_SCREENSHOTS=1, the README's pictures: docs/screenshots/qt-*.png.
void desktop_test::save_screenshot(QWidget& w, const QString& name, QWidget* dialog) {
  if (qEnvironmentVariableIsEmpty("NATTER_SCREENSHOTS")) return;
  QDir dir(NATTER_SOURCE_DIR "/docs/screenshots");
  auto shot = w.grab();
  if (dialog) {
    auto top = dialog->grab();
    QPainter p(&shot);
    QRect at(QPoint((shot.width() - top.width()) / 2, (shot.height() - top.height()) / 3), top.size());
    p.fillRect(shot.rect(), QColor(0, 0, 0, 60));
    p.setPen(QPen(w.palette().color(QPalette::Mid), 1));
    p.drawRect(at.adjusted(-1, -1, 0, 0));
    p.drawPixmap(at.topLeft(), top);
  }
  QVERIFY(shot.save(dir.filePath("qt-" + name + ".png")));
}

}  // namespace natter::testing

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setApplicationName("natter-desktop-tests");
  natter::testing::desktop_test test;
  return QTest::qExec(&test, argc, argv);
}
