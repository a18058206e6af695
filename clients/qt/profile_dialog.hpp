#pragma once
// The user's profile and status: display name and bio (PATCH /api/v1/me)
// and presence status (presence.set: online, away, busy, invisible, kept by
// the server across logins). Loads the profile when opened; Save sends what
// changed and closes once the server has taken it; errors show in the
// dialog.

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace natter::desktop {

class session_bridge;

class profile_dialog : public QDialog {
  Q_OBJECT

 public:
  // `status`: the status the app knows the user chose ("online" if none).
  profile_dialog(session_bridge& bridge, const QString& status, QWidget* parent = nullptr);

  QLineEdit* display_name_field() const { return name_; }
  QPlainTextEdit* bio_field() const { return bio_; }
  QComboBox* status_box() const { return status_; }
  QPushButton* save_button() const { return save_; }
  QLabel* information() const { return info_; }
  bool loaded() const { return loaded_; }

 signals:
  void status_chosen(const QString& status);

 private:
  void load();
  void save();
  void saved_part(const QString& error);

  session_bridge& bridge_;
  QString name_was_, bio_was_, status_was_;
  QLineEdit* name_ = nullptr;
  QPlainTextEdit* bio_ = nullptr;
  QComboBox* status_ = nullptr;
  QPushButton* save_ = nullptr;
  QLabel* info_ = nullptr;
  bool loaded_ = false;
  int waiting_ = 0;  // parts of a save not answered yet
  QString errors_;
};

}  // namespace natter::desktop
