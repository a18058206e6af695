#include "backup_dialog.hpp"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace natter::desktop {

backup_dialog::backup_dialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Key backup"));
  status_ = new QLabel(tr("Reading the backup's state…"), this);
  status_->setAccessibleName(tr("Backup state"));
  status_->setWordWrap(true);
  auto* warning = new QLabel(tr("Keep the passphrase somewhere safe. If it is lost, the backup cannot be read: nobody "
                                "can recover it, not even the server's operators. A new backup replaces the current "
                                "one."),
                             this);
  warning->setWordWrap(true);
  passphrase_ = new QLineEdit(this);
  passphrase_->setEchoMode(QLineEdit::Password);
  passphrase_->setAccessibleName(tr("Recovery passphrase"));
  repeat_ = new QLineEdit(this);
  repeat_->setEchoMode(QLineEdit::Password);
  repeat_->setAccessibleName(tr("Repeat the passphrase"));
  auto* form = new QFormLayout;
  form->addRow(tr("&Passphrase:"), passphrase_);
  form->addRow(tr("&Repeat (to set up):"), repeat_);
  setup_ = new QPushButton(tr("&Set up backup"), this);
  restore_ = new QPushButton(tr("Re&store from backup"), this);
  result_ = new QLabel(this);
  result_->setAccessibleName(tr("Result"));
  result_->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  buttons->addButton(setup_, QDialogButtonBox::ActionRole);
  buttons->addButton(restore_, QDialogButtonBox::ActionRole);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(setup_, &QPushButton::clicked, this, [this] {
    if (passphrase_->text().size() < min_passphrase) {
      return show_result(tr("The passphrase needs at least %1 characters.").arg(min_passphrase), false);
    }
    if (passphrase_->text() != repeat_->text()) return show_result(tr("The two passphrases differ."), false);
    busy(tr("Setting up the backup…"));
    emit setup_requested(passphrase_->text());
  });
  connect(restore_, &QPushButton::clicked, this, [this] {
    if (passphrase_->text().isEmpty()) return show_result(tr("Type the backup's passphrase first."), false);
    busy(tr("Restoring…"));
    emit restore_requested(passphrase_->text());
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(status_);
  layout->addWidget(warning);
  layout->addLayout(form);
  layout->addWidget(result_);
  layout->addWidget(buttons);
  resize(560, 300);
}

void backup_dialog::show_status(const QString& text) {
  status_->setText(text);
}

void backup_dialog::busy(const QString& text) {
  setup_->setEnabled(false);
  restore_->setEnabled(false);
  result_->setText(text);
}

void backup_dialog::show_result(const QString& text, bool ok) {
  setup_->setEnabled(true);
  restore_->setEnabled(true);
  result_->setText(text);
  if (ok) {
    passphrase_->clear();  // not kept in the window longer than needed
    repeat_->clear();
  }
}

}  // namespace natter::desktop
