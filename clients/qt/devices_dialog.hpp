#pragma once
// Conversation > Devices and safety number (Ctrl+Shift+D): a contact's
// devices (or the user's own) as the crypto_session knows them: each one's
// name, fingerprint and whether its owner confirmed it (signed it into their
// list); the contact's trust (not verified, verified, CHANGED); the 60-digit
// safety number to compare with theirs out of band (in person, on a call);
// and Mark verified once the numbers match. For the user's own devices:
// Approve on a device not confirmed yet (signs it into the user's list, on
// the device that holds the user's signing key).

#include <QDialog>
#include <optional>
#include <string>
#include <vector>

#include "client/e2ee/crypto_session.hpp"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace natter::desktop {

// What the dialog shows of one user.
struct devices_info {
  user_id user = 0;
  bool self = false;
  std::vector<client::e2ee::device_view> devices;
  client::e2ee::trust state = client::e2ee::trust::unknown;
  std::optional<std::string> safety_number;  // nullopt: one side has no keys yet
};

class devices_dialog : public QDialog {
  Q_OBJECT

 public:
  explicit devices_dialog(QWidget* parent = nullptr);

  // Whose devices are shown (their name), before show_info arrives.
  void show_user(const QString& name);
  void show_info(const devices_info& info);
  void show_error(const QString& text);
  user_id user() const { return user_; }
  QTreeWidget* device_list() const { return devices_; }
  QLabel* trust_label() const { return trust_; }
  QLabel* safety_number_label() const { return number_; }
  QPushButton* verify_button() const { return verify_; }
  QPushButton* approve_button() const { return approve_; }

  // How a trust state reads ("not verified", "verified", "CHANGED …").
  static QString trust_text(client::e2ee::trust t);

 signals:
  void verify_requested(natter::user_id user);
  void approve_requested(const QString& device_id);

 private:
  QString name_;
  user_id user_ = 0;
  QLabel* title_ = nullptr;
  QTreeWidget* devices_ = nullptr;
  QLabel* trust_ = nullptr;
  QLabel* number_ = nullptr;
  QPushButton* verify_ = nullptr;
  QPushButton* approve_ = nullptr;
};

}  // namespace natter::desktop
