#include "devices_dialog.hpp"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace natter::desktop {

namespace {

// What a row of the device list keeps: the device's id, and whether it is
// one of the user's own not confirmed yet.
constexpr int device_id_role = Qt::UserRole;
constexpr int approvable_role = Qt::UserRole + 1;

}  // namespace

devices_dialog::devices_dialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Devices and safety number"));
  title_ = new QLabel(this);
  devices_ = new QTreeWidget(this);
  devices_->setAccessibleName(tr("Devices"));
  devices_->setHeaderLabels({tr("Device"), tr("Name"), tr("Fingerprint"), tr("Confirmed by owner")});
  devices_->setRootIsDecorated(false);
  devices_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  trust_ = new QLabel(this);
  trust_->setAccessibleName(tr("Trust"));
  trust_->setWordWrap(true);
  number_ = new QLabel(this);
  number_->setAccessibleName(tr("Safety number"));
  number_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  number_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  number_->setWordWrap(true);
  verify_ = new QPushButton(tr("&Mark verified"), this);
  verify_->setToolTip(tr("Only when they read out the same number (in person, on a call)."));
  approve_ = new QPushButton(tr("&Approve selected device"), this);
  approve_->setToolTip(tr("Confirms a device of yours: only if you installed it yourself."));
  approve_->setVisible(false);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  buttons->addButton(verify_, QDialogButtonBox::ActionRole);
  buttons->addButton(approve_, QDialogButtonBox::ActionRole);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(verify_, &QPushButton::clicked, this, [this] { emit verify_requested(user_); });
  connect(devices_, &QTreeWidget::currentItemChanged, this,
          [this](QTreeWidgetItem* item) { approve_->setEnabled(item && item->data(0, approvable_role).toBool()); });
  connect(approve_, &QPushButton::clicked, this, [this] {
    if (auto* item = devices_->currentItem(); item && item->data(0, approvable_role).toBool()) {
      emit approve_requested(item->data(0, device_id_role).toString());
    }
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(title_);
  layout->addWidget(devices_, 1);
  layout->addWidget(trust_);
  layout->addWidget(number_);
  layout->addWidget(buttons);
  resize(720, 360);
}

QString devices_dialog::trust_text(client::e2ee::trust t) {
  using client::e2ee::trust;
  switch (t) {
    case trust::unknown:
      return tr("no keys seen yet");
    case trust::unverified:
      return tr("not verified");
    case trust::verified:
      return tr("verified");
    case trust::changed:
      return tr("CHANGED: their keys changed since you first saw them");
    case trust::changed_after_verify:
      return tr("CHANGED after you verified them: accept the new keys in the chat, then compare again");
  }
  return {};
}

void devices_dialog::show_user(const QString& name) {
  name_ = name;
  user_ = 0;
  title_->setText(tr("Devices of %1").arg(name));
  devices_->clear();
  trust_->clear();
  number_->clear();
  verify_->setEnabled(false);
  approve_->setEnabled(false);
}

void devices_dialog::show_info(const devices_info& info) {
  user_ = info.user;
  devices_->clear();
  for (const auto& d : info.devices) {
    auto id = QString::fromStdString(d.device_id);
    if (d.current) id += ' ' + tr("(this device)");
    auto* item = new QTreeWidgetItem(devices_,
                                     {id, QString::fromStdString(d.display_name), QString::fromStdString(d.fingerprint),
                                      d.signed_by_owner ? tr("yes") : tr("no")});
    item->setData(0, device_id_role, QString::fromStdString(d.device_id));
    item->setData(0, approvable_role, info.self && !d.current && !d.signed_by_owner);
  }
  approve_->setVisible(info.self);
  approve_->setEnabled(false);
  if (info.devices.empty()) new QTreeWidgetItem(devices_, {tr("None: no encrypting client used yet")});
  if (info.self) {
    trust_->setText(
        tr("These are your devices. Approve one that is not confirmed only if you installed it "
           "yourself: approving works on the device that holds your signing key."));
    number_->clear();
    verify_->setVisible(false);
    return;
  }
  verify_->setVisible(true);
  trust_->setText(tr("%1: %2").arg(name_, trust_text(info.state)));
  number_->setText(
      info.safety_number
          ? tr("Safety number (compare it with theirs):\n%1").arg(QString::fromStdString(*info.safety_number))
          : tr("No safety number yet: one of you has no keys."));
  verify_->setEnabled(info.safety_number && info.state == client::e2ee::trust::unverified);
}

void devices_dialog::show_error(const QString& text) {
  trust_->setText(text);
}

}  // namespace natter::desktop
