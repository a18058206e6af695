#include "group_dialog.hpp"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

namespace natter::desktop {

namespace {

constexpr int max_name = 64;  // group.create's limit

}  // namespace

group_dialog::group_dialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("New group"));
  name_ = new QLineEdit(this);
  name_->setAccessibleName(tr("Group name"));
  name_->setMaxLength(max_name);
  people_ = new QListWidget(this);
  people_->setAccessibleName(tr("Members"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  create_ = buttons->addButton(tr("C&reate"), QDialogButtonBox::AcceptRole);
  create_->setDefault(true);
  auto* form = new QFormLayout(this);
  form->addRow(tr("&Name:"), name_);
  form->addRow(tr("&Members:"), people_);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(name_, &QLineEdit::textChanged, this,
          [this](const QString& text) { create_->setEnabled(!text.trimmed().isEmpty()); });
  create_->setEnabled(false);
}

void group_dialog::start(const QStringList& people) {
  name_->clear();
  people_->clear();
  for (const auto& p : people) {
    auto* item = new QListWidgetItem(p, people_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Unchecked);
  }
  name_->setFocus();
}

QString group_dialog::name() const {
  return name_->text().trimmed();
}

std::vector<std::string> group_dialog::members() const {
  std::vector<std::string> out;
  for (int i = 0; i < people_->count(); ++i)
    if (people_->item(i)->checkState() == Qt::Checked) out.push_back(people_->item(i)->text().toStdString());
  return out;
}

}  // namespace natter::desktop
