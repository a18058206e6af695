#pragma once
// Conversation > Search messages (Ctrl+F): words to find in the user's
// conversations (the server's message search), the messages found, newest
// first, a page at a time (More), and Enter or a double click on one opens
// its conversation at that message. Not modal. End-to-end encrypted chats
// are not searched (the server cannot read them): the dialog says so.

#include <QDialog>
#include <functional>

#include "protocol/frames.hpp"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace natter::client {
struct search_results;
}

namespace natter::desktop {

class search_dialog : public QDialog {
  Q_OBJECT

 public:
  explicit search_dialog(QWidget* parent = nullptr);

  // What the server found: a first page (more = false) replaces what is
  // shown, a next page (more = true) adds to it. `title` names a
  // conversation for the list.
  void show_results(const client::search_results& results, bool more,
                    const std::function<QString(conversation_id)>& title);
  void show_error(const QString& text);
  QLineEdit* query_field() const { return query_; }
  QListWidget* results_list() const { return results_; }
  QPushButton* more_button() const { return more_; }
  QLabel* status_label() const { return status_; }

 signals:
  // `cursor` empty: a new search.
  void search_requested(const QString& text, const QString& cursor);
  void open_requested(conversation_id conversation, message_id id, seq_t seq);

 private:
  void start();
  void open_current();

  QString text_;    // the words of the results shown
  QString cursor_;  // their next page ("" : none)
  QLineEdit* query_ = nullptr;
  QPushButton* search_ = nullptr;
  QListWidget* results_ = nullptr;
  QPushButton* more_ = nullptr;
  QLabel* status_ = nullptr;
};

}  // namespace natter::desktop
