// A chat view's reactions: chips under each message, and the React menu.

#include <QAction>
#include <QPalette>
#include <QUrl>
#include <algorithm>

#include "chat_view.hpp"

namespace natter::desktop {

namespace {

// "react:<message id>/<emoji, percent-encoded>", the href of a chip.
QString reaction_href(message_id id, const std::string& emoji) {
  return QString("react:%1/%2")
      .arg(id)
      .arg(QString::fromLatin1(QUrl::toPercentEncoding(QString::fromStdString(emoji))));
}

}  // namespace

const QStringList& chat_view::common_emoji() {
  static const QStringList emoji{"\U0001F44D", "\u2764\uFE0F", "\U0001F602", "\U0001F62E", "\U0001F622", "\U0001F389"};
  return emoji;
}

void chat_view::build_react() {
  const QStringList names{tr("Thumbs up"), tr("Heart"), tr("Laughing"), tr("Surprised"), tr("Sad"), tr("Party")};
  for (int i = 0; i < common_emoji().size(); ++i) {
    auto* a = new QAction(common_emoji()[i] + "  " + names[i], this);
    a->setCheckable(true);
    connect(a, &QAction::triggered, this, [this, emoji = common_emoji()[i]] { toggle_reaction(selected_, emoji); });
    react_ << a;
  }
}

// Enabled on a message that can take reactions, while online; checked when
// the user's reaction is there.
void chat_view::update_react() {
  const auto* m = shown(selected_);
  for (int i = 0; i < react_.size(); ++i) {
    react_[i]->setEnabled(m && !m->deleted && online_);
    react_[i]->setChecked(m && reacted(*m, common_emoji()[i].toStdString()));
  }
}

// The reactors listed are the first ten: a reaction of the user's beyond
// them shows as someone else's until the user takes it back.
bool chat_view::reacted(const protocol::message& m, const std::string& emoji) const {
  for (const auto& r : m.reactions) {
    if (r.emoji == emoji)
      return std::any_of(r.users.begin(), r.users.end(), [&](const protocol::reactor& u) { return u.username == me_; });
  }
  return false;
}

void chat_view::toggle_reaction(message_id id, const QString& emoji) {
  const auto* m = shown(id);
  if (!m || m->deleted || !online_) return;
  emit react_requested(id, emoji, !reacted(*m, emoji.toStdString()));
}

void chat_view::open_reaction(const QUrl& url) {
  auto parts = url.path(QUrl::FullyEncoded).split('/');
  if (parts.size() != 2) return;
  toggle_reaction(parts[0].toLongLong(), QUrl::fromPercentEncoding(parts[1].toLatin1()));
}

QString chat_view::reactions_html(const protocol::message& m) const {
  if (m.reactions.empty()) return {};
  auto plain = QString("background-color:%1").arg(palette().color(QPalette::AlternateBase).name());
  auto mine = QString("background-color:%1;color:%2;font-weight:bold")
                  .arg(palette().color(QPalette::Highlight).name(), palette().color(QPalette::HighlightedText).name());
  QString html = "<br>";
  for (const auto& r : m.reactions) {
    html += QString("<a href='%1' style='text-decoration:none'><span style='%2'>&nbsp;%3&nbsp;%4&nbsp;</span></a> ")
                .arg(reaction_href(m.id, r.emoji), reacted(m, r.emoji) ? mine : plain,
                     QString::fromStdString(r.emoji).toHtmlEscaped())
                .arg(r.count);
  }
  return html;
}

}  // namespace natter::desktop
