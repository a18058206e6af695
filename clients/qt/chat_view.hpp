#pragma once
// One open conversation: its messages with day separators and, on this
// user's own, ticks (sent, delivered, read; a clock while queued), who is
// typing, and the line to write in. A message is chosen with a click or
// Alt+Up/Alt+Down; Reply (Ctrl+R), Edit (Ctrl+E, or Up in an empty line)
// and Delete (Ctrl+D) act on it, also from its context menu; Escape cancels.
// Scrolling to the top asks for older messages. A view opened from the
// people list before the chat exists is addressed to "@user" until its
// first message creates it.

#include <QElapsedTimer>
#include <QWidget>
#include <string>
#include <vector>

#include "chat_state.hpp"

class QAction;
class QLabel;
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
  // Edits and deletions need the server (sends wait in the outbox).
  void set_online(bool online) { online_ = online, update_actions(); }

  // "queued", "sent", "delivered" or "read" for an own message.
  static QString tick_of(const conversation_state& c, seq_t seq);
  QLineEdit* input() const { return input_; }
  QPushButton* send_button() const { return send_; }
  QTextBrowser* transcript() const { return transcript_; }
  QLabel* typing_label() const { return typing_; }
  QLabel* mode_label() const { return mode_; }
  QAction* reply_action() const { return reply_; }
  QAction* edit_action() const { return edit_; }
  QAction* delete_action() const { return delete_; }
  // The chosen message (0: none).
  message_id selected() const { return selected_; }
  void select(message_id id);

 signals:
  void send_requested(const QString& text, message_id reply_to);  // reply_to 0: not a reply
  void edit_requested(message_id id, const QString& text);
  void delete_requested(message_id id);
  void typing();        // the user is writing (at most every few seconds)
  void older_wanted();  // scrolled to the top
  void selection_changed();

 private:
  // chat_view.cpp
  void build();
  void submit();
  void update_send();
  void on_scrolled(int value);
  QColor selection_colour() const;
  QString html_of(const chat_state& state, const conversation_state& c) const;
  QString message_html(const protocol::message& m, const QString& me, const conversation_state& c) const;
  // chat_view_actions.cpp
  void build_actions();
  void update_actions();
  const protocol::message* shown(message_id id) const;
  const protocol::message* latest(bool own) const;
  void step(int delta);
  void begin_reply();
  void begin_edit();
  void cancel_mode();
  void show_menu(const QPoint& at);
  message_id message_at(const QPoint& at) const;
  bool eventFilter(QObject* watched, QEvent* e) override;

  enum class mode { write, reply, edit };
  conversation_id id_;
  QString peer_;
  std::string me_;
  std::vector<protocol::message> shown_;  // as last rendered
  message_id selected_ = 0;
  mode mode_kind_ = mode::write;
  message_id mode_target_ = 0;
  bool rendering_ = false;
  bool online_ = true;
  QElapsedTimer since_typing_;
  QTextBrowser* transcript_ = nullptr;
  QLabel* typing_ = nullptr;
  QLabel* mode_ = nullptr;
  QLineEdit* input_ = nullptr;
  QPushButton* send_ = nullptr;
  QAction* reply_ = nullptr;
  QAction* edit_ = nullptr;
  QAction* delete_ = nullptr;
};

}  // namespace natter::desktop
