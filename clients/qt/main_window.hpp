#pragma once
// The desktop app's window: the login screen until the user is logged in,
// then the conversation list (unread counts in red, presence dots, last
// messages), the people list, chat requests to accept or decline, and the
// open conversations in tabs. Every action is enabled only when it makes
// sense (see update_actions()).

#include <QMainWindow>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "chat_state.hpp"
#include "client/e2ee/crypto_session.hpp"
#include "client/session_event.hpp"

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QPushButton;
class QStackedWidget;
class QSystemTrayIcon;
class QTabWidget;
class QTimer;

namespace natter::desktop {

class chat_view;
class backup_dialog;
class devices_dialog;
class login_widget;
class media_store;
class profile_dialog;
class request_dialog;
class search_dialog;
class group_dialog;
class room_dialog;
class session_bridge;

class main_window : public QMainWindow {
  Q_OBJECT

 public:
  main_window(session_bridge& bridge, const QString& server, QWidget* parent = nullptr);
  ~main_window() override;

  login_widget* login() const { return login_; }
  QListWidget* conversation_list() const { return conversations_; }
  QListWidget* people_list() const { return people_; }
  QListWidget* request_list() const { return requests_; }
  QPushButton* start_chat_button() const { return start_chat_; }
  QPushButton* accept_button() const { return accept_; }
  QPushButton* decline_button() const { return decline_; }
  QAction* log_out_action() const { return log_out_; }
  QAction* close_tab_action() const { return close_tab_; }
  QAction* end_action() const { return end_; }
  QAction* answer_action() const { return answer_; }
  QAction* mute_action() const { return mute_; }
  QAction* profile_action() const { return profile_; }
  QAction* search_action() const { return search_; }
  QAction* new_group_action() const { return new_group_; }
  QAction* join_room_action() const { return join_room_; }
  QAction* encrypt_action() const { return encrypt_; }
  QAction* devices_action() const { return devices_; }
  QAction* backup_action() const { return backup_; }
  backup_dialog* backup_window() const { return backup_dialog_; }
  // The devices dialog, once opened.
  devices_dialog* devices_window() const { return devices_dialog_; }
  // The dialogs, once opened.
  group_dialog* group_window() const { return group_dialog_; }
  room_dialog* room_window() const { return room_dialog_; }
  // The search dialog, once opened.
  search_dialog* search_window() const { return search_dialog_; }
  // The profile dialog, while open.
  profile_dialog* profile_window() const;
  bool muted(conversation_id id) const { return muted_.count(id) > 0; }
  request_dialog* request_window() const { return request_dialog_; }
  QTabWidget* chat_tabs() const { return tabs_; }
  QLabel* connection_label() const { return connection_; }
  const chat_state* state() const { return state_.get(); }
  // The tab of a conversation, if open.
  chat_view* view_of(conversation_id id) const;
  // Where an attachment is saved: asks with a file dialog unless replaced
  // (tests answer themselves); "" saves nothing.
  using save_path_asker = std::function<QString(const QString& suggested)>;
  void ask_save_path_with(save_path_asker ask) { ask_save_path_ = std::move(ask); }
  media_store* media() const { return media_; }

 signals:
  // A desktop notification (shown by the tray icon, where there is one).
  void notified(const QString& title, const QString& text);

 protected:
  void changeEvent(QEvent* e) override;

