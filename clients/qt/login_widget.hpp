#pragma once
// The first screen: the server's address, the account, Remember me (where
// the app has somewhere to keep a login), and Log in or Register; what
// happened shows in the information area below.

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace natter::desktop {

class session_bridge;

class login_widget : public QWidget {
  Q_OBJECT

 public:
  login_widget(session_bridge& bridge, const QString& server, QWidget* parent = nullptr);

  QLineEdit* server_field() const { return server_; }
  QLineEdit* login_field() const { return login_; }
  QLineEdit* password_field() const { return password_; }
  QLineEdit* email_field() const { return email_; }
  QCheckBox* remember_box() const { return remember_; }
  QPushButton* login_button() const { return log_in_; }
  QPushButton* register_button() const { return register_; }
  QLabel* information() const { return info_; }

 private:
  void build();
  void update_buttons();
  void show_info(const QString& text, bool error);

  session_bridge& bridge_;
  QLineEdit* server_ = nullptr;
  QLineEdit* login_ = nullptr;
  QLineEdit* password_ = nullptr;
  QLineEdit* email_ = nullptr;
  QCheckBox* remember_ = nullptr;
  QPushButton* log_in_ = nullptr;
  QPushButton* register_ = nullptr;
  QLabel* info_ = nullptr;
  bool busy_ = false;
};

}  // namespace natter::desktop
