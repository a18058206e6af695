#include "request_dialog.hpp"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace natter::desktop {

request_dialog::request_dialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Chat request"));
  setAccessibleName(tr("Chat request"));
  setAttribute(Qt::WA_ShowWithoutActivating);
  from_ = new QLabel(this);
  from_->setAccessibleName(tr("From"));
  from_->setTextFormat(Qt::PlainText);
  auto font = from_->font();
  font.setBold(true);
  font.setPointSizeF(font.pointSizeF() * 1.2);
  from_->setFont(font);
  text_ = new QLabel(this);
  text_->setAccessibleName(tr("Their message"));
  text_->setTextFormat(Qt::PlainText);
  text_->setWordWrap(true);
  text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  text_->setMinimumWidth(320);
  auto* note =
      new QLabel(tr("They are not in your contacts. Accept to chat; decline and they cannot write to you."), this);
  note->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(this);
  later_ = buttons->addButton(tr("&Later"), QDialogButtonBox::RejectRole);
  decline_ = buttons->addButton(tr("&Decline"), QDialogButtonBox::DestructiveRole);
  accept_ = buttons->addButton(tr("&Accept"), QDialogButtonBox::AcceptRole);
  accept_->setDefault(true);
  connect(later_, &QPushButton::clicked, this, &QDialog::reject);
  connect(decline_, &QPushButton::clicked, this, [this] {
    emit answered(conversation_, false);
    done(QDialog::Accepted);
  });
  connect(accept_, &QPushButton::clicked, this, [this] {
    emit answered(conversation_, true);
    done(QDialog::Accepted);
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(from_);
  layout->addWidget(text_);
  layout->addWidget(note);
  layout->addWidget(buttons);
}

void request_dialog::show_request(const incoming_request& r) {
  conversation_ = r.conversation;
  auto from = QString::fromStdString(r.from);
  from_->setText(r.text.empty() ? tr("%1 invites you to a conversation").arg(from) : tr("%1 wants to chat").arg(from));
  text_->setText(r.text.empty() ? QString() : "“" + QString::fromStdString(r.text) + "”");
  text_->setVisible(!r.text.empty());
  setWindowTitle(tr("Chat request from %1").arg(from));
}

}  // namespace natter::desktop
