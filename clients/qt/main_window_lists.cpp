// The conversation, people and request lists of the main window.

#include <QApplication>
#include <QBrush>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>

#include "chat_view.hpp"
#include "main_window.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

// A presence dot: green online, amber away, red busy, grey offline.
QIcon presence_dot(const std::string& status) {
  QColor colour(0x9a, 0x99, 0x96);
  if (status == "online") colour = QColor(0x2e, 0xc2, 0x7e);
  if (status == "away") colour = QColor(0xf5, 0xc2, 0x11);
  if (status == "busy") colour = QColor(0xe0, 0x1b, 0x24);
  QPixmap dot(12, 12);
  dot.fill(Qt::transparent);
  QPainter p(&dot);
  p.setRenderHint(QPainter::Antialiasing);
  p.setBrush(colour);
  p.setPen(Qt::NoPen);
  p.drawEllipse(1, 1, 10, 10);
  return QIcon(dot);
}

QString preview_of(const conversation_state& c) {
  if (!c.info.last_message) return QObject::tr("No messages yet");
  const auto& m = *c.info.last_message;
  auto text = m.deleted ? QObject::tr("(deleted)") : QString::fromStdString(m.text);
  if (text.isEmpty() && !m.attachments.empty())
    text = "\U0001F4CE " + QString::fromStdString(m.attachments.front().name);
  if (text.size() > 60) text = text.left(57) + "…";
  if (text.startsWith("/me ")) return "* " + QString::fromStdString(m.sender) + ' ' + text.mid(4);
  return QString::fromStdString(m.sender) + ": " + text;
}

// The unread mark: the count in the item and its text red and bold (a
// lighter red on a dark palette).
QColor unread_red(const QPalette& palette) {
  bool dark = palette.color(QPalette::Base).lightness() < 128;
  return dark ? QColor(0xff, 0x7b, 0x63) : QColor(0xc0, 0x1c, 0x28);
}

}  // namespace

void main_window::refresh_conversations() {
  bridge_.request(protocol::conversations_list_request{}, [this](client::outcome<protocol::reply> got) {
    if (!got || !state_) return;
    if (const auto* list = std::get_if<protocol::conversations_reply>(&*got)) {
      state_->set_conversations(list->conversations);
      for (const auto& c : list->conversations)
        if (auto* view = view_of(c.id); view && !state_->find(c.id)->history_loaded) load_history(c.id);
      mark_current_read();
      render_conversations();
      render_requests();
      render_open_chats();
    }
  });
}

void main_window::render_conversations() {
  auto selected = conversations_->currentItem() ? conversations_->currentItem()->data(Qt::UserRole) : QVariant();
  conversations_->clear();
  if (!state_) return;
  for (const auto& [id, c] : state_->conversations()) {
    if (!state_->listed(c)) continue;
    auto title = QString::fromStdString(state_->title_of(c));
    auto* item = new QListWidgetItem(conversations_);
    item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(id));
    auto peer = state_->peer_of(c);
    item->setIcon(presence_dot(peer.empty() ? "none" : state_->presence_of(peer)));
    QString head = title;
    if (c.info.unread > 0) {
      head += QString("  (%1)").arg(c.info.unread);
      if (c.info.unread_mentions > 0) head += QString("  @%1").arg(c.info.unread_mentions);
      item->setForeground(unread_red(QApplication::palette()));
      auto font = item->font();
      font.setBold(true);
      item->setFont(font);
    }
    if (muted(id)) head += QString::fromUtf8("  \xF0\x9F\x94\x95");         // a bell struck through
    if (c.info.encrypted) head += QString::fromUtf8("  \xF0\x9F\x94\x92");  // a lock: end-to-end encrypted
    item->setText(head + "\n" + preview_of(c));
    QStringList tip;
    if (c.info.unread > 0) tip << tr("%n unread", nullptr, static_cast<int>(c.info.unread));
    if (c.info.unread_mentions > 0) tip << tr("%n mentioning you", nullptr, static_cast<int>(c.info.unread_mentions));
    if (muted(id)) tip << tr("muted");
    if (c.info.encrypted) tip << tr("end-to-end encrypted");
    item->setToolTip(tip.join(", "));
    if (item->data(Qt::UserRole) == selected) conversations_->setCurrentItem(item);
  }
  update_title();
}

void main_window::load_people() {
  bridge_.http_get("/api/v1/users?limit=100", [this](int status, const QByteArray& body) {
    if (status != 200 || !state_) return;
    QStringList names;
    for (const auto& u : QJsonDocument::fromJson(body).object().value("users").toArray()) {
      auto name = u.toObject().value("username").toString();
      if (name != bridge_.username()) names << name;
    }
    render_people(names);
  });
}

void main_window::render_people(const QStringList& names) {
  people_names_ = names;
  auto selected = people_->currentItem() ? people_->currentItem()->text() : QString();
  people_->clear();
  for (const auto& name : names) {
    auto* item = new QListWidgetItem(presence_dot(state_->presence_of(name.toStdString())), name, people_);
    item->setToolTip(QString::fromStdString(state_->presence_of(name.toStdString())));
    if (name == selected) people_->setCurrentItem(item);
  }
  update_actions();
}

void main_window::render_requests() {
  requests_->clear();
  if (!state_) return;
  for (const auto& r : state_->requests()) {
    auto text = tr("%1 wants to chat: “%2”").arg(QString::fromStdString(r.from), QString::fromStdString(r.text));
    auto* item = new QListWidgetItem(text, requests_);
    item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(r.conversation));
  }
  if (requests_->count() > 0 && !requests_->currentItem()) requests_->setCurrentRow(0);
  offer_request();
  update_actions();
}

}  // namespace natter::desktop