 private:
  // main_window.cpp
  void build();
  QWidget* build_sidebar();
  void build_menu();
  void on_signed_in();
  void on_signed_out();
  void on_state(client::connection_state s);
  void open_profile();
  void update_actions();
  void update_title();
  // main_window_lists.cpp
  void refresh_conversations();
  void load_people();
  void render_conversations();
  void render_people(const QStringList& names);
  void render_requests();
  // main_window_chats.cpp
  void on_event(const protocol::event& e);
  void notice(const protocol::event& e);
  void on_membership(const protocol::event& e);
  chat_view* open_chat(conversation_id id, const QString& peer);
  void start_chat();
  // Encrypted chats take `sealed` files (uploaded already) instead of attachments.
  void send_from(chat_view* view, const QString& text, message_id reply_to,
                 const std::vector<protocol::media>& attachments = {},
                 std::vector<client::e2ee::encrypted_file> sealed = {});
  void load_history(conversation_id id);
  void mark_current_read();
  void render_open_chats();
  // main_window_messages.cpp
  void connect_view(chat_view* view);
  void edit_message(message_id id, const QString& text);
  void edit_encrypted(conversation_id c, message_id id, const QString& text);
  void delete_message(message_id id);
  void react(message_id id, const QString& emoji, bool add);
  void send_typing(conversation_id id);
  void show_typing(const protocol::typing_event& e);
  void load_older(conversation_id id);
  // main_window_media.cpp
  void build_media();
  void send_files(chat_view* view, const QString& text, message_id reply_to, const QStringList& files);
  void save_media(const protocol::media& m);
  void save_sealed(const client::e2ee::encrypted_file& f);
  // main_window_search.cpp
  void open_search();
  void run_search(const QString& text, const QString& cursor);
  // Opens conversation `conv` at message `id`, loading older pages (at
  // most `pages_left`) until it is held.
  void reveal(conversation_id conv, message_id id, int pages_left);
  // main_window_e2ee.cpp
  void build_e2ee(QMenu* menu);
  bool encrypted(conversation_id id) const;
  void confirm_encrypt();
  void encrypt_conversation(conversation_id id);
  void on_crypto_notice(const client::e2ee::notice& n);
  QString name_of(user_id id) const;
  void render_encryption();
  void accept_keys(conversation_id id);
  void send_failed(chat_view* view, const std::string& client_msg_id, const QString& text, const client::failure& why);
  void open_devices();
  void approve_device(const QString& device_id);
  void open_backup();
  void backup_setup(const QString& passphrase);
  void backup_restore(const QString& passphrase);
  // main_window_groups.cpp
  void open_new_group();
  void create_group();
  void open_rooms();
  void join_room(const QString& name, conversation_id id, bool member);
  // main_window_requests.cpp
  void answer_request(conversation_id id, bool accept);
  void answer_selected(bool accept);
  void offer_request();
  void close_request_dialog();
  void show_request_dialog();
  // main_window_notify.cpp
  void toggle_mute();
  void load_muted();
  void save_muted() const;
  void update_tray(std::int64_t unread);
  // main_window_end.cpp
  void close_tab(int index);
  void close_chat(conversation_id id);
  void confirm_end();
  void end_conversation(conversation_id id);

  session_bridge& bridge_;
  std::unique_ptr<chat_state> state_;
  QStringList people_names_;
  QStackedWidget* stack_ = nullptr;
  login_widget* login_ = nullptr;
  QListWidget* conversations_ = nullptr;
  QListWidget* people_ = nullptr;
  QListWidget* requests_ = nullptr;
  QPushButton* start_chat_ = nullptr;
  QPushButton* accept_ = nullptr;
  QPushButton* decline_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QLabel* connection_ = nullptr;
  QAction* log_out_ = nullptr;
  QAction* close_tab_ = nullptr;
  QAction* end_ = nullptr;
  QAction* answer_ = nullptr;
  QAction* mute_ = nullptr;
  QAction* profile_ = nullptr;
  QAction* search_ = nullptr;
  search_dialog* search_dialog_ = nullptr;
  QAction* new_group_ = nullptr;
  QAction* join_room_ = nullptr;
  group_dialog* group_dialog_ = nullptr;
  room_dialog* room_dialog_ = nullptr;
  std::set<conversation_id> muted_;  // no notifications (kept per server and user in the settings)
  request_dialog* request_dialog_ = nullptr;
  std::set<conversation_id> later_;  // requests put off with Later: not offered again by themselves
  QSystemTrayIcon* tray_ = nullptr;
  QTimer* typing_expiry_ = nullptr;
  media_store* media_ = nullptr;
  QTimer* thumbnails_shown_ = nullptr;  // renders the chats once for thumbnails arriving together
  save_path_asker ask_save_path_;       // renders the chats again when a typing notice runs out
  QAction* encrypt_ = nullptr;
  QAction* devices_ = nullptr;
  QAction* backup_ = nullptr;
  devices_dialog* devices_dialog_ = nullptr;
  backup_dialog* backup_dialog_ = nullptr;
  // Members whose keys changed and who have not been accepted since: a
  // warning bar in their chats (and for a verified one, sending held).
  std::map<user_id, client::e2ee::trust> changed_keys_;
};

}  // namespace natter::desktop
