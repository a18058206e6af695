#pragma once
// One open conversation: its messages with day separators and, on this
// user's own, ticks (sent, delivered, read; a clock while queued), who is
// typing, and the line to write in. A message is chosen with a click or
// Alt+Up/Alt+Down; Reply (Ctrl+R), Edit (Ctrl+E, or Up in an empty line)
// and Delete (Ctrl+D) act on it, also from its context menu; Escape cancels.
// Scrolling to the top asks for older messages. Files are attached with
// Attach (Ctrl+Shift+A) or dropped onto the view; pictures show as
// thumbnails and other files as links with their size; a click on either
// (or Save in the message's menu, Ctrl+S) saves it. Reactions show as chips
// under their message (count; the user's own highlighted); a click on one,
// or the React entries of the message's menu, adds or takes back the user's.
// Typing "@" offers the members to mention; mentions are marked, and
// messages that mention the user tinted. A view opened from the
// people list before the chat exists is addressed to "@user" until its
// first message creates it.

#include <QElapsedTimer>
#include <QStringList>
#include <QWidget>
#include <string>
#include <vector>

#include "chat_state.hpp"
#include "transcript_browser.hpp"

class QAction;
class QCompleter;
class QStringListModel;
class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;
class QDragEnterEvent;
class QDropEvent;
class QKeyEvent;

namespace natter::desktop {

class media_store;

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
  // Where the thumbnails come from (not owned).
  void set_media(media_store* media);

  // "queued", "sent", "delivered" or "read" for an own message.
  static QString tick_of(const conversation_state& c, seq_t seq);
  // The background of a message that mentions the user.
  QColor mention_colour() const;
  QLineEdit* input() const { return input_; }
  QPushButton* send_button() const { return send_; }
  QTextBrowser* transcript() const { return transcript_; }
  QLabel* typing_label() const { return typing_; }
  QLabel* mode_label() const { return mode_; }
  QAction* reply_action() const { return reply_; }
  QAction* edit_action() const { return edit_; }
  QAction* delete_action() const { return delete_; }
  QAction* save_action() const { return save_; }
  QPushButton* attach_button() const { return attach_; }
  QLabel* attachments_label() const { return attached_; }
  // chat_view_attach.cpp. Adds files to send with the next message (the
  // file dialog and a drop come here); at most max_attachments.
  void attach_files(const QStringList& files);
  const QStringList& attached() const { return files_; }
  static constexpr int max_attachments = 10;  // the server's limit per message
  // chat_view_react.cpp. The emoji offered in the message's menu, and the
  // actions that toggle them on the chosen message (checked: the user's).
  static const QStringList& common_emoji();
  const QList<QAction*>& react_actions() const { return react_; }
  // chat_view_mentions.cpp. The @ completion's list (the user left out).
  QCompleter* mention_completer() const { return completer_; }
  void set_members(const std::vector<std::string>& members);
  // chat_view_e2ee.cpp. The lock over an end-to-end encrypted chat, and
  // the bar that warns of a member's changed keys (with a button to accept
  // them: held, sending waits for it).
  QLabel* lock_label() const { return lock_; }
  QLabel* key_warning_label() const { return warning_; }
  QPushButton* accept_keys_button() const { return accept_keys_; }
  void set_key_warning(const QString& text);
  // The chosen message (0: none).
  message_id selected() const { return selected_; }
  void select(message_id id);
  // Chooses message `id` and scrolls to it.
  void show_message(message_id id);

 signals:
  void send_requested(const QString& text, message_id reply_to);  // reply_to 0: not a reply
  // A message with files to upload first.
  void send_files_requested(const QString& text, message_id reply_to, const QStringList& files);
  // The user wants to save an attachment.
  void save_requested(const natter::protocol::media& m);
  // Add (or take back) the user's reaction `emoji` to message `id`.
  void react_requested(message_id id, const QString& emoji, bool add);
  void edit_requested(message_id id, const QString& text);
  void delete_requested(message_id id);
  void typing();        // the user is writing (at most every few seconds)
  void older_wanted();  // scrolled to the top
  void selection_changed();
  void keys_accepted();  // the warning bar's button

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
  // chat_view_attach.cpp
  void build_attach();
  void choose_files();
  void clear_files();
  void save_selected();
  void open_link(const QUrl& url);
  QString attachments_html(const protocol::message& m) const;
  void dragEnterEvent(QDragEnterEvent* e) override;
  void dropEvent(QDropEvent* e) override;
  // chat_view_e2ee.cpp
  QWidget* build_e2ee();
  void show_lock(bool encrypted);
  // chat_view_mentions.cpp
  void build_mentions();
  void offer_mentions();
  void insert_mention(const QString& name);
  bool mention_key(const QKeyEvent* key);
  // chat_view_react.cpp
  void build_react();
  void update_react();
  bool reacted(const protocol::message& m, const std::string& emoji) const;
  void toggle_reaction(message_id id, const QString& emoji);
  void open_reaction(const QUrl& url);
  QString reactions_html(const protocol::message& m) const;

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
  QStringList files_;  // attached to the next message
  media_store* media_ = nullptr;
  transcript_browser* transcript_ = nullptr;
  QLabel* typing_ = nullptr;
  QLabel* mode_ = nullptr;
  QLineEdit* input_ = nullptr;
  QPushButton* send_ = nullptr;
  QAction* reply_ = nullptr;
  QAction* edit_ = nullptr;
  QAction* delete_ = nullptr;
  QAction* save_ = nullptr;
  QList<QAction*> react_;  // one per common_emoji()
  QStringListModel* members_ = nullptr;
  QCompleter* completer_ = nullptr;
  QPushButton* attach_ = nullptr;
  QLabel* attached_ = nullptr;
  QLabel* lock_ = nullptr;
  QWidget* warning_bar_ = nullptr;
  QLabel* warning_ = nullptr;
  QPushButton* accept_keys_ = nullptr;
};

}  // namespace natter::desktop
