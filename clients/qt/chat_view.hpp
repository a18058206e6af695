#pragma once
// One open conversation: its messages with day separators and, on this
// user's own, ticks (sent, delivered, read; a clock while queued), and the
// line to write in. A view opened from the people list before the chat
// exists is addressed to "@user" until its first message creates it.

#include <QWidget>
#include <string>

#include "chat_state.hpp"

class QLineEdit;
class QPushButton;
class QTextBrowser;

namespace natter::desktop {

class chat_view : public QWidget {
  Q_OBJECT

 public:
  chat_view(conversation_id id, QString peer, QWidget* parent = nullptr);

  conversation_id conversation() const { return id_; }
  void bind(conversation_id id) { id_ = id; }
  const QString& peer() const { return peer_; }
  void render(const chat_state& state);
  void set_can_send(bool can) { can_send_ = can, update_send(); }

  // "queued", "sent", "delivered" or "read" for an own message.
  static QString tick_of(const conversation_state& c, seq_t seq);
  QLineEdit* input() const { return input_; }
  QPushButton* send_button() const { return send_; }
  QTextBrowser* transcript() const { return transcript_; }

 signals:
  void send_requested(const QString& text);

 private:
  void update_send();
  QString html_of(const chat_state& state, const conversation_state& c) const;

  conversation_id id_;
  QString peer_;
  bool can_send_ = true;
  QTextBrowser* transcript_ = nullptr;
  QLineEdit* input_ = nullptr;
  QPushButton* send_ = nullptr;
};

}  // namespace natter::desktop
