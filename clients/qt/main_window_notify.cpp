// Notifications: a desktop notification for a message from someone else
// while the window is not focused, unless its conversation is muted (a
// muted conversation still counts its unread messages); the tray icon and
// the window title carry the total unread count.

#include <QApplication>
#include <QPainter>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTabWidget>

#include "chat_view.hpp"
#include "main_window.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

const protocol::message* message_of(const protocol::event& e) {
  if (const auto* m = std::get_if<protocol::message_event>(&e)) return &m->msg;
  if (const auto* r = std::get_if<protocol::request_event>(&e)) return &r->msg;
  return nullptr;
}

QSettings settings() {
  return QSettings(QSettings::IniFormat, QSettings::UserScope, "natter", QCoreApplication::applicationName());
}

// The app's icon with the count in a red disc at its corner.
QIcon with_badge(const QIcon& base, std::int64_t count) {
  QPixmap pixmap(64, 64);
  pixmap.fill(Qt::transparent);
  QPainter p(&pixmap);
  p.setRenderHint(QPainter::Antialiasing);
  base.paint(&p, pixmap.rect());
  if (count > 0) {
    QRect disc(28, 0, 36, 36);
    p.setBrush(QColor(0xc0, 0x1c, 0x28));
    p.setPen(Qt::NoPen);
    p.drawEllipse(disc);
    auto font = p.font();
    font.setBold(true);
    font.setPixelSize(count > 99 ? 14 : 20);
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(disc, Qt::AlignCenter, count > 99 ? "99+" : QString::number(count));
  }
  return QIcon(pixmap);
}

}  // namespace

void main_window::notice(const protocol::event& e) {
  const auto* m = message_of(e);
  if (!m || m->sender == state_->me() || isActiveWindow() || muted(m->conversation)) return;
  auto sender = QString::fromStdString(m->sender);
  auto title = std::holds_alternative<protocol::request_event>(e) ? tr("Chat request from %1").arg(sender) : sender;
  auto text = QString::fromStdString(m->text);
  if (text.startsWith("/me ")) text = "* " + sender + ' ' + text.mid(4);
  emit notified(title, text);
  if (tray_) tray_->showMessage(title, text);
}

void main_window::toggle_mute() {
  auto* view = qobject_cast<chat_view*>(tabs_->currentWidget());
  if (!view || view->conversation() == 0) return;
  auto id = view->conversation();
  if (!muted_.erase(id)) muted_.insert(id);
  save_muted();
  render_conversations();
  update_actions();
}

void main_window::load_muted() {
  muted_.clear();
  auto key = "muted/" + bridge_.server().toUtf8().toBase64() + '/' + bridge_.username();
  for (const auto& id : settings().value(key).toList()) muted_.insert(id.toLongLong());
}

void main_window::save_muted() const {
  QVariantList ids;
  for (auto id : muted_) ids << QVariant::fromValue<qlonglong>(id);
  settings().setValue("muted/" + bridge_.server().toUtf8().toBase64() + '/' + bridge_.username(), ids);
}

void main_window::update_tray(std::int64_t unread) {
  if (!tray_) return;
  tray_->setIcon(with_badge(QApplication::windowIcon(), unread));
}

}  // namespace natter::desktop
