#include "main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QVBoxLayout>

#include "backup_dialog.hpp"
#include "chat_view.hpp"
#include "devices_dialog.hpp"
#include "login_widget.hpp"
#include "media_store.hpp"
#include "profile_dialog.hpp"
#include "request_dialog.hpp"
#include "session_bridge.hpp"

namespace natter::desktop {

main_window::main_window(session_bridge& bridge, const QString& server, QWidget* parent)
    : QMainWindow(parent), bridge_(bridge) {
  login_ = new login_widget(bridge_, server, this);
  request_dialog_ = new request_dialog(this);
  connect(request_dialog_, &request_dialog::answered, this, &main_window::answer_request);
  connect(request_dialog_, &QDialog::rejected, this, [this] { later_.insert(request_dialog_->conversation()); });
  connect(request_dialog_, &QDialog::finished, this, [this] { activateWindow(); });  // the keyboard comes back
  build();
  build_menu();
  build_media();
  connect(&bridge_, &session_bridge::signed_in_as, this, &main_window::on_signed_in);
  connect(&bridge_, &session_bridge::signed_out, this, &main_window::on_signed_out);
  connect(&bridge_, &session_bridge::state_changed, this, &main_window::on_state);
  connect(&bridge_, &session_bridge::event_received, this, &main_window::on_event);
  connect(&bridge_, &session_bridge::failed, this, [this](const QString& t) { statusBar()->showMessage(t); });
  if (QSystemTrayIcon::isSystemTrayAvailable()) {
    tray_ = new QSystemTrayIcon(windowIcon(), this);
    tray_->show();
  }
  resize(960, 640);
  update_title();
  update_actions();
}

main_window::~main_window() = default;

void main_window::build() {
  tabs_ = new QTabWidget(this);
  tabs_->setTabsClosable(true);
  tabs_->setMovable(true);
  tabs_->setDocumentMode(true);
  tabs_->setAccessibleName(tr("Open conversations"));
  connect(tabs_, &QTabWidget::tabCloseRequested, this, &main_window::close_tab);
  connect(tabs_, &QTabWidget::currentChanged, this, [this] {
    mark_current_read();
    update_actions();
  });
  auto* split = new QSplitter(this);
  split->addWidget(build_sidebar());
  split->addWidget(tabs_);
  split->setStretchFactor(1, 1);
  split->setSizes({300, 660});

  auto* login_page = new QWidget(this);
  auto* centre = new QHBoxLayout(login_page);
  centre->addWidget(login_);
  stack_ = new QStackedWidget(this);
  stack_->addWidget(login_page);
  stack_->addWidget(split);
  setCentralWidget(stack_);
  connection_ = new QLabel(this);
  connection_->setAccessibleName(tr("Connection"));
  statusBar()->addPermanentWidget(connection_);
}

QWidget* main_window::build_sidebar() {
  conversations_ = new QListWidget(this);
  conversations_->setAccessibleName(tr("Conversations"));
  conversations_->setWordWrap(true);
  connect(conversations_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { open_chat(item->data(Qt::UserRole).toLongLong(), {}); });
  people_ = new QListWidget(this);
  people_->setAccessibleName(tr("People"));
  start_chat_ = new QPushButton(tr("Start &chat"), this);
  connect(people_, &QListWidget::itemSelectionChanged, this, &main_window::update_actions);
  connect(people_, &QListWidget::itemActivated, this, [this] { start_chat(); });
  connect(start_chat_, &QPushButton::clicked, this, &main_window::start_chat);
  auto* people_page = new QWidget(this);
  auto* people_layout = new QVBoxLayout(people_page);
  people_layout->addWidget(people_);
  people_layout->addWidget(start_chat_);
  auto* lists = new QTabWidget(this);
  lists->addTab(conversations_, tr("C&onversations"));
  lists->addTab(people_page, tr("&People"));

  requests_ = new QListWidget(this);
  requests_->setAccessibleName(tr("Chat requests"));
  requests_->setMaximumHeight(110);
  requests_->setWordWrap(true);
  accept_ = new QPushButton(tr("&Accept"), this);
  decline_ = new QPushButton(tr("&Decline"), this);
  connect(requests_, &QListWidget::itemSelectionChanged, this, &main_window::update_actions);
  connect(accept_, &QPushButton::clicked, this, [this] { answer_selected(true); });
  connect(decline_, &QPushButton::clicked, this, [this] { answer_selected(false); });
  auto* box = new QGroupBox(tr("Chat requests"), this);
  auto* box_layout = new QVBoxLayout(box);
  box_layout->addWidget(requests_);
  auto* answers = new QHBoxLayout;
  answers->addWidget(decline_);
  answers->addWidget(accept_);
  box_layout->addLayout(answers);

  auto* side = new QWidget(this);
  auto* layout = new QVBoxLayout(side);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(lists, 1);
  layout->addWidget(box);
  return side;
}

void main_window::build_menu() {
  auto* menu = menuBar()->addMenu(tr("&Natter"));
  profile_ = menu->addAction(tr("&Profile and status…"), this, &main_window::open_profile);
  profile_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
  log_out_ = menu->addAction(tr("&Log out"), &bridge_, &session_bridge::sign_out);
  menu->addSeparator();
  auto* quit = menu->addAction(tr("&Quit"), qApp, &QApplication::quit);
  quit->setShortcut(QKeySequence::Quit);
  auto* chat = menuBar()->addMenu(tr("&Conversation"));
  close_tab_ = chat->addAction(tr("&Close tab"), this, [this] { close_tab(tabs_->currentIndex()); });
  close_tab_->setShortcut(QKeySequence::Close);
  end_ = chat->addAction(tr("&End conversation…"), this, &main_window::confirm_end);
  end_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  answer_ = chat->addAction(tr("Answer chat &request…"), this, &main_window::show_request_dialog);
  answer_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
  mute_ = chat->addAction(tr("&Mute notifications"), this, &main_window::toggle_mute);
  mute_->setCheckable(true);
  mute_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
  search_ = chat->addAction(tr("&Search messages…"), this, &main_window::open_search);
  search_->setShortcut(QKeySequence::Find);
  build_e2ee(chat);
  chat->addSeparator();
  new_group_ = chat->addAction(tr("&New group…"), this, &main_window::open_new_group);
  new_group_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
  join_room_ = chat->addAction(tr("&Join a room…"), this, &main_window::open_rooms);
  join_room_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
}

void main_window::on_signed_in() {
  state_ = std::make_unique<chat_state>(bridge_.username().toStdString());
  load_muted();
  stack_->setCurrentIndex(1);
  conversations_->setFocus();
  update_title();
  update_actions();
}

void main_window::on_signed_out() {
  while (tabs_->count() > 0) delete tabs_->widget(0);
  state_.reset();
  media_->clear();
  conversations_->clear();
  people_->clear();
  requests_->clear();
  request_dialog_->hide();
  later_.clear();
  changed_keys_.clear();
  if (devices_dialog_) devices_dialog_->hide();
  if (backup_dialog_) backup_dialog_->hide();
  stack_->setCurrentIndex(0);
  update_title();
  update_actions();
}

void main_window::on_state(client::connection_state s) {
  using cs = client::connection_state;
  static const char* const names[] = {QT_TR_NOOP("Connecting…"), QT_TR_NOOP("Online"),
                                      QT_TR_NOOP("Reconnecting… messages you send are queued"), QT_TR_NOOP("Offline")};
  connection_->setText(tr(names[static_cast<int>(s)]));
  if (s == cs::online && state_) {
    refresh_conversations();
    load_people();
  }
  update_actions();
}

// What may be done now: log in only when logged out (the login screen),
// log out only when logged in, close a tab only when one is open, end a
// conversation only when it exists and the server can be told, answer a request only when one is chosen
// and the server can be told; messages can always be written once logged
// in (they wait in the outbox while offline).
void main_window::update_actions() {
  bool in = bridge_.signed_in();
  bool online = in && bridge_.state() == client::connection_state::online;
  log_out_->setEnabled(in);
  profile_->setEnabled(online);
  search_->setEnabled(online);
  new_group_->setEnabled(online);
  join_room_->setEnabled(online);
  auto* view = qobject_cast<chat_view*>(tabs_->currentWidget());
  close_tab_->setEnabled(view != nullptr);
  mute_->setEnabled(view && view->conversation() != 0);
  mute_->setChecked(view && muted(view->conversation()));
  for (int i = 0; i < tabs_->count(); ++i)
    if (auto* v = qobject_cast<chat_view*>(tabs_->widget(i))) v->set_online(online);
  end_->setEnabled(online && view && view->conversation() != 0);
  const auto* shown = state_ && view ? state_->find(view->conversation()) : nullptr;
  encrypt_->setEnabled(online && bridge_.crypto() && shown && !shown->info.encrypted &&
                       (shown->info.kind == "direct" || shown->info.kind == "group"));
  devices_->setEnabled(online && bridge_.crypto());
  backup_->setEnabled(online && bridge_.crypto());
  start_chat_->setEnabled(in && !people_->selectedItems().isEmpty());
  bool request = online && !requests_->selectedItems().isEmpty();
  accept_->setEnabled(request);
  decline_->setEnabled(request);
  answer_->setEnabled(state_ && !state_->requests().empty());
  request_dialog_->accept_button()->setEnabled(online);
  request_dialog_->decline_button()->setEnabled(online);
}

void main_window::update_title() {
  QString title = tr("Natter");
  if (state_) {
    title += " — " + bridge_.username();
    if (auto unread = state_->total_unread(); unread > 0) title = QString("(%1) %2").arg(unread).arg(title);
  }
  setWindowTitle(title);
  if (tray_) tray_->setToolTip(title);
  update_tray(state_ ? state_->total_unread() : 0);
}

profile_dialog* main_window::profile_window() const {
  return findChild<profile_dialog*>();
}

void main_window::open_profile() {
  if (!state_) return;
  if (auto* open = profile_window()) return open->activateWindow();
  auto status = QString::fromStdString(state_->presence_of(state_->me()));
  auto* dialog = new profile_dialog(bridge_, status == "offline" ? "online" : status, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &profile_dialog::status_chosen, this, [this](const QString& s) {
    if (state_) state_->apply(protocol::presence_event{state_->me(), s.toStdString(), 0, 0});
  });
  dialog->open();
}

void main_window::changeEvent(QEvent* e) {
  QMainWindow::changeEvent(e);
  if (e->type() == QEvent::ActivationChange && isActiveWindow()) mark_current_read();
  if (e->type() == QEvent::PaletteChange) render_conversations();  // the unread red suits the palette
}

}  // namespace natter::desktop
