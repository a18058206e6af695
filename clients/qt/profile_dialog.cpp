#include "profile_dialog.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include "session_bridge.hpp"

namespace natter::desktop {

profile_dialog::profile_dialog(session_bridge& bridge, const QString& status, QWidget* parent)
    : QDialog(parent), bridge_(bridge), status_was_(status) {
  setWindowTitle(tr("Profile and status"));
  setAccessibleName(tr("Profile and status"));
  name_ = new QLineEdit(this);
  name_->setAccessibleName(tr("Display name"));
  name_->setMaxLength(64);
  bio_ = new QPlainTextEdit(this);
  bio_->setAccessibleName(tr("Bio"));
  bio_->setTabChangesFocus(true);
  bio_->setMaximumHeight(90);
  status_ = new QComboBox(this);
  status_->setAccessibleName(tr("Status"));
  status_->addItem(tr("Online"), "online");
  status_->addItem(tr("Away"), "away");
  status_->addItem(tr("Busy"), "busy");
  status_->addItem(tr("Invisible (appear offline)"), "invisible");
  status_->setCurrentIndex(std::max(0, status_->findData(status)));
  info_ = new QLabel(this);
  info_->setAccessibleName(tr("Information"));
  info_->setWordWrap(true);
  auto* form = new QFormLayout;
  form->addRow(tr("&Display name"), name_);
  form->addRow(tr("&Bio"), bio_);
  form->addRow(tr("S&tatus"), status_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  save_ = buttons->button(QDialogButtonBox::Save);
  connect(save_, &QPushButton::clicked, this, &profile_dialog::save);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(info_);
  layout->addWidget(buttons);
  load();
}

void profile_dialog::load() {
  for (QWidget* w : {static_cast<QWidget*>(name_), static_cast<QWidget*>(bio_), static_cast<QWidget*>(save_)})
    w->setEnabled(false);
  info_->setText(tr("Loading your profile…"));
  bridge_.me([this, self = QPointer<profile_dialog>(this)](client::outcome<client::account> got) {
    if (!self) return;
    if (!got) return info_->setText(tr("Could not load your profile: %1").arg(describe(got.error())));
    name_was_ = QString::fromStdString(got->display_name);
    bio_was_ = QString::fromStdString(got->bio);
    name_->setText(name_was_);
    bio_->setPlainText(bio_was_);
    for (QWidget* w : {static_cast<QWidget*>(name_), static_cast<QWidget*>(bio_), static_cast<QWidget*>(save_)})
      w->setEnabled(true);
    info_->clear();
    loaded_ = true;
    name_->setFocus();
  });
}

// Sends the profile and the status, each only if changed.
void profile_dialog::save() {
  client::profile_changes changes;
  if (name_->text() != name_was_) changes.display_name = name_->text().toStdString();
  if (bio_->toPlainText() != bio_was_) changes.bio = bio_->toPlainText().toStdString();
  auto status = status_->currentData().toString();
  errors_.clear();
  waiting_ = (changes.display_name || changes.bio ? 1 : 0) + (status != status_was_ ? 1 : 0);
  if (waiting_ == 0) return accept();
  save_->setEnabled(false);
  info_->setText(tr("Saving…"));
  if (changes.display_name || changes.bio)
    bridge_.update_me(changes, [this, self = QPointer<profile_dialog>(this)](client::outcome<client::account> got) {
      if (self) saved_part(got ? QString() : describe(got.error()));
    });
  if (status != status_was_)
    bridge_.request(protocol::presence_set_request{status.toStdString()},
                    [this, status, self = QPointer<profile_dialog>(this)](client::outcome<protocol::reply> got) {
                      if (!self) return;
                      if (got) emit status_chosen(status);
                      saved_part(got ? QString() : describe(got.error()));
                    });
}

void profile_dialog::saved_part(const QString& error) {
  if (!error.isEmpty()) errors_ += (errors_.isEmpty() ? "" : "; ") + error;
  if (--waiting_ > 0) return;
  save_->setEnabled(true);
  if (errors_.isEmpty()) return accept();
  info_->setText(tr("Not saved: %1").arg(errors_));
}

}  // namespace natter::desktop
