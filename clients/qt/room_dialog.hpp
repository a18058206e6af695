#pragma once
// Conversation > Join a room (Ctrl+J): the server's public rooms with their
// topics and member counts (room.list); Join takes the chosen one (one the
// user is in already just opens).

#include <QDialog>
#include <set>
#include <vector>

#include "protocol/frames.hpp"

class QLabel;
class QListWidget;
class QPushButton;

namespace natter::desktop {

class room_dialog : public QDialog {
  Q_OBJECT

 public:
  explicit room_dialog(QWidget* parent = nullptr);

  // `joined`: the conversations the user is in.
  void show_rooms(const std::vector<protocol::room_summary>& rooms, const std::set<conversation_id>& joined);
  void show_error(const QString& text);
  QListWidget* rooms_list() const { return rooms_; }
  QPushButton* join_button() const { return join_; }
  QLabel* status_label() const { return status_; }

 signals:
  void join_requested(const QString& name, conversation_id id, bool member);

 private:
  void join_current();

  QListWidget* rooms_ = nullptr;
  QPushButton* join_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace natter::desktop
