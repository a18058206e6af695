#include "login_widget.hpp"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "session_bridge.hpp"

namespace natter::desktop {

namespace {

QLineEdit* field(const QString& name, QWidget* parent) {
  auto* f = new QLineEdit(parent);
  f->setAccessibleName(name);
  f->setObjectName(name);
  return f;
}

}  // namespace

login_widget::login_widget(session_bridge& bridge, const QString& server, QWidget* parent)
    : QWidget(parent), bridge_(bridge) {
  build();
  server_->setText(server);
  connect(&bridge_, &session_bridge::busy_changed, this, [this](bool busy) {
    busy_ = busy;
    update_buttons();
  });
  connect(&bridge_, &session_bridge::info, this, [this](const QString& t) { show_info(t, false); });
  connect(&bridge_, &session_bridge::failed, this, [this](const QString& t) { show_info(t, true); });
  connect(&bridge_, &session_bridge::signed_in_as, this, [this] { password_->clear(); });
  update_buttons();
}

void login_widget::build() {
  server_ = field(tr("Server"), this);
  login_ = field(tr("Username"), this);
  password_ = field(tr("Password"), this);
  password_->setEchoMode(QLineEdit::Password);
  email_ = field(tr("Email (to register)"), this);
  remember_ = new QCheckBox(tr("Re&member me"), this);
  remember_->setAccessibleName(tr("Remember me"));
  remember_->setToolTip(tr("Stay logged in on this computer (the password is not kept)"));
  log_in_ = new QPushButton(tr("&Log in"), this);
  register_ = new QPushButton(tr("&Register"), this);
  log_in_->setDefault(true);
  info_ = new QLabel(this);
  info_->setAccessibleName(tr("Information"));
  info_->setWordWrap(true);
  info_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* form = new QFormLayout;
  form->addRow(tr("&Server"), server_);
  form->addRow(tr("&Username"), login_);
  form->addRow(tr("&Password"), password_);
  form->addRow(tr("&Email"), email_);
  form->addRow(QString(), remember_);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(register_);
  buttons->addWidget(log_in_);
  auto* title = new QLabel(tr("<h2>Natter</h2>"), this);
  auto* layout = new QVBoxLayout(this);
  layout->addStretch();
  layout->addWidget(title, 0, Qt::AlignHCenter);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addWidget(info_);
  layout->addStretch();
  setMaximumWidth(520);

  for (auto* f : {server_, login_, password_, email_})
    connect(f, &QLineEdit::textChanged, this, &login_widget::update_buttons);
  connect(log_in_, &QPushButton::clicked, this,
          [this] { bridge_.sign_in(server_->text(), login_->text(), password_->text(), remember_->isChecked()); });
  connect(password_, &QLineEdit::returnPressed, log_in_, &QPushButton::click);
  connect(register_, &QPushButton::clicked, this, [this] {
    bridge_.sign_up(server_->text(), email_->text(), login_->text(), password_->text(), remember_->isChecked());
  });
}

// Log in needs a server, a name and a password; Register also an email;
// neither while a login is under way or a session runs.
void login_widget::update_buttons() {
  bool idle = !busy_ && !bridge_.signed_in();
  bool account =
      !server_->text().trimmed().isEmpty() && !login_->text().trimmed().isEmpty() && !password_->text().isEmpty();
  log_in_->setEnabled(idle && account);
  register_->setEnabled(idle && account && email_->text().contains('@'));
  for (auto* f : {server_, login_, password_, email_}) f->setEnabled(!busy_);
  remember_->setVisible(bridge_.can_remember());
  remember_->setEnabled(!busy_);
}

void login_widget::show_info(const QString& text, bool error) {
  info_->setText(text);
  info_->setProperty("error", error);
  QPalette p = info_->palette();
  p.setColor(QPalette::WindowText, error ? QColor(0xc0, 0x1c, 0x28) : palette().color(QPalette::WindowText));
  info_->setPalette(p);
  update_buttons();
}

}  // namespace natter::desktop
