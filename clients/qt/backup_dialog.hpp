#pragma once
// Conversation > Key backup: the user's backup of their group keys on the
// server (docs/security.md, "Key backup"), sealed under a recovery
// passphrase the server never sees. Shows the backup's state; sets one up
// (the passphrase twice, at least 10 characters) or restores one (the
// passphrase once) on a new install, so that it reads old history. The work
// runs on the crypto worker; this dialog only asks and shows.

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace natter::desktop {

class backup_dialog : public QDialog {
  Q_OBJECT

 public:
  // The fewest characters a passphrase may have (the library checks it too).
  static constexpr int min_passphrase = 10;

  explicit backup_dialog(QWidget* parent = nullptr);

  // What the server holds (or why it cannot be read).
  void show_status(const QString& text);
  // How the last set-up or restore ended; the buttons work again.
  void show_result(const QString& text, bool ok);

  QLabel* status_label() const { return status_; }
  QLabel* result_label() const { return result_; }
  QLineEdit* passphrase() const { return passphrase_; }
  QLineEdit* repeat() const { return repeat_; }
  QPushButton* setup_button() const { return setup_; }
  QPushButton* restore_button() const { return restore_; }

 signals:
  void setup_requested(const QString& passphrase);
  void restore_requested(const QString& passphrase);

 private:
  void busy(const QString& text);

  QLabel* status_ = nullptr;
  QLineEdit* passphrase_ = nullptr;
  QLineEdit* repeat_ = nullptr;
  QPushButton* setup_ = nullptr;
  QPushButton* restore_ = nullptr;
  QLabel* result_ = nullptr;
};

}  // namespace natter::desktop
