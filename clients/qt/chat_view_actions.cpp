// What can be done to a message in a chat view: choose it, reply to it,
// edit or delete one's own; from the keyboard or its context menu.

#include <QAbstractItemView>
#include <QAction>
#include <QCompleter>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QPushButton>
#include <QTextBlock>
#include <QTextBrowser>
#include <algorithm>

#include "chat_view.hpp"

namespace natter::desktop {

namespace {

QAction* action(QWidget* owner, const QString& text, const QKeySequence& keys) {
  auto* a = new QAction(text, owner);
  a->setShortcut(keys);
  a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  owner->addAction(a);
  return a;
}

}  // namespace

void chat_view::build_actions() {
  build_react();
  reply_ = action(this, tr("&Reply"), QKeySequence(Qt::CTRL | Qt::Key_R));
  edit_ = action(this, tr("&Edit"), QKeySequence(Qt::CTRL | Qt::Key_E));
  delete_ = action(this, tr("&Delete"), QKeySequence(Qt::CTRL | Qt::Key_D));
  connect(reply_, &QAction::triggered, this, &chat_view::begin_reply);
  connect(edit_, &QAction::triggered, this, &chat_view::begin_edit);
  connect(delete_, &QAction::triggered, this, [this] {
    if (const auto* m = shown(selected_); m && m->sender == me_) emit delete_requested(m->id);
  });
  auto* up = action(this, tr("Previous message"), QKeySequence(Qt::ALT | Qt::Key_Up));
  auto* down = action(this, tr("Next message"), QKeySequence(Qt::ALT | Qt::Key_Down));
  auto* cancel = action(this, tr("Cancel"), QKeySequence(Qt::Key_Escape));
  connect(up, &QAction::triggered, this, [this] { step(-1); });
  connect(down, &QAction::triggered, this, [this] { step(+1); });
  connect(cancel, &QAction::triggered, this, [this] {
    if (mode_kind_ == mode::edit) input_->clear();
    if (mode_kind_ == mode::write) clear_files();
    cancel_mode();
    select(0);
  });
  transcript_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(transcript_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    if (auto id = message_at(at)) select(id);
    show_menu(transcript_->viewport()->mapToGlobal(at));
  });
  auto* menu = action(this, tr("Message menu"), QKeySequence(Qt::SHIFT | Qt::Key_F10));
  menu->setShortcuts({QKeySequence(Qt::Key_Menu), QKeySequence(Qt::SHIFT | Qt::Key_F10)});
  connect(menu, &QAction::triggered, this,
          [this] { show_menu(transcript_->viewport()->mapToGlobal(transcript_->viewport()->rect().center())); });
  transcript_->viewport()->installEventFilter(this);
  input_->installEventFilter(this);
  update_actions();
}

// Reply needs a message that is not deleted; edit and delete one's own,
// while online.
void chat_view::update_actions() {
  const auto* m = shown(selected_);
  bool usable = m && !m->deleted && id_ != 0;
  reply_->setEnabled(usable);
  edit_->setEnabled(usable && online_ && m->sender == me_);
  delete_->setEnabled(usable && online_ && m->sender == me_);
  save_->setEnabled(usable && !m->attachments.empty());
  attach_->setEnabled(online_ && mode_kind_ != mode::edit);  // uploads need the server
  update_react();
  update_send();
}

const protocol::message* chat_view::shown(message_id id) const {
  if (id == 0) return nullptr;
  for (const auto& m : shown_)
    if (m.id == id) return &m;
  return nullptr;
}

const protocol::message* chat_view::latest(bool own) const {
  for (auto it = shown_.rbegin(); it != shown_.rend(); ++it)
    if (!it->deleted && (it->sender == me_) == own) return &*it;
  return nullptr;
}

void chat_view::select(message_id id) {
  if (selected_ == id) return;
  selected_ = shown(id) ? id : 0;
  emit selection_changed();  // the highlight moves
  update_actions();
}

void chat_view::show_message(message_id id) {
  select(id);
  transcript_->scrollToAnchor(QString("m%1").arg(id));
}

// Alt+Up / Alt+Down: the message before or after the chosen one (from the
// newest when none is chosen).
void chat_view::step(int delta) {
  if (shown_.empty()) return;
  int at = static_cast<int>(shown_.size());
  for (int i = 0; i < static_cast<int>(shown_.size()); ++i)
    if (shown_[i].id == selected_) at = i;
  at = std::clamp(at + delta, 0, static_cast<int>(shown_.size()) - 1);
  select(shown_[at].id);
}

void chat_view::begin_reply() {
  const auto* m = shown(selected_);
  if (!m) m = latest(false);
  if (!m) return;
  mode_kind_ = mode::reply;
  mode_target_ = m->id;
  mode_->setText(tr("Replying to %1 — Escape cancels").arg(QString::fromStdString(m->sender)));
  mode_->setVisible(true);
  input_->setFocus();
}

void chat_view::begin_edit() {
  if (!online_) return;
  const auto* m = shown(selected_);
  if (!m || m->sender != me_) m = latest(true);
  if (!m) return;
  mode_kind_ = mode::edit;
  mode_target_ = m->id;
  mode_->setText(tr("Editing your message — Enter saves, Escape cancels"));
  mode_->setVisible(true);
  input_->setText(QString::fromStdString(m->text));
  input_->setFocus();
}

void chat_view::cancel_mode() {
  mode_kind_ = mode::write;
  mode_target_ = 0;
  mode_->clear();
  mode_->setVisible(false);
}

// The chosen message's menu, at `at` (global coordinates).
void chat_view::show_menu(const QPoint& at) {
  if (!shown(selected_)) return;
  QMenu menu(this);
  menu.setAccessibleName(tr("Message"));
  menu.addAction(reply_);
  menu.addAction(edit_);
  menu.addAction(delete_);
  menu.addAction(save_);
  auto* react = menu.addMenu(tr("Rea&ct"));
  react->setAccessibleName(tr("React"));
  react->addActions(react_);
  menu.exec(at);
}

// The message whose paragraph is at `at` (viewport coordinates), by the
// anchor on its sender's name.
message_id chat_view::message_at(const QPoint& at) const {
  auto block = transcript_->cursorForPosition(at).block();
  for (auto it = block.begin(); !it.atEnd(); ++it)
    for (const auto& name : it.fragment().charFormat().anchorNames())
      if (name.startsWith('m')) return name.mid(1).toLongLong();
  return 0;
}

// A click chooses a message; Up in an empty line edits one's latest.
bool chat_view::eventFilter(QObject* watched, QEvent* e) {
  if (completer_ && watched == completer_->popup() && e->type() == QEvent::KeyPress)
    return mention_key(static_cast<QKeyEvent*>(e)) || QWidget::eventFilter(watched, e);
  if (watched == transcript_->viewport() && e->type() == QEvent::MouseButtonPress) {
    select(message_at(static_cast<QMouseEvent*>(e)->position().toPoint()));
  } else if (watched == input_ && e->type() == QEvent::KeyPress) {
    const auto* key = static_cast<QKeyEvent*>(e);
    bool plain_up = key->key() == Qt::Key_Up && key->modifiers() == Qt::NoModifier;
    if (plain_up && input_->text().isEmpty() && latest(true)) {
      select(latest(true)->id);
      begin_edit();
      return true;
    }
  }
  return QWidget::eventFilter(watched, e);
}

}  // namespace natter::desktop
