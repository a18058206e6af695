// A chat view's end-to-end encryption: the lock line over an encrypted chat,
// and the bar that warns when a member's keys changed.

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "chat_view.hpp"

namespace natter::desktop {

QWidget* chat_view::build_e2ee() {
  auto* box = new QWidget(this);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  lock_ = new QLabel(QString::fromUtf8("\xF0\x9F\x94\x92 ") + tr("End-to-end encrypted: only the members' devices "
                                                                 "can read these messages."),
                     box);
  lock_->setAccessibleName(tr("Encryption"));
  lock_->setVisible(false);
  warning_bar_ = new QWidget(box);
  warning_bar_->setAutoFillBackground(true);
  auto bar = warning_bar_->palette();
  bar.setColor(QPalette::Window, QColor(0xf6, 0xd3, 0x2d));
  bar.setColor(QPalette::WindowText, Qt::black);
  warning_bar_->setPalette(bar);
  warning_ = new QLabel(warning_bar_);
  warning_->setAccessibleName(tr("Key change warning"));
  warning_->setWordWrap(true);
  accept_keys_ = new QPushButton(tr("Accept the new &keys"), warning_bar_);
  auto* row = new QHBoxLayout(warning_bar_);
  row->addWidget(warning_, 1);
  row->addWidget(accept_keys_);
  warning_bar_->setVisible(false);
  connect(accept_keys_, &QPushButton::clicked, this, &chat_view::keys_accepted);
  layout->addWidget(lock_);
  layout->addWidget(warning_bar_);
  return box;
}

void chat_view::show_lock(bool encrypted) {
  lock_->setVisible(encrypted);
}

void chat_view::set_key_warning(const QString& text) {
  warning_->setText(text);
  warning_bar_->setVisible(!text.isEmpty());
}

}  // namespace natter::desktop
