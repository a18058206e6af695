#pragma once
// A chat request (or group invitation) to answer: who, what they wrote, and
// Accept, Decline or Later. Shown without taking the keyboard from what the
// user is writing; Conversation > Answer chat request brings it forward.

#include <QDialog>

#include "chat_state.hpp"

class QLabel;
class QPushButton;

namespace natter::desktop {

class request_dialog : public QDialog {
  Q_OBJECT

 public:
  explicit request_dialog(QWidget* parent = nullptr);

  // Shows `r` (replacing what was shown).
  void show_request(const incoming_request& r);
  conversation_id conversation() const { return conversation_; }
  QPushButton* accept_button() const { return accept_; }
  QPushButton* decline_button() const { return decline_; }
  QPushButton* later_button() const { return later_; }
  QLabel* text_label() const { return text_; }

 signals:
  void answered(conversation_id id, bool accept);

 private:
  conversation_id conversation_ = 0;
  QLabel* from_ = nullptr;
  QLabel* text_ = nullptr;
  QPushButton* accept_ = nullptr;
  QPushButton* decline_ = nullptr;
  QPushButton* later_ = nullptr;
};

}  // namespace natter::desktop
