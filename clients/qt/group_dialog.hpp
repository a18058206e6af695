#pragma once
// Conversation > New group (Ctrl+G): a name and the people to bring in
// (checked in a list; those without a chat with the user are invited and
// join when they accept). Create is enabled once there is a name.

#include <QDialog>
#include <string>
#include <vector>

class QLineEdit;
class QListWidget;
class QPushButton;

namespace natter::desktop {

class group_dialog : public QDialog {
  Q_OBJECT

 public:
  explicit group_dialog(QWidget* parent = nullptr);

  // Clears the form and offers `people` to check.
  void start(const QStringList& people);
  QString name() const;
  std::vector<std::string> members() const;
  QLineEdit* name_field() const { return name_; }
  QListWidget* people_list() const { return people_; }
  QPushButton* create_button() const { return create_; }

 private:
  QLineEdit* name_ = nullptr;
  QListWidget* people_ = nullptr;
  QPushButton* create_ = nullptr;
};

}  // namespace natter::desktop
