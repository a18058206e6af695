#include "room_dialog.hpp"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace natter::desktop {

room_dialog::room_dialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Join a room"));
  rooms_ = new QListWidget(this);
  rooms_->setAccessibleName(tr("Rooms"));
  rooms_->setWordWrap(true);
  status_ = new QLabel(this);
  status_->setAccessibleName(tr("Rooms status"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  join_ = buttons->addButton(tr("&Join"), QDialogButtonBox::ActionRole);
  join_->setEnabled(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(rooms_, 1);
  layout->addWidget(status_);
  layout->addWidget(buttons);
  resize(420, 360);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(join_, &QPushButton::clicked, this, &room_dialog::join_current);
  connect(rooms_, &QListWidget::itemActivated, this, &room_dialog::join_current);
  connect(rooms_, &QListWidget::currentRowChanged, this, [this](int row) { join_->setEnabled(row >= 0); });
}

void room_dialog::show_rooms(const std::vector<protocol::room_summary>& rooms,
                             const std::set<conversation_id>& joined) {
  rooms_->clear();
  for (const auto& r : rooms) {
    bool member = joined.count(r.conversation) > 0;
    auto text =
        QString("#%1  (%2)").arg(QString::fromStdString(r.name)).arg(tr("%n member(s)", nullptr, int(r.members)));
    if (member) text += "  " + tr("— joined");
    if (!r.topic.empty()) text += "\n" + QString::fromStdString(r.topic);
    auto* item = new QListWidgetItem(text, rooms_);
    item->setData(Qt::UserRole, QString::fromStdString(r.name));
    item->setData(Qt::UserRole + 1, QVariant::fromValue<qlonglong>(r.conversation));
    item->setData(Qt::UserRole + 2, member);
  }
  status_->setText(rooms.empty() ? tr("There are no rooms yet.") : QString());
  if (!rooms.empty()) rooms_->setCurrentRow(0);
  rooms_->setFocus();
}

void room_dialog::show_error(const QString& text) {
  status_->setText(text);
}

void room_dialog::join_current() {
  auto* item = rooms_->currentItem();
  if (!item) return;
  emit join_requested(item->data(Qt::UserRole).toString(), item->data(Qt::UserRole + 1).toLongLong(),
                      item->data(Qt::UserRole + 2).toBool());
}

}  // namespace natter::desktop
