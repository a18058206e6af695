#pragma once
// The desktop app's window: the login screen until the user is logged in,
// then the conversation list (unread counts in red, presence dots, last
// messages), the people list, chat requests to accept or decline, and the
// open conversations in tabs. Every action is enabled only when it makes
// sense (see update_actions()).

#include <QMainWindow>
#include <memory>

#include "chat_state.hpp"
#include "client/session_event.hpp"

class QAction;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QSystemTrayIcon;
class QTabWidget;

namespace natter::desktop {

class chat_view;
class login_widget;
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
  QTabWidget* chat_tabs() const { return tabs_; }
  QLabel* connection_label() const { return connection_; }
  const chat_state* state() const { return state_.get(); }
  // The tab of a conversation, if open.
  chat_view* view_of(conversation_id id) const;

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
  chat_view* open_chat(conversation_id id, const QString& peer);
  void start_chat();
  void send_from(chat_view* view, const QString& text);
  void answer_request(bool accept);
  void load_history(conversation_id id);
  void mark_current_read();
  void render_open_chats();

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
  QSystemTrayIcon* tray_ = nullptr;
};

}  // namespace natter::desktop
